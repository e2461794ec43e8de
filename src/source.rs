//! A scanned file's text and the byte-offset → line/column mapping used at the output edge.

use std::path::PathBuf;

/// One file as read from disk. Spans everywhere else are byte ranges into `text`.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as the user should see it: relative to the working directory, `/`-separated.
    pub display_path: String,
    /// Path on disk, for reading neighbours (runbooks).
    pub disk_path: PathBuf,
    /// Relative to the project root, `/`-separated: what config globs match.
    pub root_relative: String,
    pub text: String,
    line_starts: Vec<usize>,
}

/// A 1-based line and a 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(
        display_path: String,
        disk_path: PathBuf,
        root_relative: String,
        text: String,
    ) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            display_path,
            disk_path,
            root_relative,
            text,
            line_starts,
        }
    }

    /// Line and column of a byte offset; offsets past the end clamp to the end.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_index];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        LineCol {
            line: line_index + 1,
            column: column + 1,
        }
    }

    /// Byte offset of the start of a 1-based line (clamped).
    pub fn line_start(&self, line: usize) -> usize {
        let i = line.saturating_sub(1).min(self.line_starts.len() - 1);
        self.line_starts[i]
    }

    /// The text of a span, or "" when the span does not fall on char boundaries.
    pub fn slice(&self, span: &std::ops::Range<usize>) -> &str {
        self.text.get(span.clone()).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = SourceFile::new("a".into(), "a".into(), "a".into(), "é: x\nab\n".into());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        // "x" is at byte 4 (é is two bytes) but character column 4.
        assert_eq!(f.line_col(4), LineCol { line: 1, column: 4 });
        assert_eq!(f.line_col(7), LineCol { line: 2, column: 2 });
        assert_eq!(f.line_col(999), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_start(2), 6);
    }
}
