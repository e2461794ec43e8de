//! The project's Python modules by dotted name, and what a name in one module refers to in another.
//! Modules parsed while files were read are used as they are; any other project module is parsed the
//! first time a call leads into it (a helper module with no telemetry marker in its text still has to
//! be read to follow a call through it).

use super::Inputs;
use crate::python::model::{Expr, Import, PythonFile, Scope};
use crate::source::SourceFile;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A parsed module: its facts and where its text lives (for line numbers in explanations).
pub struct Loaded {
    pub model: Arc<PythonFile>,
    /// The text when the module was parsed here rather than while files were read.
    own_source: Option<SourceFile>,
}

struct Entry {
    /// Index into `Inputs::files`.
    file: usize,
    /// `app.metrics`; a package's `__init__.py` is the package itself (`app`).
    name: String,
    package: bool,
    loaded: OnceCell<Option<Loaded>>,
}

pub struct Modules<'a> {
    index: Inputs<'a>,
    entries: Vec<Entry>,
    by_name: HashMap<String, usize>,
    /// Dotted names of the packages (folders with an `__init__.py`).
    packages: HashSet<String>,
}

/// How many re-exports (`from .impl import f` in a package's `__init__`) a name is followed through.
const MAX_REEXPORT_HOPS: usize = 4;

/// What a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Module(usize),
    /// A function or method: module and index into its scopes.
    Function(usize, usize),
}

/// `app/metrics.py` → ("app.metrics", false); `app/__init__.py` → ("app", true).
pub fn module_name(root_relative: &str) -> (String, bool) {
    let path = root_relative.trim_end_matches(".py");
    let (path, package) = match path.strip_suffix("/__init__") {
        Some(p) => (p, true),
        None if path == "__init__" => ("", true),
        None => (path, false),
    };
    // Only the folders Python can import through: a checkout's `../`, `my-project/` or
    // `apps-cache/` above the package is no part of its name.
    let segments: Vec<&str> = path.split('/').collect();
    let importable = segments
        .iter()
        .rev()
        .take_while(|s| is_identifier(s))
        .count();
    (segments[segments.len() - importable..].join("."), package)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

impl<'a> Modules<'a> {
    pub fn new(index: Inputs<'a>) -> Self {
        let parsed: HashMap<usize, &Arc<PythonFile>> = index
            .python
            .iter()
            .filter_map(|p| p.model.as_ref().map(|m| (p.file, m)))
            .collect();
        let mut entries = Vec::new();
        let mut by_name = HashMap::new();
        for &file in index.python_files {
            let (name, package) = module_name(&index.files[file].root_relative);
            let loaded = OnceCell::new();
            if let Some(model) = parsed.get(&file) {
                let _ = loaded.set(Some(Loaded {
                    model: Arc::clone(model),
                    own_source: None,
                }));
            }
            by_name.entry(name.clone()).or_insert(entries.len());
            entries.push(Entry {
                file,
                name,
                package,
                loaded,
            });
        }
        let packages = entries
            .iter()
            .filter(|e| e.package)
            .map(|e| e.name.clone())
            .collect();
        Modules {
            index,
            entries,
            by_name,
            packages,
        }
    }

    pub fn file(&self, module: usize) -> usize {
        self.entries[module].file
    }

    pub fn root_relative(&self, module: usize) -> &str {
        &self.index.files[self.entries[module].file].root_relative
    }

    pub fn name(&self, module: usize) -> &str {
        &self.entries[module].name
    }

    /// The modules parsed while files were read (the ones that can hold entry points and metrics).
    pub fn parsed(&self) -> impl Iterator<Item = (usize, &Arc<PythonFile>)> + '_ {
        self.entries.iter().enumerate().filter_map(|(i, e)| {
            e.loaded
                .get()
                .and_then(|l| l.as_ref())
                .map(|l| (i, &l.model))
        })
    }

    /// The module's facts, parsing it now if it was not parsed while files were read.
    pub fn model(&self, module: usize) -> Option<&Arc<PythonFile>> {
        let entry = self.entries.get(module)?;
        entry
            .loaded
            .get_or_init(|| {
                let file = &self.index.files[entry.file];
                let bytes = std::fs::read(&file.disk_path).ok()?;
                let text = String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                let model = crate::python::extract::extract_with(&text, true);
                Some(Loaded {
                    model: Arc::new(model),
                    own_source: Some(SourceFile::new(
                        file.display_path.clone(),
                        file.disk_path.clone(),
                        file.root_relative.clone(),
                        text,
                    )),
                })
            })
            .as_ref()
            .map(|l| &l.model)
    }

    /// The text of every module parsed here rather than while files were read: findings may point into
    /// them, so the index must hold their text.
    pub fn into_sources(self) -> Vec<(usize, SourceFile)> {
        self.entries
            .into_iter()
            .filter_map(|e| {
                let loaded = e.loaded.into_inner()??;
                Some((e.file, loaded.own_source?))
            })
            .collect()
    }

    /// Where a module's text is: parsed here, or read with the other files.
    fn source_file(&self, module: usize) -> Option<&SourceFile> {
        let entry = self.entries.get(module)?;
        let own = entry
            .loaded
            .get()
            .and_then(|l| l.as_ref())
            .and_then(|l| l.own_source.as_ref());
        Some(own.unwrap_or(&self.index.files[entry.file]))
    }

    /// The whole text of a module.
    pub fn source(&self, module: usize) -> Option<&str> {
        self.source_file(module).map(|s| s.text.as_str())
    }

    /// The text of a span of a module.
    pub fn text(&self, module: usize, span: &std::ops::Range<usize>) -> Option<&str> {
        self.source(module)?.get(span.clone())
    }

    /// `path:line` of an offset in a module, for explanations.
    pub fn location(&self, module: usize, offset: usize) -> String {
        match self.source_file(module) {
            Some(source) => format!("{}:{}", source.display_path, source.line_col(offset).line),
            None => String::new(),
        }
    }

    /// A module by absolute dotted name; also found by a unique suffix (`src/app/x.py` is `app.x` to its
    /// importers when `src` is not a package).
    pub fn find(&self, name: &str) -> Option<usize> {
        if let Some(&i) = self.by_name.get(name) {
            return Some(i);
        }
        let suffix = format!(".{name}");
        // Only below a folder that is not itself a package (`src/`): inside a package, an absolute
        // `import json` is the standard library's, not the package's own `json.py`.
        let mut hits = self.entries.iter().enumerate().filter(|(_, e)| {
            e.name
                .strip_suffix(&suffix)
                .is_some_and(|prefix| !self.packages.contains(prefix))
        });
        let first = hits.next()?.0;
        hits.next().is_none().then_some(first)
    }

    /// `find`, seen from an importing module: an import never names the module it is written in (a
    /// project's `json.py` importing the standard library's `json` is not importing itself).
    fn find_from(&self, from: usize, name: &str) -> Option<usize> {
        self.find(name).filter(|&m| m != from)
    }

    /// The absolute module an import's `module` part names, seen from `from`.
    fn absolute(&self, from: usize, module: &str) -> Option<String> {
        let level = module.chars().take_while(|c| *c == '.').count();
        if level == 0 {
            return Some(module.to_string());
        }
        let entry = &self.entries[from];
        let mut parts: Vec<&str> = entry.name.split('.').filter(|p| !p.is_empty()).collect();
        // A module's package is its parent; a package's `__init__` is its own package.
        let ups = if entry.package { level - 1 } else { level };
        for _ in 0..ups {
            parts.pop()?;
        }
        let rest = &module[level..];
        if !rest.is_empty() {
            parts.push(rest);
        }
        Some(parts.join("."))
    }

    /// What a local name bound by an import refers to: a project module, or a function in one.
    pub fn resolve_import(&self, from: usize, import: &Import) -> Option<Target> {
        self.resolve_import_at(from, import, 0)
    }

    /// `resolve_import` `hops` re-exports away from where the lookup started: a module that imports
    /// itself (`pkg/json.py` with `from json import loads`) or a ring of re-exports ends here.
    fn resolve_import_at(&self, from: usize, import: &Import, hops: usize) -> Option<Target> {
        if hops > MAX_REEXPORT_HOPS {
            return None;
        }
        let base = self.absolute(from, &import.module)?;
        match &import.name {
            None => {
                // `import a.b.c` binds `a`; `import a.b.c as x` binds the whole path.
                let target = if import.alias == base || !base.contains('.') {
                    base
                } else if base.split('.').next() == Some(import.alias.as_str()) {
                    import.alias.clone()
                } else {
                    base
                };
                self.find_from(from, &target).map(Target::Module)
            }
            Some(name) => {
                let full = if base.is_empty() {
                    name.clone()
                } else {
                    format!("{base}.{name}")
                };
                if let Some(m) = self.find_from(from, &full) {
                    return Some(Target::Module(m));
                }
                let m = self.find_from(from, &base)?;
                self.top_level(m, name, hops + 1)
            }
        }
    }

    /// A top-level name in a module: a function defined there, or one it imports (re-exports, followed
    /// a few steps).
    fn top_level(&self, module: usize, name: &str, hops: usize) -> Option<Target> {
        let model = self.model(module)?;
        if let Some(i) = model
            .scopes
            .iter()
            .position(|s| s.function.as_deref() == Some(name) && s.class.is_none())
        {
            return Some(Target::Function(module, i));
        }
        if hops >= MAX_REEXPORT_HOPS {
            return None;
        }
        let import = model.imports.iter().find(|i| i.alias == name)?;
        self.resolve_import_at(module, import, hops + 1)
    }

    /// What a dotted name used in a function refers to: `helper`, `utils.helper`, `self.method`.
    pub fn resolve_name(&self, module: usize, scope: &Scope, chain: &[&str]) -> Option<Target> {
        let model = self.model(module)?;
        match chain {
            [] => None,
            [name] => self.top_level(module, name, 0),
            ["self" | "cls", method] => {
                // A function nested in a method (a route defined in `_setup_routes`) sees its `self`.
                let class = scope.class.as_deref().or_else(|| {
                    model
                        .scopes
                        .iter()
                        .filter(|s| {
                            s.class.is_some()
                                && s.span.start <= scope.span.start
                                && scope.span.end <= s.span.end
                                && s.span != scope.span
                        })
                        .max_by_key(|s| s.span.start)
                        .and_then(|s| s.class.as_deref())
                })?;
                model
                    .scopes
                    .iter()
                    .position(|s| {
                        s.function.as_deref() == Some(*method) && s.class.as_deref() == Some(class)
                    })
                    .map(|i| Target::Function(module, i))
            }
            [first, rest @ ..] => {
                let mut target = self.top_level(module, first, 0)?;
                for part in rest {
                    target = match target {
                        Target::Module(m) => self.top_level(m, part, 0).or_else(|| {
                            self.find(&format!("{}.{part}", self.name(m)))
                                .map(Target::Module)
                        })?,
                        Target::Function(..) => return None,
                    };
                }
                Some(target)
            }
        }
    }

    /// The module a local name was imported from, when it was imported from a project module, with the
    /// name it has there: `from app.metrics import REQUESTS as R` → (app.metrics, "REQUESTS").
    pub fn imported_symbol(&self, module: usize, local: &str) -> Option<(usize, String)> {
        let model = self.model(module)?;
        let import = model.imports.iter().find(|i| i.alias == local)?;
        let name = import.name.as_ref()?;
        let base = self.absolute(module, &import.module)?;
        Some((self.find_from(module, &base)?, name.clone()))
    }

    /// The module a local name refers to when it names a project module (`import app.metrics as m`).
    pub fn module_alias(&self, module: usize, local: &str) -> Option<usize> {
        let model = self.model(module)?;
        let import = model.imports.iter().find(|i| i.alias == local)?;
        match self.resolve_import(module, import)? {
            Target::Module(m) => Some(m),
            Target::Function(..) => None,
        }
    }
}

impl Modules<'_> {
    /// The class a dotted name in module `m` refers to: one defined there, or one imported from a
    /// project module (`from app.mw import Timing`, `mw.Timing`), as (module, class name).
    pub fn resolve_class(&self, m: usize, chain: &[&str]) -> Option<(usize, String)> {
        let (&name, prefix) = chain.split_last()?;
        let owner = match prefix {
            [] => {
                let model = self.model(m)?;
                if model.classes.iter().any(|c| c.name == name) {
                    m
                } else {
                    let (from, original) = self.imported_symbol(m, name)?;
                    return self
                        .model(from)?
                        .classes
                        .iter()
                        .any(|c| c.name == original)
                        .then_some((from, original));
                }
            }
            [alias] => self.module_alias(m, alias)?,
            _ => self.find_from(m, &prefix.join("."))?,
        };
        self.model(owner)?
            .classes
            .iter()
            .any(|c| c.name == name)
            .then(|| (owner, name.to_string()))
    }

    /// The methods of a project class and of the project classes it derives from, nearest first, with
    /// the class that defines each. Each class is visited once and at most `MAX_BASE_DEPTH` bases up,
    /// so a class that is its own base (through an alias, or a ring of modules) ends the walk.
    pub fn methods(&self, module: usize, class: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut stack = vec![(module, class.to_string(), 0usize)];
        while let Some((m, c, depth)) = stack.pop() {
            if depth > MAX_BASE_DEPTH || !seen.insert((m, c.clone())) {
                continue;
            }
            let Some(model) = self.model(m).cloned() else {
                continue;
            };
            for (i, s) in model.scopes.iter().enumerate() {
                if s.class.as_deref() == Some(c.as_str()) && s.function.is_some() {
                    out.push((m, i, c.clone()));
                }
            }
            let Some(def) = model.classes.iter().find(|d| d.name == c) else {
                continue;
            };
            for base in def.bases.iter().rev() {
                if let Some(chain) = base.dotted() {
                    if let Some((bm, bc)) = self.resolve_class(m, &chain) {
                        stack.push((bm, bc, depth + 1));
                    }
                }
            }
        }
        out
    }
}

/// How many base classes up methods are looked for.
const MAX_BASE_DEPTH: usize = 8;

/// The root module names a file imports (`flask`, `opentelemetry`).
pub fn imported_roots(model: &PythonFile) -> impl Iterator<Item = &str> {
    model
        .imports
        .iter()
        .map(|i| i.module.split('.').next().unwrap_or(""))
}

/// Whether the file imports anything from one of `roots`.
pub fn imports_any(model: &PythonFile, roots: &[&str]) -> bool {
    model
        .import_roots()
        .iter()
        .any(|r| roots.contains(&r.as_str()))
}

/// The local names bound to `name` imported from a module under `root` (`from celery import
/// shared_task as st` → "st").
pub fn local_names_of<'m>(model: &'m PythonFile, root: &str, name: &str) -> Vec<&'m str> {
    model
        .imports
        .iter()
        .filter(|i| i.module.split('.').next() == Some(root) && i.name.as_deref() == Some(name))
        .map(|i| i.alias.as_str())
        .collect()
}

/// `a.b.c(...)` → ["a", "b", "c"]; a call's function or a plain dotted name.
pub fn callee(expr: &Expr) -> Option<Vec<&str>> {
    match &expr.kind {
        crate::python::model::ExprKind::Call(call) => call.func.dotted(),
        _ => expr.dotted(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_follow_the_package_layout() {
        assert_eq!(module_name("app/metrics.py"), ("app.metrics".into(), false));
        assert_eq!(module_name("app/__init__.py"), ("app".into(), true));
        assert_eq!(module_name("main.py"), ("main".into(), false));
        assert_eq!(
            module_name("../cache/my-app/shop/settings.py"),
            ("shop.settings".into(), false)
        );
    }
}
