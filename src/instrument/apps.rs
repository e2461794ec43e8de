//! Applications: the `Flask(...)`, `FastAPI(...)`, `web.Application(...)`, `Celery(...)` objects and
//! Django settings modules a project builds, and which app each entry point belongs to. App-wide
//! instrumentation covers the app it is attached to, and INS001/INS002 report an app that records
//! nothing once, at the app, where the fix goes.

use super::entry::{EntryPoint, Framework};
use super::modules::{callee, imports_any, local_names_of, Modules};
use crate::python::model::{Event, ExprKind};
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct App {
    pub framework: Framework,
    /// The module that builds the app; None for a group of entry points no app object was found for.
    pub module: Option<usize>,
    /// Index into `ProjectIndex::files`: the app's module, or a group's first entry point.
    pub file: usize,
    /// Where findings about the app point: the constructor call, Django's `MIDDLEWARE` list.
    pub span: Range<usize>,
    /// The folder (root-relative, `/`-separated) whose modules belong to the app.
    pub dir: String,
    /// "Flask app `app`", "Django project `shop.settings`".
    pub label: String,
}

/// Test code is never an entry point, an app or app-wide instrumentation: `test_*.py`, `*_test.py`,
/// `conftest.py`, anything under a `tests`/`test`/`testing` folder.
pub fn is_test_path(root_relative: &str) -> bool {
    let mut parts = root_relative.split('/');
    let file = parts.next_back().unwrap_or("");
    let stem = file.trim_end_matches(".py");
    stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || stem == "tests"
        || stem == "conftest"
        || parts.any(|p| matches!(p, "tests" | "test" | "testing" | "testutils"))
}

/// A command-line tool's module (`pkg/cli/login.py`, `pkg/cli.py`): a web app it builds is a local
/// callback or preview server for one user, not a service anyone alerts on.
pub fn is_cli_path(root_relative: &str) -> bool {
    let stem = root_relative.trim_end_matches(".py");
    stem.split('/')
        .any(|p| matches!(p, "cli" | "_cli" | "commands" | "management"))
        || stem.ends_with("/cli")
}

pub use crate::python::paths::is_dev_path;

/// Test, command-line and development code: no entry point, app or app-wide instrumentation there.
pub fn is_not_served(root_relative: &str) -> bool {
    is_test_path(root_relative) || is_cli_path(root_relative) || is_dev_path(root_relative)
}

/// The folder of a root-relative path: `shop/api/views.py` → `shop/api`.
pub fn dir_of(root_relative: &str) -> &str {
    root_relative.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Whether `inner` is `outer` or below it.
pub fn is_within(inner: &str, outer: &str) -> bool {
    outer.is_empty()
        || inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The top folder of a path, past a `src/` layout folder.
fn top_dir(root_relative: &str) -> &str {
    let path = root_relative
        .strip_prefix("src/")
        .map_or(root_relative, |rest| rest);
    let offset = root_relative.len() - path.len();
    match path.split_once('/') {
        Some((top, _)) => &root_relative[..offset + top.len()],
        None => &root_relative[..offset.saturating_sub(1)],
    }
}

/// Constructors of app objects, by framework.
const CONSTRUCTORS: &[(&str, &str, Framework)] = &[
    ("flask", "Flask", Framework::Flask),
    ("quart", "Quart", Framework::Flask),
    ("fastapi", "FastAPI", Framework::FastApi),
    ("starlette", "Starlette", Framework::FastApi),
    ("aiohttp", "Application", Framework::Aiohttp),
    ("celery", "Celery", Framework::Celery),
    ("tornado", "Application", Framework::Tornado),
    ("pyramid", "Configurator", Framework::Pyramid),
    ("grpc", "server", Framework::Grpc),
];

/// Whether entry points of this framework are served by an app object the project builds: without one
/// in the repository, its routes and tasks are a library's (a reusable Django app, blueprints), and the
/// host application that mounts them is where app-wide instrumentation goes.
pub fn has_app_objects(framework: Framework) -> bool {
    matches!(
        framework,
        Framework::Flask
            | Framework::FastApi
            | Framework::Django
            | Framework::Aiohttp
            | Framework::Tornado
            | Framework::Celery
    )
}

/// Every app object of the project, outside test code.
pub fn find_apps(modules: &Modules) -> Vec<App> {
    let mut out: Vec<App> = Vec::new();
    for (m, model) in modules.parsed() {
        let path = modules.root_relative(m);
        if is_not_served(path) {
            continue;
        }
        let module_scope = model.scopes.first();
        // Which constructors the module can call, read from its imports once: per assignment it
        // made a module of many imports and assignments quadratic.
        let constructors: Vec<(&str, Vec<&str>, bool, Framework)> = CONSTRUCTORS
            .iter()
            .map(|(root, ctor, f)| {
                (
                    *ctor,
                    local_names_of(model, root, ctor),
                    imports_any(model, &[root]),
                    *f,
                )
            })
            .collect();
        // Django: a settings module names its middleware or root urlconf. `INSTALLED_APPS` alone is a
        // reusable app's defaults for projects to import (`from misago.settings import *`), not a
        // project anyone deploys.
        if imports_any(model, &["django"]) || path.contains("settings") {
            let settings = module_scope.and_then(|s| {
                let mut found = None;
                for e in &s.events {
                    if let Event::Assign { targets, value, .. } = e {
                        let name = targets.first().map(String::as_str);
                        match name {
                            Some("MIDDLEWARE") => return Some(value.span.clone()),
                            Some("ROOT_URLCONF") if found.is_none() => {
                                found = Some(value.span.clone())
                            }
                            _ => {}
                        }
                    }
                }
                found
            });
            if let Some(span) = settings {
                out.push(App {
                    framework: Framework::Django,
                    module: Some(m),
                    file: modules.file(m),
                    span,
                    dir: String::new(),
                    label: format!("Django project `{}`", modules.name(m)),
                });
            }
        }
        // `class Flower(tornado.web.Application)`, `class GatewayAPI(FastAPI)`: the class is the app.
        for class in &model.classes {
            let framework = class.bases.iter().find_map(|b| {
                let chain = b.dotted()?;
                let last = *chain.last()?;
                constructors.iter().find_map(|(ctor, local, imported, f)| {
                    (last == *ctor
                        && *f != Framework::Grpc
                        && (local.contains(&last) || (chain.len() > 1 && *imported)))
                        .then_some(*f)
                })
            });
            if let Some(framework) = framework {
                out.push(App {
                    framework,
                    module: Some(m),
                    file: modules.file(m),
                    span: class.name_span.clone(),
                    dir: String::new(),
                    label: format!("{} app `{}`", framework.as_str(), class.name),
                });
            }
        }
        for scope in &model.scopes {
            for event in &scope.events {
                let Event::Assign { targets, value, .. } = event else {
                    continue;
                };
                let ExprKind::Call(_) = &value.kind else {
                    continue;
                };
                let Some(chain) = callee(value) else { continue };
                let Some(&last) = chain.last() else { continue };
                let framework = constructors.iter().find_map(|(ctor, local, imported, f)| {
                    let named = if chain.len() == 1 {
                        local.contains(&last)
                    } else {
                        last == *ctor && *imported
                    };
                    named.then_some(*f)
                });
                let Some(framework) = framework else { continue };
                let name = targets.first().cloned().unwrap_or_default();
                out.push(App {
                    framework,
                    module: Some(m),
                    file: modules.file(m),
                    span: value.span.clone(),
                    dir: String::new(),
                    label: format!("{} app `{name}`", framework.as_str()),
                });
            }
        }
    }
    // Where some settings module has `MIDDLEWARE`, that is the project's; modules holding only
    // defaults (`INSTALLED_APPS` for a package's users to import) are not apps of their own.
    let has_middleware = |a: &App| {
        a.module
            .and_then(|m| modules.model(m))
            .and_then(|model| model.scopes.first().cloned())
            .is_some_and(|s| {
                s.events.iter().any(|e| {
                    matches!(e, Event::Assign { targets, .. } if targets.first().map(String::as_str) == Some("MIDDLEWARE"))
                })
            })
    };
    if out
        .iter()
        .any(|a| a.framework == Framework::Django && has_middleware(a))
    {
        out.retain(|a| a.framework != Framework::Django || has_middleware(a));
    }
    // An app owns its top folder, unless another app of its framework lives there too: then each owns
    // its own folder (a Django settings package counts as the folder above it).
    let dirs: Vec<(Framework, String, String)> = out
        .iter()
        .map(|a| {
            let path = a.module.map_or("", |m| modules.root_relative(m));
            let mut own = dir_of(path);
            if a.framework == Framework::Django && own.rsplit('/').next() == Some("settings") {
                own = dir_of(own);
            }
            (a.framework, top_dir(path).to_string(), own.to_string())
        })
        .collect();
    for (i, app) in out.iter_mut().enumerate() {
        let (f, top, own) = &dirs[i];
        let shared = dirs
            .iter()
            .any(|(f2, top2, own2)| f2 == f && top2 == top && own2 != own);
        app.dir = if shared { own.clone() } else { top.clone() };
    }
    out
}

/// The app of each entry point: the app of its framework whose folder holds it most closely, else the
/// only app of its framework, else a group of the entry points of its top folder (added to `apps`).
pub fn assign(apps: &mut Vec<App>, modules: &Modules, entries: &[EntryPoint]) -> Vec<usize> {
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let path = modules.root_relative(e.module);
        let same = |a: &App| a.framework == e.framework;
        let closest = apps
            .iter()
            .enumerate()
            .filter(|(_, a)| same(a) && a.module.is_some() && is_within(path, &a.dir))
            .max_by_key(|(i, a)| (a.dir.len(), std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        let only = || {
            let mut of = apps
                .iter()
                .enumerate()
                .filter(|(_, a)| same(a) && a.module.is_some());
            let first = of.next()?.0;
            of.next().is_none().then_some(first)
        };
        let top = top_dir(path);
        let group = || {
            apps.iter()
                .position(|a| same(a) && a.module.is_none() && a.dir == top)
        };
        let i = match closest.or_else(only).or_else(group) {
            Some(i) => i,
            None => {
                apps.push(App {
                    framework: e.framework,
                    module: None,
                    file: modules.file(e.module),
                    span: e.span.clone(),
                    dir: top.to_string(),
                    label: format!("{} {}s", e.framework.as_str(), e.framework.noun()),
                });
                apps.len() - 1
            }
        };
        out.push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_code_by_path() {
        for p in [
            "tests/test_app.py",
            "app/tests/views.py",
            "app/views_test.py",
            "conftest.py",
            "pkg/test_views.py",
        ] {
            assert!(is_test_path(p), "{p}");
        }
        for p in ["app/views.py", "app/testimonials.py", "contest.py"] {
            assert!(!is_test_path(p), "{p}");
        }
    }

    #[test]
    fn development_projects_by_path() {
        for p in [
            "devproject/settings.py",
            "examples/app.py",
            "docs/conf/app.py",
            "demo/api/main.py",
            "wagtail/project_template/project_name/settings/base.py",
            "{{cookiecutter.project_slug}}/app.py",
            "ckanext/example_theme/plugin.py",
        ] {
            assert!(is_dev_path(p), "{p}");
        }
        for p in [
            "misago/settings.py",
            "demo.py",
            "app/examples.py",
            "shop/sample_views.py",
        ] {
            assert!(!is_dev_path(p), "{p}");
        }
    }

    #[test]
    fn top_folders_past_src() {
        assert_eq!(top_dir("shop/api/views.py"), "shop");
        assert_eq!(top_dir("src/shop/views.py"), "src/shop");
        assert_eq!(top_dir("app.py"), "");
        assert!(is_within("shop/api", "shop"));
        assert!(!is_within("shopping", "shop"));
        assert!(is_within("x", ""));
    }
}
