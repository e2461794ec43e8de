//! Runbook documents: the headings of a Markdown file with their GitHub anchors, so RUN002 can tell a
//! missing `#anchor` and RUN003 can tell which sections a runbook has.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: usize,
    pub text: String,
    /// The anchor GitHub gives it (`## Triage steps` → `triage-steps`; repeats get `-1`, `-2`).
    pub slug: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunbookDoc {
    pub headings: Vec<Heading>,
    /// Explicit HTML anchors: `<a name="x">`, `<a id="x">`.
    pub html_anchors: Vec<String>,
}

impl RunbookDoc {
    pub fn parse(text: &str) -> Self {
        let mut doc = RunbookDoc::default();
        let mut fence: Option<&str> = None;
        let mut previous: Option<&str> = None;
        // How often each slug came before: a count, not a scan, so 20k headings stay linear.
        let mut seen_slugs: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for line in text.lines() {
            let trimmed = line.trim_start();
            if let Some(marker) = fence {
                if trimmed.starts_with(marker) {
                    fence = None;
                }
                previous = None;
                continue;
            }
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                fence = Some(&trimmed[..3]);
                previous = None;
                continue;
            }
            collect_html_anchors(line, &mut doc.html_anchors);
            let heading = atx_heading(line).or_else(|| setext_heading(previous, line));
            if let Some((level, text)) = heading {
                let base = slug(&text);
                let seen = seen_slugs.entry(base.clone()).or_insert(0);
                let n = *seen;
                *seen += 1;
                let slug = if n == 0 { base } else { format!("{base}-{n}") };
                doc.headings.push(Heading { level, text, slug });
                previous = None;
                continue;
            }
            previous = (!trimmed.is_empty()).then_some(line);
        }
        doc
    }

    pub fn has_anchor(&self, anchor: &str) -> bool {
        let anchor = anchor.to_lowercase();
        self.headings.iter().any(|h| h.slug == anchor)
            || self.html_anchors.iter().any(|a| a.to_lowercase() == anchor)
    }

    /// The headings a reader sees: all of them, or only those under the anchored heading.
    pub fn section_headings(&self, anchor: Option<&str>) -> Vec<&Heading> {
        let Some(anchor) = anchor else {
            return self.headings.iter().collect();
        };
        let anchor = anchor.to_lowercase();
        let Some(start) = self.headings.iter().position(|h| h.slug == anchor) else {
            return self.headings.iter().collect();
        };
        let level = self.headings[start].level;
        let mut out = vec![&self.headings[start]];
        out.extend(
            self.headings[start + 1..]
                .iter()
                .take_while(|h| h.level > level),
        );
        out
    }
}

impl RunbookDoc {
    /// With an anchor: the headings above the anchored heading's level anywhere in the file (a
    /// top-level `# Escalations` chapter that serves every alert's `## Alert` section). Empty without one.
    pub fn file_wide_headings(&self, anchor: Option<&str>) -> Vec<&Heading> {
        let Some(anchor) = anchor.map(str::to_lowercase) else {
            return Vec::new();
        };
        let Some(level) = self
            .headings
            .iter()
            .find(|h| h.slug == anchor)
            .map(|h| h.level)
        else {
            return Vec::new();
        };
        self.headings.iter().filter(|h| h.level < level).collect()
    }
}

fn atx_heading(line: &str) -> Option<(usize, String)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.chars().take_while(|c| *c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let after = &rest[level..];
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    let text = after.trim().trim_end_matches('#').trim_end();
    Some((level, text.to_string()))
}

fn setext_heading(previous: Option<&str>, line: &str) -> Option<(usize, String)> {
    let previous = previous?.trim();
    let underline = line.trim();
    if previous.is_empty() || underline.is_empty() || atx_heading(previous).is_some() {
        return None;
    }
    let level = if underline.chars().all(|c| c == '=') {
        1
    } else if underline.chars().all(|c| c == '-') && underline.len() >= 2 {
        2
    } else {
        return None;
    };
    Some((level, previous.to_string()))
}

fn collect_html_anchors(line: &str, out: &mut Vec<String>) {
    let mut rest = line;
    while let Some(i) = rest.find("<a ") {
        rest = &rest[i + 3..];
        // A tag ends at `>`; stopping at the next `<` too keeps a line of unclosed `<a ` linear.
        let tag_end = rest.find(['>', '<']).unwrap_or(rest.len());
        let tag = &rest[..tag_end];
        for attr in ["name=\"", "id=\""] {
            if let Some(start) = tag.find(attr) {
                let value = &tag[start + attr.len()..];
                if let Some(end) = value.find('"') {
                    out.push(value[..end].to_string());
                }
            }
        }
    }
}

/// GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens.
pub fn slug(text: &str) -> String {
    // Inline code and links keep their text; markup characters go.
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_slugs_and_sections() {
        let doc = RunbookDoc::parse(
            "# Checkout latency\n\n## Triage\ntext\n```\n# not a heading\n```\n## Mitigation & rollback\n\nEscalation\n----------\n\n# Other\n## Triage\n<a name=\"custom\"></a>\n",
        );
        let slugs: Vec<_> = doc.headings.iter().map(|h| h.slug.as_str()).collect();
        assert_eq!(
            slugs,
            [
                "checkout-latency",
                "triage",
                "mitigation--rollback",
                "escalation",
                "other",
                "triage-1"
            ]
        );
        assert!(doc.has_anchor("Mitigation--Rollback"));
        assert!(doc.has_anchor("custom"));
        assert!(!doc.has_anchor("missing"));
        let section: Vec<_> = doc
            .section_headings(Some("other"))
            .iter()
            .map(|h| h.text.clone())
            .collect();
        assert_eq!(section, ["Other", "Triage"]);
        assert_eq!(doc.section_headings(Some("checkout-latency")).len(), 4);
        let wide: Vec<_> = doc
            .file_wide_headings(Some("triage-1"))
            .iter()
            .map(|h| h.text.clone())
            .collect();
        assert_eq!(wide, ["Checkout latency", "Other"]);
    }
}
