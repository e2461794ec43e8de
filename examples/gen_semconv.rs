//! Writes obslint's shipped OpenTelemetry attribute data (`data/semconv-attributes.tsv`) from a checkout
//! of open-telemetry/semantic-conventions, read with obslint's own registry parser.
//!
//! Usage: cargo run --example gen_semconv -- SEMCONV_DIR --commit SHA > data/semconv-attributes.tsv

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, commit) = match args.as_slice() {
        [dir, flag, commit] if flag == "--commit" => (PathBuf::from(dir), commit.clone()),
        _ => {
            eprintln!("usage: gen_semconv SEMCONV_DIR --commit SHA > data/semconv-attributes.tsv");
            return ExitCode::from(2);
        }
    };
    let source = format!("open-telemetry/semantic-conventions@{commit}");
    match obslint::trace::generate::generate(&dir, &source) {
        Ok(generated) => {
            for w in &generated.warnings {
                eprintln!("warning: {w}");
            }
            print!("{}", generated.text);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
