//! The project's Python modules by dotted name, and what a name in one module refers to in another.
//! Modules parsed while files were read are used as they are; any other project module is parsed the
//! first time a call leads into it (a helper module with no telemetry marker in its text still has to
//! be read to follow a call through it).

use crate::index::ProjectIndex;
use crate::python::model::{Expr, Import, PythonFile, Scope};
use crate::source::SourceFile;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::Arc;

/// A parsed module: its facts and where its text lives (for line numbers in explanations).
pub struct Loaded {
    pub model: Arc<PythonFile>,
    /// The text when the module was parsed here rather than while files were read.
    own_source: Option<SourceFile>,
}

struct Entry {
    /// Index into `ProjectIndex::files`.
    file: usize,
    /// `app.metrics`; a package's `__init__.py` is the package itself (`app`).
    name: String,
    package: bool,
    loaded: OnceCell<Option<Loaded>>,
}

pub struct Modules<'a> {
    index: &'a ProjectIndex,
    entries: Vec<Entry>,
    by_name: HashMap<String, usize>,
}

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
    (path.replace('/', "."), package)
}

impl<'a> Modules<'a> {
    pub fn new(index: &'a ProjectIndex) -> Self {
        let parsed: HashMap<usize, &Arc<PythonFile>> = index
            .python
            .iter()
            .filter_map(|p| p.model.as_ref().map(|m| (p.file, m)))
            .collect();
        let mut entries = Vec::new();
        let mut by_name = HashMap::new();
        for &file in &index.python_files {
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
        Modules {
            index,
            entries,
            by_name,
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

    /// `path:line` of an offset in a module, for explanations.
    pub fn location(&self, module: usize, offset: usize) -> String {
        let entry = &self.entries[module];
        let own = entry
            .loaded
            .get()
            .and_then(|l| l.as_ref())
            .and_then(|l| l.own_source.as_ref());
        let source = own.unwrap_or(&self.index.files[entry.file]);
        format!("{}:{}", source.display_path, source.line_col(offset).line)
    }

    /// A module by absolute dotted name; also found by a unique suffix (`src/app/x.py` is `app.x` to its
    /// importers when `src` is not a package).
    pub fn find(&self, name: &str) -> Option<usize> {
        if let Some(&i) = self.by_name.get(name) {
            return Some(i);
        }
        let suffix = format!(".{name}");
        let mut hits = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.name.ends_with(&suffix));
        let first = hits.next()?.0;
        hits.next().is_none().then_some(first)
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
                self.find(&target).map(Target::Module)
            }
            Some(name) => {
                let full = if base.is_empty() {
                    name.clone()
                } else {
                    format!("{base}.{name}")
                };
                if let Some(m) = self.find(&full) {
                    return Some(Target::Module(m));
                }
                let m = self.find(&base)?;
                self.top_level(m, name, 0)
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
        if hops >= 3 {
            return None;
        }
        let import = model.imports.iter().find(|i| i.alias == name)?;
        match self.resolve_import(module, import)? {
            Target::Function(m, f) => Some(Target::Function(m, f)),
            Target::Module(m) if hops < 3 => Some(Target::Module(m)),
            _ => None,
        }
    }

    /// What a dotted name used in a function refers to: `helper`, `utils.helper`, `self.method`.
    pub fn resolve_name(&self, module: usize, scope: &Scope, chain: &[&str]) -> Option<Target> {
        let model = self.model(module)?;
        match chain {
            [] => None,
            [name] => self.top_level(module, name, 0),
            ["self" | "cls", method] => {
                let class = scope.class.as_deref()?;
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
        Some((self.find(&base)?, name.clone()))
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

/// The root module names a file imports (`flask`, `opentelemetry`).
pub fn imported_roots(model: &PythonFile) -> impl Iterator<Item = &str> {
    model
        .imports
        .iter()
        .map(|i| i.module.split('.').next().unwrap_or(""))
}

/// Whether the file imports anything from one of `roots`.
pub fn imports_any(model: &PythonFile, roots: &[&str]) -> bool {
    imported_roots(model).any(|r| roots.contains(&r))
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
    }
}
