//! A scanned file's text and the byte-offset → line/column mapping used at the output edge.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a file was not read: every reader says which, so a skipped file is never silent.
#[derive(Debug)]
pub enum ReadError {
    /// A FIFO, socket, device or directory: opening one can block forever or never end.
    NotRegular(&'static str),
    /// Over the size limit (bytes).
    TooLarge(u64),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular(kind) => write!(f, "{kind}, not a regular file"),
            ReadError::TooLarge(size) => write!(f, "{size} bytes is over the size limit"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// What a non-regular file is, for the message that says it was skipped.
pub fn file_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Whether the path (links followed) exists and is something other than a regular file.
pub fn is_special(path: &Path) -> Option<&'static str> {
    let meta = std::fs::metadata(path).ok()?;
    (!meta.is_file()).then(|| file_kind(&meta.file_type()))
}

/// Reads a file only if it is a regular file (links followed), never more than `limit` bytes. The only
/// way files are read: opening a FIFO blocks until a writer comes, and a device may never end.
pub fn read_regular(path: &Path, limit: Option<u64>) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(file_kind(&meta.file_type())));
    }
    if limit.is_some_and(|l| meta.len() > l) {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // The path may have been swapped between the check and the open: check what was opened.
    let opened = file.metadata().map_err(ReadError::Io)?;
    if !opened.is_file() {
        return Err(ReadError::NotRegular(file_kind(&opened.file_type())));
    }
    let cap = limit.unwrap_or(u64::MAX);
    let mut bytes = Vec::with_capacity(opened.len().min(cap) as usize);
    // A file that grows while being read still stops at the limit.
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// [`read_regular`] as text.
pub fn read_regular_string(path: &Path, limit: Option<u64>) -> Result<String, ReadError> {
    let bytes = read_regular(path, limit)?;
    // std's own words for this, as `fs::read_to_string` gives them.
    String::from_utf8(bytes).map_err(|_| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

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
    /// Lines (by index) holding only ASCII, where a column is a byte difference: without it, every
    /// finding on a minified one-line file counts the characters before it, quadratic in the findings.
    ascii_lines: Vec<bool>,
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
        let ascii_lines = if text.is_ascii() {
            Vec::new()
        } else {
            let ends = line_starts.iter().skip(1).copied().chain([text.len()]);
            line_starts
                .iter()
                .zip(ends)
                .map(|(&start, end)| text.as_bytes()[start..end].is_ascii())
                .collect()
        };
        SourceFile {
            display_path,
            disk_path,
            root_relative,
            text,
            line_starts,
            ascii_lines,
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
        // An empty table means the whole text is ASCII.
        let ascii = self.ascii_lines.get(line_index).copied().unwrap_or(true);
        let column = if ascii {
            offset - start
        } else {
            self.text
                .get(start..offset)
                .map_or(offset - start, |s| s.chars().count())
        };
        LineCol {
            line: line_index + 1,
            column: column + 1,
        }
    }

    /// The 1-based line of a byte offset (clamped), without counting columns.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// The byte range of a 1-based line, without its line break.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next.saturating_sub(1))
            .max(start);
        start..end
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

/// The content of standard input and the path it stands for (absolute).
pub struct StdinFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl StdinFile {
    /// Whether `path` (as discovery found it) is the file standard input stands for.
    pub fn is(&self, path: &Path) -> bool {
        canonical_or_new(path) == canonical_or_new(&self.path)
    }
}

/// The canonical form of a path that may not exist yet (a new file read from stdin): its folder's
/// canonical path joined with its name.
pub fn canonical_or_new(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| {
        match (
            path.parent().and_then(|p| {
                let p = if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                };
                p.canonicalize().ok()
            }),
            path.file_name(),
        ) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => path.to_path_buf(),
        }
    })
}

/// A string value from a file with the spans of its key and of the value itself: what the fact
/// extractors hand on from a YAML mapping, and what findings point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    pub key_span: std::ops::Range<usize>,
    pub span: std::ops::Range<usize>,
}

/// The first line of a span, so a finding on a long block scalar stays readable.
pub fn first_line(text: &str, span: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let value = text.get(span.clone()).unwrap_or("");
    let len = value.find('\n').unwrap_or(value.len());
    span.start..span.start + len
}

/// A path as findings show it: `/`-separated, without a leading `./`.
pub fn slash(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// `path` relative to `base`, `/`-separated (both made absolute and canonical first; a file that does
/// not exist yet keeps its name); the path as given when it lies outside `base`.
pub fn relative_to(path: &Path, base: &Path) -> String {
    let abs = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        }
    };
    let (path_abs, base_abs) = (abs(path), abs(base));
    let base_abs = base_abs.canonicalize().unwrap_or(base_abs);
    let path_abs = match (
        path_abs.parent().and_then(|p| p.canonicalize().ok()),
        path_abs.file_name(),
    ) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => path_abs,
    };
    match path_abs.strip_prefix(&base_abs) {
        Ok(rel) => slash(rel),
        Err(_) => slash(path),
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
