//! Suppression comments in rule files: `# obslint: ignore[RUN001]` on the offending line or directly above
//! a rule item (then it covers the whole rule), `# obslint: ignore-file[ALR003]` among the file's leading
//! comments, each with an optional expiry `until=2026-12-31`. In Python, a comment above a decorated
//! function covers its decorators and its `def` line. After the expiry the findings come back and
//! OBS002 points at the comment; a suppression that suppresses nothing is OBS003.

use crate::alerts::model::RuleDocument;
use crate::codes::expand_selector;
use crate::source::SourceFile;
use std::ops::Range;
use std::sync::OnceLock;

#[derive(Debug, Clone)]
pub struct Suppression {
    /// The comment itself, where OBS002/OBS003 point.
    pub span: Range<usize>,
    /// Byte range of the file it covers.
    pub covers: Range<usize>,
    /// Each selector as written, with the codes it names (empty for an unknown selector).
    pub selectors: Vec<(String, Vec<&'static str>)>,
    /// The last day it applies, as written.
    pub until: Option<String>,
    pub expired: bool,
}

impl Suppression {
    /// Which selector (index) suppresses `code` at `offset`, if any.
    pub fn matches(&self, code: &str, offset: usize) -> Option<usize> {
        // An empty range still covers its own start (a whole-file note in an empty file).
        let covered = self.covers.contains(&offset)
            || (self.covers.is_empty() && self.covers.start == offset);
        if self.expired || !covered {
            return None;
        }
        self.selectors
            .iter()
            .position(|(_, codes)| codes.contains(&code))
    }
}

fn pattern() -> &'static regex::Regex {
    static PATTERN: OnceLock<regex::Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        regex::Regex::new(r"#\s*obslint:\s*(ignore-file|ignore)\[([^\]]*)\](?:\s+until=(\S+))?")
            .expect("a constant, valid pattern")
    })
}

fn noqa_pattern() -> &'static regex::Regex {
    static PATTERN: OnceLock<regex::Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        regex::Regex::new(r"#\s*noqa:\s*([A-Za-z0-9_, ]+)").expect("a constant, valid pattern")
    })
}

/// `# noqa: E501, PII001` in Python: our codes only; other tools' codes are theirs to judge.
fn noqa(file: &SourceFile) -> Vec<Suppression> {
    let text = file.text.as_str();
    let mut out = Vec::new();
    for (start, line) in line_offsets(text) {
        let Some(caps) = noqa_pattern().captures(line) else {
            continue;
        };
        let (Some(whole), Some(codes)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let selectors: Vec<(String, Vec<&'static str>)> = codes
            .as_str()
            .split(',')
            .map(str::trim)
            .filter(|c| {
                crate::codes::ALL
                    .iter()
                    .any(|(code, _)| code.starts_with(*c) && !c.is_empty())
            })
            .map(|c| (c.to_string(), expand_selector(c).unwrap_or_default()))
            .collect();
        if selectors.is_empty() {
            continue;
        }
        out.push(Suppression {
            span: start + whole.start()..start + whole.end(),
            covers: start..start + line.len(),
            selectors,
            until: None,
            expired: false,
        });
    }
    out
}

/// Finds the suppression comments of a rule file or Python file. `today` is `YYYY-MM-DD`.
pub fn parse(file: &SourceFile, documents: &[RuleDocument], today: &str) -> Vec<Suppression> {
    let text = file.text.as_str();
    let python = file.display_path.ends_with(".py") || file.display_path.ends_with(".pyi");
    let mut out = if python && text.contains("noqa") {
        noqa(file)
    } else {
        Vec::new()
    };
    if !text.contains("obslint:") {
        return out;
    }
    let mut rule_spans: Vec<Range<usize>> = documents
        .iter()
        .flat_map(|d| {
            d.groups
                .iter()
                .flat_map(|g| g.rules.iter().map(|r| r.span.clone()))
        })
        .collect();
    // Sorted, so the rule on a line is a binary search, not a scan per comment.
    rule_spans.sort_by_key(|s| s.start);
    // The rule item that starts on the line beginning at `line_start`, if any.
    let rule_starting_on = |line_start: usize, line_end: usize| {
        let first = rule_spans.partition_point(|s| s.start < line_start);
        rule_spans
            .get(first)
            .filter(|s| s.start < line_end.max(line_start + 1))
            .cloned()
    };
    let lines: Vec<(usize, &str)> = line_offsets(text);
    // For each line, the next line with content (not blank, not a comment): computed once from the end,
    // so 100k comment lines in a row do not each scan forward to the same code line.
    let mut next_content: Vec<Option<usize>> = vec![None; lines.len()];
    for i in (0..lines.len().saturating_sub(1)).rev() {
        let t = lines[i + 1].1.trim_start();
        next_content[i] = if !t.is_empty() && !t.starts_with('#') {
            Some(i + 1)
        } else {
            next_content[i + 1]
        };
    }
    let mut in_header = true;
    for (i, &(start, line)) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let standalone = trimmed.starts_with('#');
        let Some(caps) = pattern().captures(line) else {
            in_header &= trimmed.is_empty() || standalone || trimmed == "---";
            continue;
        };
        let Some(whole) = caps.get(0) else { continue };
        // A YAML comment starts at the line start or after white space.
        if whole.start() > 0 && !line[..whole.start()].ends_with([' ', '\t']) {
            continue;
        }
        let kind = caps.get(1).map_or("", |m| m.as_str());
        let selectors = caps
            .get(2)
            .map_or("", |m| m.as_str())
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| (s.to_string(), expand_selector(s).unwrap_or_default()))
            .collect();
        let until = caps.get(3).map(|m| m.as_str().to_string());
        let expired = until.as_deref().is_some_and(|u| u < today || !is_date(u));
        let covers = if kind == "ignore-file" {
            if !in_header {
                continue; // Only at the top, where a reader looks for it.
            }
            0..text.len()
        } else if standalone {
            // Directly above: the next line with content, or the whole rule item that starts there.
            match next_content[i].and_then(|j| lines.get(j)) {
                Some(&(next_start, next_line))
                    if python && next_line.trim_start().starts_with('@') =>
                {
                    decorated_through_def(&lines, next_start)
                }
                Some(&(next_start, next_line)) => {
                    rule_starting_on(next_start, next_start + next_line.len())
                        .unwrap_or(next_start..next_start + next_line.len())
                }
                None => continue,
            }
        } else {
            rule_starting_on(start, start + line.len()).unwrap_or(start..start + line.len())
        };
        if !standalone {
            in_header = false;
        }
        out.push(Suppression {
            span: start + whole.start()..start + whole.end(),
            covers,
            selectors,
            until,
            expired,
        });
    }
    out
}

/// More lines of decorators than anyone writes above one `def`.
const MAX_DECORATOR_LINES: usize = 200;

/// A comment above a decorated function covers its decorators and its `def`/`class` line, where the
/// function's findings point: the comment sits where a reader puts it, above the whole definition.
fn decorated_through_def(lines: &[(usize, &str)], first_decorator: usize) -> Range<usize> {
    let from = lines.partition_point(|(start, _)| *start < first_decorator);
    // Bounded: a file of decorators with no `def` must not make each suppression scan to its end.
    let end = lines[from..]
        .iter()
        .take(MAX_DECORATOR_LINES)
        .find(|(_, l)| {
            let t = l.trim_start();
            ["def ", "async def ", "class "]
                .iter()
                .any(|k| t.starts_with(k))
        })
        .map_or(first_decorator, |(start, l)| start + l.len());
    first_decorator..end.max(first_decorator)
}

/// `YYYY-MM-DD` with plausible numbers; anything else counts as expired so a typo cannot suppress forever.
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && parts[1].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && parts[2].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

fn line_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push((start, line.trim_end_matches(['\n', '\r'])));
        start += line.len();
    }
    out
}

/// Today's date in UTC as `YYYY-MM-DD` (civil-from-days, Howard Hinnant's algorithm).
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = crate::duration::civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_date() {
        let t = today();
        assert!(is_date(&t), "{t}");
        assert!(t.as_str() >= "2024-01-01");
    }

    #[test]
    fn finds_line_above_and_file_suppressions() {
        let text = "# obslint: ignore-file[ALR003]\ngroups:\n- name: g\n  rules:\n  # obslint: ignore[RUN001] until=2000-01-01\n  - alert: A  # obslint: ignore[ALR001, NOPE]\n    expr: up\n";
        let f = SourceFile::new("r.yml".into(), "r.yml".into(), "r.yml".into(), text.into());
        let found = parse(&f, &[], "2026-11-24");
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].covers, 0..text.len());
        assert!(found[1].expired);
        assert_eq!(
            &text[found[1].covers.clone()],
            "  - alert: A  # obslint: ignore[ALR001, NOPE]"
        );
        assert_eq!(found[2].selectors.len(), 2);
        assert!(
            found[2].selectors[1].1.is_empty(),
            "unknown selector kept, naming no rule"
        );
        assert!(!is_date("2026-13-01") && !is_date("tomorrow") && is_date("2026-12-31"));
    }
}
