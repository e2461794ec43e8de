//! Instrumentation facts of the whole project, computed once after every file is read: the entry points
//! and what covers each with metrics and traces (INS001/INS002), errors entry points swallow (INS003),
//! and the metric catalog checked against the alert rules (MET001–MET004).
//!
//! Built from the Python facts (`python::model`), never from syntax trees; rules read the result.

pub mod apps;
pub mod auto;
pub mod catalog;
pub mod coverage;
pub mod entry;
pub mod handlers;
pub mod modules;
pub mod naming;

use crate::python::settings::PythonSettings;
use crate::python::PythonFacts;
use crate::source::SourceFile;
use catalog::MetricDef;
use coverage::Coverage;
use entry::EntryPoint;
use std::ops::Range;

/// An entry point with its file and what covers it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub point: EntryPoint,
    /// Index into `ProjectIndex::files`.
    pub file: usize,
    pub coverage: Coverage,
    /// Index into `Telemetry::apps`.
    pub app: usize,
}

/// An `except` in an entry point that hides the failure (INS003).
#[derive(Debug, Clone)]
pub struct Swallowed {
    pub file: usize,
    pub span: Range<usize>,
    pub entry: String,
    pub catches: String,
    /// A dependency failure answered with a fallback, rather than a broad handler.
    pub dependency: bool,
}

/// An OpenTelemetry metric attribute key written in a call (`counter.add(1, {"user_id": u})`).
#[derive(Debug, Clone)]
pub struct AttributeKey {
    pub file: usize,
    pub key: String,
    pub span: Range<usize>,
    pub metric: String,
}

#[derive(Debug, Default)]
pub struct Telemetry {
    pub catalog: Vec<MetricDef>,
    pub entries: Vec<Entry>,
    /// The apps the entry points belong to.
    pub apps: Vec<apps::App>,
    pub swallowed: Vec<Swallowed>,
    pub attribute_keys: Vec<AttributeKey>,
}

/// What the facts are built from: the index's files and Python facts, lent by the command so that this
/// stage, whose result the index stores, does not depend on the index.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub files: &'a [SourceFile],
    pub python: &'a [PythonFacts],
    /// Every Python file found (indexes into `files`), parsed or not.
    pub python_files: &'a [usize],
    /// Launcher files and the offset of their command.
    pub launchers: &'a [(usize, usize)],
}

/// The facts, and the text of the Python files that had to be parsed to find them (helper modules an
/// entry point calls, views a URL table names), for the index.
pub fn build(index: Inputs, settings: &PythonSettings) -> (Telemetry, Vec<(usize, SourceFile)>) {
    let modules = modules::Modules::new(index);
    let mut out = Telemetry::default();
    let parsed: Vec<usize> = modules.parsed().map(|(m, _)| m).collect();
    for &m in &parsed {
        if let Some(model) = modules.model(m) {
            out.catalog.extend(catalog::definitions(
                m,
                modules.file(m),
                model,
                modules.source(m).unwrap_or(""),
            ));
        }
    }
    let views: Vec<catalog::BucketView> = parsed
        .iter()
        .filter_map(|&m| Some(catalog::bucket_views(modules.model(m)?, modules.source(m)?)))
        .flatten()
        .collect();
    catalog::apply_views(&mut out.catalog, &views);
    let analysis = coverage::Analysis::new(&modules, &out.catalog);
    let launchers: Vec<_> = index
        .launchers
        .iter()
        .filter_map(|(file, offset)| {
            let f = &index.files[*file];
            let launcher = auto::launcher_at(&f.text, *offset)?;
            Some((
                format!("{}:{}", f.display_path, f.line_col(*offset).line),
                launcher,
            ))
        })
        .collect();
    let points = entry::entry_points(&modules, settings);
    let mut apps = apps::find_apps(&modules);
    let of_app = apps::assign(&mut apps, &modules, &points);
    let mut auto = auto::detect(&modules, &analysis, &launchers);
    auto.bind(&apps, &modules);
    let contexts = handlers::Contexts::new(&settings.logger_objects);
    for (point, app) in points.into_iter().zip(of_app) {
        let coverage = analysis.cover(&point, app, &auto);
        out.swallowed
            .extend(handlers::swallowed(&modules, &analysis, &point, &contexts));
        out.entries.push(Entry {
            file: modules.file(point.module),
            point,
            coverage,
            app,
        });
    }
    out.apps = apps;
    for &m in &parsed {
        out.attribute_keys
            .extend(naming::attribute_keys(&modules, &analysis, &out.catalog, m));
    }
    drop(analysis);
    (out, modules.into_sources())
}
