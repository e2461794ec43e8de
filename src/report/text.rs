//! `--format text`: miette diagnostics with the source lines and carets, then a summary line.

use super::Summary;
use crate::check::{Finding, Outcome};
use crate::diagnostic::Severity;
use crate::source::SourceFile;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// A file as miette source, reading only the lines around a span (miette's own `&str` source counts lines
/// from the start of the file for every finding, quadratic on big files with many findings).
struct FileSource<'a> {
    file: &'a SourceFile,
}

impl SourceCode for FileSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.file.text.as_str();
        let start_line = self.file.line_col(span.offset()).line;
        let end_line = self.file.line_col(span.offset() + span.len()).line;
        let first = start_line.saturating_sub(before).max(1);
        let window_start = self.file.line_start(first);
        let window_end = if end_line + after + 1 > self.file.line_col(text.len()).line {
            text.len()
        } else {
            self.file.line_start(end_line + after + 1)
        };
        let window = text.get(window_start..window_end).unwrap_or("");
        let local = SourceSpan::new(
            span.offset().saturating_sub(window_start).into(),
            span.len(),
        );
        let contents = window.read_span(&local, before, after)?;
        let column = if before == 0 {
            // miette counts bytes; our columns count characters.
            self.file.line_col(span.offset()).column - 1
        } else {
            contents.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.display_path.clone(),
            contents.data(),
            SourceSpan::new(
                (contents.span().offset() + window_start).into(),
                contents.span().len(),
            ),
            contents.line() + first - 1,
            column,
            contents.line_count(),
        )))
    }
}

/// One finding as a miette diagnostic.
struct Rendered<'a> {
    finding: &'a Finding,
    source: FileSource<'a>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.diagnostic.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            self.finding.rule.code, self.finding.diagnostic.message
        )
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.finding
            .diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = &self.finding.diagnostic;
        let primary = LabeledSpan::new_primary_with_span(
            Some(self.finding.rule.name.to_string()),
            span(&d.span),
        );
        let secondary = d
            .labels
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), span(&l.span)));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

fn span(range: &std::ops::Range<usize>) -> SourceSpan {
    SourceSpan::new(range.start.into(), range.end.saturating_sub(range.start))
}

pub fn render(outcome: &Outcome, color: bool, quiet: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(110)
        .with_links(false);
    let mut out = String::new();
    for finding in &outcome.findings {
        let rendered = Rendered {
            finding,
            source: FileSource {
                file: &outcome.index.files[finding.diagnostic.file],
            },
        };
        let _ = handler.render_report(&mut out, &rendered);
        out.push('\n');
    }
    if !quiet {
        out.push_str(&summary_line(&Summary::of(outcome)));
        out.push('\n');
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

pub fn summary_line(s: &Summary) -> String {
    let mut line = if s.findings == 0 {
        format!("All clear: no findings in {}.", plural(s.files, "file"))
    } else {
        format!(
            "Found {} ({}, {}, {}) in {} checked.",
            plural(s.findings, "finding"),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info"),
            plural(s.files, "file"),
        )
    };
    if let Some(n) = s.outside_diff {
        line.push_str(&format!(" {n} outside the diff hidden."));
    }
    if let Some(b) = s.baseline {
        line.push_str(&format!(" {} hidden by the baseline", b.hidden));
        if b.stale > 0 {
            line.push_str(&format!(
                "; {} baseline entries are stale (fixed): rewrite it with --write-baseline",
                b.stale
            ));
        }
        line.push('.');
    }
    line
}
