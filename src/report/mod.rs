//! Renderers: one file per output format, all fed the same findings.

pub mod concise;
pub mod coverage;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod noise;
pub mod sarif;
pub mod statistics;
pub mod text;

use crate::diagnostic::Severity;
use crate::finding::{Finding, Outcome};

/// The output formats, one renderer each. clap reads the variants and their docs for `--format`, as
/// ruff's `OutputFormat` does: one list, so a new format cannot be forgotten on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics with source lines and carets.
    Text,
    /// One object, described by schemas/report.schema.json.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and review tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// JUnit XML: one test suite per file, one failed test case per finding.
    Junit,
    /// One line per finding: path:line:col: CODE message.
    Concise,
}

/// Counts for the closing line and the JSON summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub baseline: Option<crate::finding::BaselineStats>,
    pub outside_diff: Option<usize>,
    /// LIV rules were selected but no server was given.
    pub live_not_run: bool,
}

impl Summary {
    pub fn of(outcome: &Outcome) -> Self {
        let count = |s: Severity| outcome.findings.iter().filter(|f| f.severity == s).count();
        Summary {
            files: outcome.files_checked(),
            findings: outcome.findings.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            baseline: outcome.baseline,
            outside_diff: outcome.outside_diff,
            live_not_run: outcome.live_not_run,
        }
    }
}

/// 1-based line and column (in characters) of a finding's start and end, as every format reports them.
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub fn position(outcome: &Outcome, finding: &Finding) -> Position {
    let file = &outcome.index.files[finding.diagnostic.file];
    let start = file.line_col(finding.diagnostic.span.start);
    let end = file.line_col(
        finding
            .diagnostic
            .span
            .end
            .max(finding.diagnostic.span.start),
    );
    Position {
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// Paths as the code host resolves them, for the formats it reads (github annotations, SARIF): relative
/// to the repository's top, not to the working directory, so an Action run with `working-directory`
/// still annotates the right file. The top is `GITHUB_WORKSPACE` when set, else the nearest folder above
/// the working directory that holds `.git`; a file outside it keeps its display path.
pub struct RepositoryPaths {
    top: Option<std::path::PathBuf>,
    paths: std::cell::RefCell<std::collections::HashMap<usize, String>>,
}

impl Default for RepositoryPaths {
    fn default() -> Self {
        let top = std::env::var_os("GITHUB_WORKSPACE")
            .map(std::path::PathBuf::from)
            .or_else(|| {
                let cwd = std::env::current_dir().ok()?;
                cwd.ancestors()
                    .find(|dir| dir.join(".git").exists())
                    .map(std::path::Path::to_path_buf)
            })
            .and_then(|top| top.canonicalize().ok());
        RepositoryPaths {
            top,
            paths: Default::default(),
        }
    }
}

impl RepositoryPaths {
    pub fn path(&self, outcome: &Outcome, file: usize) -> String {
        let source = &outcome.index.files[file];
        let top = &self.top;
        self.paths
            .borrow_mut()
            .entry(file)
            .or_insert_with(|| {
                top.as_ref()
                    .and_then(|top| {
                        let absolute = source.disk_path.canonicalize().ok()?;
                        let relative = absolute.strip_prefix(top).ok()?;
                        Some(relative.to_string_lossy().replace('\\', "/"))
                    })
                    .unwrap_or_else(|| source.display_path.clone())
            })
            .clone()
    }
}

/// The message followed by the help, for formats that have one text field for both.
pub fn message_with_help(finding: &Finding) -> String {
    match &finding.diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", finding.diagnostic.message),
        None => finding.diagnostic.message.clone(),
    }
}

/// How text output looks: only the text format uses these.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    pub color: bool,
    pub quiet: bool,
}

/// Writes a streamed JSON report pretty-printed, with the final newline.
pub(crate) fn write_json(
    report: &impl serde::Serialize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}

/// A streamed report as a string; `empty` when it cannot be written (writing to memory never fails
/// but for a serializer error).
pub(crate) fn json_string(
    write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
    empty: &str,
) -> String {
    let mut out = Vec::new();
    if write(&mut out).is_err() {
        return empty.into();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// A sequence serialized as it is iterated, one element at a time: reports stream their findings.
pub(crate) struct Each<I>(pub I);

impl<I, T> serde::Serialize for Each<I>
where
    I: Iterator<Item = T> + Clone,
    T: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let items = self.0.clone();
        let mut seq = serializer.serialize_seq(items.size_hint().1)?;
        for item in items {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

/// Writes the findings in one format. JSON, SARIF, GitLab and text stream, finding by finding: memory stays
/// proportional to the findings, not to the report.
pub fn write(
    format: Format,
    outcome: &Outcome,
    text: TextOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Text => text::write(outcome, text.color, text.quiet, out),
        Format::Json => json::write(outcome, out),
        Format::Sarif => sarif::write(outcome, out),
        Format::Gitlab => gitlab::write(outcome, out),
        other => out.write_all(render(other, outcome, text).as_bytes()),
    }
}

/// Renders the findings in one format.
pub fn render(format: Format, outcome: &Outcome, text: TextOptions) -> String {
    match format {
        Format::Text => text::render(outcome, text.color, text.quiet),
        Format::Json => json::render(outcome),
        Format::Sarif => sarif::render(outcome),
        Format::Github => github::render(outcome),
        Format::Gitlab => gitlab::render(outcome),
        Format::Junit => junit::render(outcome),
        Format::Concise => concise::render(outcome),
    }
}
