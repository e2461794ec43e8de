//! The module graph of `src/` runs one way, by the layers of the design guide: a module imports only
//! from its own layer or below, and modules of one layer never import each other in a circle. This test
//! reads every `src/**/*.rs`, collects the `crate::` paths (in `use` lines and inline) and the `super::`
//! paths that leave a top-level module, and fails naming each edge that points up or closes a cycle.
//!
//! The layer table below is the one place the order is written; the README's "Architecture" section
//! repeats it for contributors, and `readme_lists_the_layers` keeps the two the same.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// (module, layer). A module is a top-level module of `src/`, or one of its submodules where that
/// sits in another layer than its parent; the longest matching entry wins.
///
/// `settings` is the plan, but it sits with the commands: it aggregates every stage's settings (the
/// rule selection, the baseline, the output format), so it can only live above all of them. Each stage
/// reads its own part, kept next to it (`alerts::settings`, `python::settings`, `rules::selection`,
/// `trace::plan`), or a small struct of what it needs that the command fills in (`discover::Walk`,
/// `trace::load::LoadOptions`, `instrument::Inputs`), and never the whole plan; the commands resolve
/// CLI args and config into it.
const LAYERS: &[(&str, u8)] = &[
    // 1. identities: no logic that knows a stage.
    ("codes", 1),
    ("diagnostic", 1),
    ("duration", 1),
    ("source", 1),
    // 2. parsers and fact extractors (and their own settings).
    ("alerts", 2),
    ("cache", 2),
    ("config", 2),
    ("diff", 2),
    ("discover", 2),
    ("gitremote", 2),
    ("gotemplate", 2),
    ("live", 2),
    ("promql", 2),
    ("python", 2),
    ("runbook", 2),
    ("suppress", 2),
    ("trace", 2),
    ("yaml", 2),
    // 3. the project index and cross-file resolution.
    ("conventions", 3),
    ("index", 3),
    ("instrument", 3),
    // 4. rules.
    ("rules", 4),
    // 5. filter: suppressions applied, baseline, severities, fingerprints.
    ("baseline", 5),
    ("finding", 5),
    // 6. renderers, one per format, and the other outputs of a run.
    ("fix", 6),
    ("progress", 6),
    ("report", 6),
    // 7. commands: CLI args and config into a plan, then the stages. Only this layer knows clap.
    ("app", 7),
    ("check", 7),
    ("cli", 7),
    ("init", 7),
    ("settings", 7),
    ("show", 7),
];

/// Names of the layers, for messages and the README check.
const LAYER_NAMES: &[&str] = &[
    "identities",
    "parsers and fact extractors",
    "index",
    "rules",
    "filter",
    "renderers",
    "commands",
];

/// One import: the file it is written in and the modules on both ends.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    file: String,
    from: String,
    to: String,
}

/// A source file's module path: `src/trace/load.rs` → `trace::load`, `src/trace/mod.rs` → `trace`.
fn module_of(file: &str) -> Vec<String> {
    let rel = file.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main") {
        parts.clear();
    }
    parts
}

/// Drops `//` comments (doc comments name modules in prose), keeping `://` inside string URLs.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut cut = line.len();
        let bytes = line.as_bytes();
        let mut i = 0;
        while i + 1 < bytes.len() {
            if bytes[i] == b'/' && bytes[i + 1] == b'/' && (i == 0 || bytes[i - 1] != b':') {
                cut = i;
                break;
            }
            i += 1;
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The leading module segments of a path written after `crate::` (lower-case identifiers, stopping at
/// a type, a constant, a macro or a brace).
fn segments(rest: &str) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        let ident: String = rest[pos..].chars().take_while(|c| is_ident(*c)).collect();
        if ident.is_empty() || !ident.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') {
            break;
        }
        let after = pos + ident.len();
        let is_module = rest[after..].starts_with("::");
        // The last segment of `crate::a::b;` is a module or a function: keep it, the table's longest
        // match decides whether it matters.
        out.push(ident);
        if !is_module {
            pos = after;
            break;
        }
        pos = after + 2;
    }
    (out, pos)
}

/// The items of a `{…}` group at its own depth (nested groups stay inside their item).
fn group_items(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 1);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' | ',' if depth == 1 => {
                items.push(&group[start..i]);
                start = i + 1;
                if c == '}' {
                    break;
                }
            }
            '}' => depth -= 1,
            _ => {}
        }
    }
    items
}

/// Every module path a file names: `crate::a::b::X`, `$crate::a`, `crate::{a::b, c}` and `super::x`.
fn imported_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let text = strip_comments(text);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(found) = text[i..].find("crate::") {
        let start = i + found;
        i = start + "crate::".len();
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| is_ident(c) && c != '$') {
            continue; // `mycrate::`
        }
        let rest = &text[i..];
        let (segs, pos) = segments(rest);
        if rest[pos..].starts_with('{') {
            // `crate::{a::b, c}` or `crate::a::{b, c::{d}}`: each item of the group, below the prefix.
            for item in group_items(&rest[pos..]) {
                let mut path = segs.clone();
                path.extend(segments(item.trim()).0);
                if !path.is_empty() {
                    out.push(path);
                }
            }
        } else if !segs.is_empty() {
            out.push(segs);
        }
    }
    // `super::` climbs from the file's module; only paths that leave its top-level module matter.
    let mut i = 0;
    while let Some(found) = text[i..].find("super::") {
        let start = i + found;
        i = start + "super::".len();
        if text[..start].ends_with("super::") || text[..start].ends_with(is_ident) {
            continue; // counted with the first `super::` of a chain
        }
        let mut depth = 1;
        let mut rest = &text[i..];
        while let Some(r) = rest.strip_prefix("super::") {
            depth += 1;
            rest = r;
        }
        if depth > module.len() {
            continue;
        }
        let mut path: Vec<String> = module[..module.len() - depth].to_vec();
        path.extend(segments(rest).0);
        if path.first() != module.first() && !path.is_empty() {
            out.push(path);
        }
    }
    out
}

/// The table's entry for a module path: the longest prefix listed.
fn unit_of<'a>(path: &[String], layers: &'a [(&'a str, u8)]) -> Option<(&'a str, u8)> {
    let joined = path.join("::");
    layers
        .iter()
        .filter(|(name, _)| joined == *name || joined.starts_with(&format!("{name}::")))
        .max_by_key(|(name, _)| name.len())
        .copied()
}

/// The edges between table entries in a set of (file, text) pairs, and the top-level modules the table
/// does not place.
fn edges(files: &[(String, String)], layers: &[(&str, u8)]) -> (Vec<Edge>, BTreeSet<String>) {
    let tops: BTreeSet<String> = files
        .iter()
        .filter_map(|(f, _)| module_of(f).into_iter().next())
        .collect();
    let mut unplaced = BTreeSet::new();
    let mut out = BTreeSet::new();
    for (file, text) in files {
        let module = module_of(file);
        if module.is_empty() {
            continue;
        }
        let Some((from, _)) = unit_of(&module, layers) else {
            unplaced.insert(module[0].clone());
            continue;
        };
        for path in imported_paths(&module, text) {
            if !tops.contains(&path[0]) {
                continue; // a macro or function at the crate root
            }
            match unit_of(&path, layers) {
                Some((to, _)) if to != from => {
                    out.insert(Edge {
                        file: file.clone(),
                        from: from.to_string(),
                        to: to.to_string(),
                    });
                }
                Some(_) => {}
                None => {
                    unplaced.insert(path[0].clone());
                }
            }
        }
    }
    (out.into_iter().collect(), unplaced)
}

/// Every problem of the graph, one line each: edges that point up, and cycles within a layer.
fn problems(files: &[(String, String)], layers: &[(&str, u8)]) -> Vec<String> {
    let layer = |m: &str| layers.iter().find(|(n, _)| *n == m).map_or(0, |(_, l)| *l);
    let (edges, unplaced) = edges(files, layers);
    let mut out: Vec<String> = unplaced
        .iter()
        .map(|m| format!("module `{m}` is not in the layer table of tests/architecture.rs"))
        .collect();
    for e in &edges {
        let (n, m) = (layer(&e.from), layer(&e.to));
        if m > n {
            out.push(format!(
                "{}: module {} (layer {n}, {}) imports {} (layer {m} > {n}, {})",
                e.file,
                e.from,
                LAYER_NAMES[usize::from(n) - 1],
                e.to,
                LAYER_NAMES[usize::from(m) - 1],
            ));
        }
    }
    // Cycles among the modules of one layer: a depth-first search on the same-layer edges.
    let mut graph: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for e in &edges {
        if layer(&e.from) == layer(&e.to) {
            graph
                .entry(&e.from)
                .or_default()
                .entry(&e.to)
                .or_insert(&e.file);
        }
    }
    let mut reported = BTreeSet::new();
    for start in graph.keys() {
        if let Some(cycle) = cycle_from(start, &graph) {
            let mut key: Vec<&str> = cycle.iter().map(|(m, _)| *m).collect();
            key.sort();
            if reported.insert(key) {
                let steps: Vec<String> = cycle
                    .iter()
                    .map(|(m, file)| format!("{m} (in {file})"))
                    .collect();
                out.push(format!(
                    "cycle in layer {}: {} -> {start}",
                    layer(start),
                    steps.join(" -> ")
                ));
            }
        }
    }
    out
}

/// A path from `start` back to itself, as (module, file of the import that leaves it).
fn cycle_from<'a>(
    start: &'a str,
    graph: &BTreeMap<&'a str, BTreeMap<&'a str, &'a str>>,
) -> Option<Vec<(&'a str, &'a str)>> {
    fn walk<'a>(
        at: &'a str,
        start: &'a str,
        graph: &BTreeMap<&'a str, BTreeMap<&'a str, &'a str>>,
        path: &mut Vec<(&'a str, &'a str)>,
        seen: &mut BTreeSet<&'a str>,
    ) -> bool {
        for (next, file) in graph.get(at).into_iter().flatten() {
            path.push((at, file));
            if *next == start {
                return true;
            }
            if seen.insert(next) && walk(next, start, graph, path, seen) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = Vec::new();
    walk(start, start, graph, &mut path, &mut BTreeSet::new()).then_some(path)
}

fn read_src() -> Vec<(String, String)> {
    fn visit(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, root, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    visit(&root.join("src"), root, &mut out);
    out.sort();
    out
}

#[test]
fn modules_import_only_their_own_layer_or_below() {
    let found = problems(&read_src(), LAYERS);
    assert!(found.is_empty(), "\n{}\n", found.join("\n"));
}

#[test]
fn readme_lists_the_layers() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("\n## Architecture\n")
        .nth(1)
        .expect("a README section `## Architecture`");
    let section = section.split("\n## ").next().unwrap_or(section);
    for (n, name) in LAYER_NAMES.iter().enumerate() {
        let line = section
            .lines()
            .find(|l| l.starts_with(&format!("{}. **{name}**", n + 1)))
            .unwrap_or_else(|| panic!("README Architecture: no line `{}. **{name}**`", n + 1));
        for (module, _) in LAYERS.iter().filter(|(_, l)| usize::from(*l) == n + 1) {
            assert!(
                line.contains(&format!("`{module}`")),
                "README Architecture, layer {}: `{module}` is missing from\n{line}",
                n + 1
            );
        }
    }
}

fn file(path: &str, text: &str) -> (String, String) {
    (path.to_string(), text.to_string())
}

/// A synthetic tree with one back edge and one cycle: both are reported, by file and module.
#[test]
fn an_injected_back_edge_is_reported() {
    let tree = [
        file("src/diagnostic.rs", "use crate::source::SourceFile;\n"),
        file("src/source.rs", "pub struct SourceFile;\n"),
        file(
            "src/alerts/validate.rs",
            "fn f() { let _ = crate::rules::yaml::rule_schema_violation::CODE; }\n",
        ),
        file("src/rules/mod.rs", "use crate::diagnostic::Diagnostic;\n"),
        file(
            "src/promql/locate.rs",
            "use crate::{alerts::model::Str, source};\n",
        ),
        file(
            "src/alerts/mod.rs",
            "pub mod validate;\n// crate::check is only named here\n",
        ),
    ];
    let layers = [
        ("diagnostic", 1),
        ("source", 1),
        ("alerts", 2),
        ("promql", 2),
        ("rules", 4),
    ];
    assert_eq!(
        problems(&tree, &layers),
        ["src/alerts/validate.rs: module alerts (layer 2, parsers and fact extractors) imports rules (layer 4 > 2, rules)"]
    );

    let cycle = [
        file("src/promql/locate.rs", "use crate::alerts::model::Str;\n"),
        file("src/alerts/validate.rs", "use crate::promql::parse;\n"),
        file("src/trace/mod.rs", "mod load;\n"),
        file(
            "src/trace/load.rs",
            "use super::super::index::ProjectIndex;\n",
        ),
        file("src/index.rs", "pub struct ProjectIndex;\n"),
    ];
    let layers = [("alerts", 2), ("promql", 2), ("trace", 2), ("index", 3)];
    assert_eq!(
        problems(&cycle, &layers),
        [
            "src/trace/load.rs: module trace (layer 2, parsers and fact extractors) imports index (layer 3 > 2, index)",
            "cycle in layer 2: alerts (in src/alerts/validate.rs) -> promql (in src/promql/locate.rs) -> alerts",
        ]
    );
}

/// `super::` inside a file's own test module, and a crate-root macro, are not edges.
#[test]
fn local_paths_are_not_edges() {
    let tree = [
        file(
            "src/yaml/load.rs",
            "mod tests { use super::*; }\nfn f() { super::node::x(); }\n",
        ),
        file("src/rules/mod.rs", "crate::declare_rule! { }\n"),
        file(
            "src/yaml/node.rs",
            "use crate::diagnostic::{self, Diagnostic};\n",
        ),
        file("src/diagnostic.rs", "use crate::yaml::node;\n"),
    ];
    let layers = [("diagnostic", 1), ("yaml", 2), ("rules", 4)];
    assert_eq!(
        problems(&tree, &layers),
        ["src/diagnostic.rs: module diagnostic (layer 1, identities) imports yaml (layer 2 > 1, parsers and fact extractors)"]
    );
}
