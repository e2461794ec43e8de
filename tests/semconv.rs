//! The shipped OpenTelemetry data (`data/semconv-attributes.tsv`) is what the generator makes of the
//! semantic-conventions release in `../shared/corpora/semconv` (skipped when that folder is absent).

mod common;

#[test]
fn shipped_data_is_up_to_date_with_the_corpus() {
    let corpus = common::repo().join("../shared/corpora/semconv");
    if !corpus.is_dir() {
        eprintln!("skipped: ../shared/corpora/semconv is not here");
        return;
    }
    let committed =
        std::fs::read_to_string(common::repo().join("data/semconv-attributes.tsv")).unwrap();
    // The commit cannot be read from the files: take it from the committed header.
    let source = committed
        .lines()
        .find_map(|l| l.strip_prefix("# source "))
        .expect("a `# source` header line");
    let generated = obslint::trace::generate::generate(&corpus, source).unwrap();
    let first_difference = generated
        .text
        .lines()
        .zip(committed.lines())
        .position(|(a, b)| a != b);
    assert!(
        generated.text == committed,
        "data/semconv-attributes.tsv is stale (first difference at line {:?}); regenerate it: cargo run --example gen_semconv -- ../shared/corpora/semconv --commit <sha> > data/semconv-attributes.tsv",
        first_difference.map(|i| i + 1)
    );
}
