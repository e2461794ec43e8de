//! `--format text`: miette diagnostics with the source lines and carets, then a summary line.

use super::Summary;
use crate::diagnostic::Severity;
use crate::finding::{Finding, Outcome};
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

/// Lines longer than this are shown cut around the finding: miette draws every column up to the span
/// (a format width, which panics past 65,535), and nobody reads a minified line in a terminal anyway.
const MAX_SHOWN_LINE_BYTES: usize = 4096;
/// Characters shown on each side of the finding's start on a cut line.
const CUT_CONTEXT_CHARS: usize = 60;

/// A cut of one long line, as miette source: what it shows is the window, at the real line and column.
struct CutSource<'a> {
    file: &'a SourceFile,
    window: std::ops::Range<usize>,
}

impl SourceCode for CutSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let data = self.file.slice(&self.window);
        let line = self.file.line_of(self.window.start);
        let column = if before == 0 {
            self.file.line_col(span.offset()).column - 1
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.display_path.clone(),
            data.as_bytes(),
            SourceSpan::new(self.window.start.into(), data.len()),
            line - 1,
            column,
            1,
        )))
    }
}

/// The window of the primary span's line that a cut shows, when a line the finding touches is too long.
fn cut_window(file: &SourceFile, finding: &Finding) -> Option<std::ops::Range<usize>> {
    let d = &finding.diagnostic;
    let long = |offset: usize| file.line_range(file.line_of(offset)).len() > MAX_SHOWN_LINE_BYTES;
    let touched = [d.span.start, d.span.end]
        .into_iter()
        .chain(d.labels.iter().flat_map(|l| [l.span.start, l.span.end]));
    if !touched.into_iter().any(long) {
        return None;
    }
    let line = file.line_range(file.line_of(d.span.start));
    let at = d.span.start.clamp(line.start, line.end);
    let before = file.text.get(line.start..at)?;
    let start = before
        .char_indices()
        .rev()
        .nth(CUT_CONTEXT_CHARS)
        .map_or(line.start, |(i, _)| line.start + i);
    let after = file.text.get(at..line.end)?;
    let end = after
        .char_indices()
        .nth(2 * CUT_CONTEXT_CHARS)
        .map_or(line.end, |(i, _)| at + i);
    Some(start..end)
}

/// Where a finding's source comes from: the whole lines around it, or a cut of one long line.
enum Source<'a> {
    Lines(FileSource<'a>),
    Cut(CutSource<'a>),
}

/// One finding as a miette diagnostic.
struct Rendered<'a> {
    finding: &'a Finding,
    source: Source<'a>,
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
        match &self.source {
            Source::Lines(s) => Some(s),
            Source::Cut(s) => Some(s),
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = &self.finding.diagnostic;
        // On a cut, every span is clipped to the window, and labels outside it are left out.
        let window = match &self.source {
            Source::Cut(c) => Some(c.window.clone()),
            Source::Lines(_) => None,
        };
        let clip = move |r: &std::ops::Range<usize>| match &window {
            None => Some(r.clone()),
            Some(w) => {
                let start = r.start.clamp(w.start, w.end);
                let end = r.end.clamp(start, w.end);
                (r.start < w.end && r.end >= w.start).then_some(start..end)
            }
        };
        let primary = LabeledSpan::new_primary_with_span(
            Some(self.finding.rule.name.to_string()),
            span(&clip(&d.span).unwrap_or(d.span.start..d.span.start)),
        );
        let secondary = d.labels.iter().filter_map(move |l| {
            let r = clip(&l.span)?;
            Some(LabeledSpan::new_with_span(
                Some(l.message.clone()),
                span(&r),
            ))
        });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

fn span(range: &std::ops::Range<usize>) -> SourceSpan {
    SourceSpan::new(range.start.into(), range.end.saturating_sub(range.start))
}

pub fn render(outcome: &Outcome, color: bool, quiet: bool) -> String {
    let mut out = Vec::new();
    let _ = write(outcome, color, quiet, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the findings one at a time: the report is never held whole.
pub fn write(
    outcome: &Outcome,
    color: bool,
    quiet: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
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
        out.clear();
        let file = &outcome.index.files[finding.diagnostic.file];
        let source = match cut_window(file, finding) {
            Some(window) => Source::Cut(CutSource { file, window }),
            None => Source::Lines(FileSource { file }),
        };
        let rendered = Rendered { finding, source };
        let _ = handler.render_report(&mut out, &rendered);
        out.push('\n');
        w.write_all(out.as_bytes())?;
    }
    if !quiet {
        writeln!(w, "{}", summary_line(&Summary::of(outcome)))?;
    }
    Ok(())
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
    if s.live_not_run {
        line.push_str(" Live checks (LIV) not run: no Prometheus server given (--prometheus URL).");
    }
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
