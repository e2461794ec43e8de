//! Derives the shipped data file from a checkout of open-telemetry/semantic-conventions: every attribute
//! of `model/**/*.yaml` read with obslint's own registry parser, plus renames recorded only in the newest
//! schema file (`schemas/<version>`). Used by `examples/gen_semconv.rs` and by the test that keeps
//! `data/semconv-attributes.tsv` up to date.

use super::model::{AttrType, Attribute, Deprecation, Origin, Primitive};
use super::parse::parse_text;
use crate::yaml::load::load_documents;
use crate::yaml::node::Node;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The data file's text, and problems met in the source (files obslint's parser found fault with).
pub struct Generated {
    pub text: String,
    pub warnings: Vec<String>,
}

/// `1.44.0` → (1, 44, 0), for picking the newest schema file.
fn version_key(name: &str) -> Option<Vec<u64>> {
    name.split('.').map(|p| p.parse().ok()).collect()
}

/// `source` names the origin in the header, e.g. `open-telemetry/semantic-conventions@384d6616`.
pub fn generate(checkout: &Path, source: &str) -> Result<Generated, String> {
    let model = checkout.join("model");
    let files = super::load::yaml_files(&model);
    if files.is_empty() {
        return Err(format!("no YAML files under {}", model.display()));
    }
    let mut warnings = Vec::new();
    let mut groups: Vec<(String, Vec<Attribute>)> = Vec::new();
    let mut defined = HashSet::new();
    for path in &files {
        let text = crate::source::read_regular_string(path, None)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let mut problems = Vec::new();
        let parsed = parse_text(0, &text, &mut problems);
        for p in problems {
            warnings.push(format!("{}: {}", path.display(), p.message));
        }
        for mut a in parsed.attributes {
            if !defined.insert(a.id.clone()) {
                warnings.push(format!("{}: `{}` defined again", path.display(), a.id));
                continue;
            }
            let group = a.group_name().to_string();
            a.origin = Origin::OpenTelemetry {
                group: group.clone(),
            };
            match groups.iter_mut().find(|(g, _)| *g == group) {
                Some((_, list)) => list.push(a),
                None => groups.push((group, vec![a])),
            }
        }
    }
    let (version, mut renames) = schema_renames(&checkout.join("schemas"))?;
    let schema_only: Vec<String> = renames
        .keys()
        .filter(|id| !defined.contains(*id))
        .cloned()
        .collect();
    // The registry's own renames continue a chain the schema file starts.
    for (_, attributes) in &groups {
        for a in attributes {
            if let Some(to) = a.renamed_to() {
                renames
                    .entry(a.id.clone())
                    .or_insert_with(|| to.to_string());
            }
        }
    }
    let mut older: Vec<Attribute> = Vec::new();
    for from in schema_only {
        // Follow later renames to the current name (`http.retry_count` → `http.resend_count` → ...).
        let mut to = from.clone();
        for _ in 0..16 {
            match renames.get(&to) {
                Some(next) if next != &to => to = next.clone(),
                _ => break,
            }
        }
        older.push(Attribute {
            id: from,
            ty: AttrType::Primitive(Primitive::Any),
            stability: None,
            deprecated: Some(Deprecation::Renamed {
                renamed_to: to,
                note: None,
            }),
            brief: None,
            note: None,
            examples: Vec::new(),
            origin: Origin::OpenTelemetry {
                group: String::new(),
            },
        });
    }
    groups.push((String::new(), older));
    Ok(Generated {
        text: super::semconv::encode(&version, source, &groups),
        warnings,
    })
}

/// The newest schema file's version and its attribute renames (for all signals, spans, resources and
/// logs; metric-scoped renames of unqualified names such as `direction` are left out).
fn schema_renames(dir: &Path) -> Result<(String, BTreeMap<String, String>), String> {
    let newest = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            version_key(&name).map(|k| (k, name, e.path()))
        })
        .max()
        .ok_or_else(|| format!("no schema file under {}", dir.display()))?;
    let (_, version, path) = newest;
    let text = crate::source::read_regular_string(&path, None)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let docs = load_documents(&text).map_err(|e| format!("{}: {}", path.display(), e.message))?;
    let mut renames = BTreeMap::new();
    let versions = docs
        .first()
        .and_then(|d| d.get("versions"))
        .and_then(Node::as_map)
        .unwrap_or_default();
    for (_, signals) in versions {
        for signal in ["all", "spans", "resources", "logs"] {
            let changes = signals
                .get(signal)
                .and_then(|s| s.get("changes"))
                .and_then(Node::as_seq)
                .unwrap_or_default();
            for change in changes {
                let map = change
                    .get("rename_attributes")
                    .and_then(|r| r.get("attribute_map"))
                    .and_then(Node::as_map)
                    .unwrap_or_default();
                for (from, to) in map {
                    if let (Some(f), Some(t)) = (from.as_str(), to.as_str()) {
                        // Versions are listed newest first: keep the newest rename of a name.
                        renames
                            .entry(f.to_string())
                            .or_insert_with(|| t.to_string());
                    }
                }
            }
        }
    }
    Ok((version, renames))
}
