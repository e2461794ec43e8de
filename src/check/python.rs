//! Reading one Python file into facts, through the persistent cache when there is one.

use super::{read_bytes, wants, FileFacts, Pending, SKIPPED_CODE};
use crate::cache::{self, Cache};
use crate::diagnostic::Diagnostic;
use crate::discover::{Candidate, CATALOG_FAMILIES};
use crate::python::ParsedPython;
use crate::settings::Settings;
use crate::source::SourceFile;

const PY_SYNTAX_CODE: &str = crate::rules::py::python_syntax_error::CODE;

/// A file's facts from the cache without reading it, when its size and modification time say it has
/// not changed since they were recorded and its text is not needed; or, when the text is needed,
/// after reading it and finding the recorded hash. None: read it as usual.
pub(super) fn from_cache(
    file: usize,
    c: &Candidate,
    settings: &Settings,
    cache: &Cache,
) -> Option<FileFacts> {
    if !c.python
        || c.special.is_some()
        || c.size > settings.max_file_size
        || from_stdin(c, settings)
    {
        return None;
    }
    let entry = cache.by_stat(&c.root_relative, c.size, c.modified)?;
    let parsed: Option<ParsedPython> = cache::decode(&entry.facts)?;
    let text = if entry.needs_text {
        let bytes = read_bytes(settings, &c.disk_path).ok()?;
        if cache::content_hash(&bytes) != entry.hash {
            return None;
        }
        Some(into_text(bytes))
    } else {
        None
    };
    let mut facts = FileFacts::empty(c);
    fill(file, c, &mut facts, parsed, text);
    facts.pending = Some(Pending {
        hash: entry.hash,
        facts: entry.facts.clone(),
    });
    Some(facts)
}

/// The standard-input file stands for a path whose disk content is not what is checked.
fn from_stdin(c: &Candidate, settings: &Settings) -> bool {
    settings.stdin.as_ref().is_some_and(|s| s.is(&c.disk_path))
}

/// A Python file: skipped unless it could hold a leak, or define an entry point or metric the
/// instrumentation checks start from; else parsed into facts (or taken from the cache, when its
/// content is what the cache recorded).
pub(super) fn read(
    file: usize,
    c: &Candidate,
    settings: &Settings,
    cache: Option<&Cache>,
    facts: &mut FileFacts,
) {
    let bytes = match read_bytes(settings, &c.disk_path) {
        Ok(bytes) => bytes,
        Err(e) => {
            // Said out loud: a Python file that was never read cannot be vouched for.
            facts.diagnostics.push(
                Diagnostic::new(
                    SKIPPED_CODE,
                    file,
                    0..0,
                    format!("skipped: cannot read the file: {e}"),
                )
                .with_help("fix the file's permissions, or add it to `exclude`"),
            );
            return;
        }
    };
    let cache = cache.filter(|_| !from_stdin(c, settings));
    let hash = cache.map(|_| cache::content_hash(&bytes));
    if let (Some(cache), Some(hash)) = (cache, hash) {
        let known = cache.by_hash(&c.root_relative, &hash);
        if let Some((entry, parsed)) =
            known.and_then(|e| Some((e, cache::decode::<Option<ParsedPython>>(&e.facts)?)))
        {
            let text = parsed.is_some().then(|| into_text(bytes));
            fill(file, c, facts, parsed, text);
            facts.pending = Some(Pending {
                hash,
                facts: entry.facts.clone(),
            });
            return;
        }
    }
    let parsed = parse(c, settings, &bytes);
    if let Some(hash) = hash {
        facts.pending = Some(Pending {
            hash,
            facts: cache::encode(&parsed),
        });
    }
    let text = parsed.is_some().then(|| into_text(bytes));
    fill(file, c, facts, parsed, text);
}

fn into_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The facts of one parse, read or cached, as the run holds them.
fn fill(
    file: usize,
    c: &Candidate,
    facts: &mut FileFacts,
    parsed: Option<ParsedPython>,
    text: Option<String>,
) {
    let Some(parsed) = parsed else {
        return;
    };
    if let Some(span) = &parsed.syntax_error {
        facts.diagnostics.push(
            Diagnostic::new(
                PY_SYNTAX_CODE,
                file,
                span.clone(),
                "Python syntax error; the rest of the file is still checked",
            )
            .with_help("fix the syntax: findings near this point may be missing"),
        );
    }
    if let Some(text) = text {
        facts.source = SourceFile::new(
            c.display_path.clone(),
            c.disk_path.clone(),
            c.root_relative.clone(),
            text,
        );
    }
    facts.python = Some(parsed.into_facts(file));
}

/// What the checks need of a Python file's bytes; None when nothing in it concerns an enabled check.
fn parse(c: &Candidate, settings: &Settings, bytes: &[u8]) -> Option<ParsedPython> {
    let leaks_wanted = wants(settings, &["PII", "PY"]);
    let structure_wanted = wants(settings, CATALOG_FAMILIES);
    let could_leak = leaks_wanted && crate::python::prefilter::worth_parsing(bytes);
    let has_structure = structure_wanted
        && (crate::python::prefilter::defines_structure(bytes)
            || settings
                .python
                .critical_paths
                .iter()
                .any(|p| p.path.is_match(&c.root_relative)));
    let has_spans = wants(settings, &["TRC"]) && crate::python::prefilter::uses_spans(bytes);
    let has_repr = leaks_wanted && crate::python::prefilter::defines_repr(bytes);
    if !could_leak && !has_structure && !has_spans && !has_repr {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let model = crate::python::extract::extract_with(&text, has_structure);
    // Example, demo and scaffold code is read for syntax but not for leaks: its logs are nobody's
    // production logs (the same folders are not apps for INS either).
    let leaks = if could_leak && !crate::python::paths::is_dev_path(&c.root_relative) {
        let cx = crate::python::sinks::FileContext::new(&model, &settings.python.logger_objects)
            .with_path(&c.root_relative);
        crate::python::flow::leaks(&model, &cx, &settings.python.redaction_functions)
    } else {
        Vec::new()
    };
    let spans = if has_spans {
        crate::python::spans::spans(&model)
    } else {
        Default::default()
    };
    let repr_classes = model
        .classes
        .iter()
        .map(|c| (c.name.clone(), c.repr_hides_secrets))
        .collect();
    Some(ParsedPython {
        syntax_error: model.syntax_error.clone(),
        leaks,
        spans,
        repr_classes,
        model: has_structure.then_some(model),
    })
}
