//! `obslint init`: a commented starter config with the layout it finds filled in: where the rule files
//! and runbooks are, the scrape interval from a `prometheus.yml`, and runbook base URLs from the GitHub
//! remote. It never overwrites an existing config.

use crate::alerts::extract::{classify, DocumentRole};
use crate::yaml::load::load_documents;
use std::path::{Path, PathBuf};

/// What was found in the repository.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Layout {
    pub rule_dirs: Vec<String>,
    pub runbook_dir: Option<String>,
    pub scrape_interval: Option<String>,
    pub runbook_base_url: Option<String>,
}

/// Looks at the tree below `root` (respecting .gitignore) without running anything.
pub fn detect(root: &Path) -> Layout {
    let mut layout = Layout::default();
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(false)
        .max_depth(Some(8))
        .build();
    for entry in walker.flatten() {
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if is_file && (ext == "yml" || ext == "yaml") {
            let Ok(text) = crate::source::read_regular_string(path, Some(4 * 1024 * 1024)) else {
                continue;
            };
            if text.len() > 4 * 1024 * 1024
                || !text.contains("groups") && !text.contains("scrape_interval")
            {
                continue;
            }
            let Ok(docs) = load_documents(&text) else {
                continue;
            };
            if docs
                .iter()
                .any(|d| classify(d, false) != DocumentRole::Other)
            {
                let dir = rel
                    .rsplit_once('/')
                    .map_or(".".to_string(), |(d, _)| d.to_string());
                if !layout.rule_dirs.contains(&dir) {
                    layout.rule_dirs.push(dir);
                }
            }
            if layout.scrape_interval.is_none() {
                layout.scrape_interval = docs.iter().find_map(|d| {
                    d.get("global")?
                        .get("scrape_interval")?
                        .as_str()
                        .map(str::to_string)
                });
            }
        }
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        if is_dir && layout.runbook_dir.is_none() && rel.to_lowercase().ends_with("runbooks") {
            layout.runbook_dir = Some(rel);
        }
    }
    layout.rule_dirs.sort();
    layout.runbook_base_url = github_blob_url(root);
    layout
}

/// `https://github.com/ORG/REPO/blob/BRANCH/` from `.git/config`'s origin and `.git/HEAD`.
fn github_blob_url(root: &Path) -> Option<String> {
    let git = root.join(".git");
    let config = std::fs::read_to_string(git.join("config")).ok()?;
    let mut in_origin = false;
    let mut url = None;
    for line in config.lines().map(str::trim) {
        if line.starts_with('[') {
            in_origin = line == "[remote \"origin\"]";
        } else if in_origin {
            if let Some(v) = line.strip_prefix("url") {
                url = Some(v.trim_start_matches([' ', '=']).trim().to_string());
            }
        }
    }
    let url = url?;
    let path = url
        .strip_prefix("git@github.com:")
        .or_else(|| url.strip_prefix("https://github.com/"))
        .or_else(|| url.strip_prefix("ssh://git@github.com/"))?;
    let path = path.trim_end_matches('/').trim_end_matches(".git");
    let head = std::fs::read_to_string(git.join("HEAD")).ok();
    let branch = head
        .as_deref()
        .and_then(|h| h.trim().strip_prefix("ref: refs/heads/"))
        .unwrap_or("main");
    Some(format!("https://github.com/{path}/blob/{branch}/"))
}

/// The starter config, with the detected layout and the conventions learned from the rules filled in
/// and everything else commented.
pub fn render(layout: &Layout, learned: &[crate::alerts::settings::Item]) -> String {
    let mut s = String::from(
        "# obslint configuration: https://github.com/obslint/obslint#configuration\n\
         # Every key is optional; the commented values are the defaults.\n\n\
         # Globs skipped on top of .gitignore.\n\
         exclude = []\n\n\
         [rules]\n\
         # select = [\"ALL\"]             # codes or families: FAMILIES\n\
         # ignore = []\n\
         # severity = { PQL003 = \"error\" }\n\n\
         [alerts]\n",
    )
    .replace("FAMILIES", &crate::rules::registry::families().join(", "));
    if layout.rule_dirs.is_empty() {
        s.push_str("# No rule files found yet; obslint finds them anywhere (`groups:` or kind: PrometheusRule).\n");
    } else {
        s.push_str(&format!(
            "# Rule files found in: {}\n",
            layout.rule_dirs.join(", ")
        ));
    }
    match &layout.scrape_interval {
        Some(i) => s.push_str(&format!(
            "scrape-interval = \"{i}\"          # from prometheus.yml\n"
        )),
        None => s.push_str(
            "# scrape-interval = \"1m\"        # your Prometheus global.scrape_interval\n",
        ),
    }
    match &layout.runbook_base_url {
        Some(url) => s.push_str(&format!(
            "runbook-base-urls = [\"{url}\"]  # runbook links under this URL are checked as files here\n"
        )),
        None => s.push_str("# runbook-base-urls = [\"https://github.com/ORG/REPO/blob/main/\"]\n"),
    }
    if let Some(dir) = &layout.runbook_dir {
        s.push_str(&format!(
            "# Runbooks found in {dir}/: link them from each alert's runbook_url.\n"
        ));
    }
    // A learned convention is written as a setting, with what it was learned from; the rest stay
    // commented defaults.
    let key = |line: &str| {
        learned
            .iter()
            .find(|i| i.toml.split(" = ").next() == line.split(" = ").next())
            .map_or_else(
                || format!("# {line}\n"),
                |i| format!("{}   # learned: {}\n", i.toml, i.what),
            )
    };
    for line in [
        "runbook-annotations = [\"runbook_url\", \"runbook\"]",
        "summary-annotations = [\"summary\"]",
        "description-annotations = [\"description\"]",
    ] {
        s.push_str(&key(line));
    }
    s.push_str("# runbook-sections = [[\"triage\", \"diagnosis\", \"investigation\", \"troubleshooting\", \"debugging\"], [\"mitigation\", \"remediation\", \"rollback\"], [\"escalation\", \"contacts\"]]\n");
    for line in [
        "allowed-severities = [\"critical\", \"warning\", \"info\"]",
        "paging-severities = [\"critical\"]",
    ] {
        s.push_str(&key(line));
    }
    s.push_str("# min-paging-for = \"1m\"\n");
    s.push_str(&key("owner-labels = [\"team\", \"owner\"]"));
    s.push_str(
        "\n\
         # Require more of paging alerts:\n\
         # [[alerts.policy]]\n\
         # when = { labels = { severity = \"critical\" } }\n\
         # require-annotations = [\"dashboard\"]\n",
    );
    s
}

/// Writes the config into `root`: `obslint.toml`, or a `[tool.obslint]` section appended to
/// `pyproject.toml` when `pyproject` is set. Returns the path written.
pub fn write(root: &Path, pyproject: bool) -> Result<PathBuf, String> {
    let mut layout = detect(root);
    let mut learned = crate::check::conventions(root).items;
    // The scrape interval has its own line (the layout's prometheus.yml, else a Prometheus resource).
    if let Some(at) = learned
        .iter()
        .position(|i| i.toml.starts_with("scrape-interval"))
    {
        let item = learned.remove(at);
        if layout.scrape_interval.is_none() {
            layout.scrape_interval = item.toml.split('"').nth(1).map(str::to_string);
        }
    }
    let text = render(&layout, &learned);
    if pyproject {
        let path = root.join("pyproject.toml");
        let existing = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if existing.contains("[tool.obslint") {
            return Err(format!(
                "{} already has a [tool.obslint] section",
                path.display()
            ));
        }
        let section = to_pyproject(&text);
        std::fs::write(&path, format!("{}\n{section}", existing.trim_end()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        return Ok(path);
    }
    let path = root.join("obslint.toml");
    if path.exists() {
        return Err(format!(
            "{} exists; obslint init does not overwrite it",
            path.display()
        ));
    }
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// The same config as `[tool.obslint]` tables.
fn to_pyproject(text: &str) -> String {
    let mut out = String::from("\n[tool.obslint]\n");
    for line in text.lines() {
        let table = line.strip_prefix('[').and_then(|l| l.strip_suffix(']'));
        let commented_table = line.strip_prefix("# [").and_then(|l| l.strip_suffix(']'));
        match (table, commented_table) {
            (Some(t), _) if !t.starts_with('[') => out.push_str(&format!("[tool.obslint.{t}]\n")),
            (_, Some(t)) if t.starts_with('[') => out.push_str(&format!(
                "# [[tool.obslint.{}]\n",
                t.trim_start_matches('[')
            )),
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_layout_and_writes_a_loadable_config() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("monitoring/rules")).unwrap();
        std::fs::create_dir_all(d.join("docs/runbooks")).unwrap();
        std::fs::create_dir_all(d.join(".git")).unwrap();
        std::fs::write(
            d.join(".git/config"),
            "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = git@github.com:acme/shop.git\n",
        )
        .unwrap();
        std::fs::write(d.join(".git/HEAD"), "ref: refs/heads/trunk\n").unwrap();
        std::fs::write(
            d.join("monitoring/rules/api.yml"),
            "groups:\n- name: g\n  rules: []\n",
        )
        .unwrap();
        std::fs::write(
            d.join("monitoring/prometheus.yml"),
            "global:\n  scrape_interval: 15s\n",
        )
        .unwrap();
        let layout = detect(d);
        assert_eq!(layout.rule_dirs, ["monitoring/rules"]);
        assert_eq!(layout.runbook_dir.as_deref(), Some("docs/runbooks"));
        assert_eq!(layout.scrape_interval.as_deref(), Some("15s"));
        assert_eq!(
            layout.runbook_base_url.as_deref(),
            Some("https://github.com/acme/shop/blob/trunk/")
        );
        let path = write(d, false).unwrap();
        let loaded = crate::config::load(Some(&path), d).unwrap();
        assert_eq!(
            loaded.config.alerts.scrape_interval.map(|s| s.into_inner()),
            Some("15s".to_string())
        );
        assert!(write(d, false).is_err(), "never overwrites");
        std::fs::write(d.join("pyproject.toml"), "[project]\nname = \"shop\"\n").unwrap();
        let path = write(d, true).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("[tool.obslint.alerts]"), "{text}");
        std::fs::remove_file(d.join("obslint.toml")).unwrap();
        let loaded = crate::config::load(None, d).unwrap();
        assert_eq!(loaded.path.as_deref(), Some(path.as_path()));
        assert_eq!(
            loaded.config.alerts.runbook_base_urls,
            ["https://github.com/acme/shop/blob/trunk/"]
        );
    }
}
