//! What a module's path says about the code in it, shared by the Python passes.

/// A development, example or demo project shipped beside a reusable app (`devproject/settings.py`,
/// `examples/flask_app.py`, `ckanext/example_theme/`), or a project scaffold
/// (`project_template/project_name/settings.py`, `{{cookiecutter.slug}}/app.py`): run on a laptop to
/// try the app or copied to start one, not deployed, so nobody alerts on it.
pub fn is_dev_path(root_relative: &str) -> bool {
    let mut parts = root_relative.split('/');
    parts.next_back();
    parts.any(|p| {
        matches!(
            p,
            "devproject"
                | "dev_project"
                | "testproject"
                | "test_project"
                | "example"
                | "examples"
                | "example_project"
                | "exampleproject"
                | "demo"
                | "demos"
                | "demoproject"
                | "sample"
                | "samples"
                | "sampleproject"
                | "sandbox"
                | "docs"
                // What `startproject`/`startapp`/cookiecutter copy into a new project: scaffolds,
                // served only once someone has generated and changed them.
                | "project_template"
                | "app_template"
                | "project_name"
        ) || p.starts_with("example_")
            || p.contains("{{")
    })
}
