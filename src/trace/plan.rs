//! The trace part of the plan: where the registry is (`[trace] registry`, default `telemetry/registry`
//! when it exists) and which registry it is compared with (`check --schema-base REF`, read from git here,
//! or `schema-diff OLD_DIR NEW_DIR`). A bad folder or ref fails here, with exit 2, before any work.

use crate::cli::{CheckArgs, SchemaDiffArgs};
use crate::config::{ConfigError, LoadedConfig};
use crate::settings::Settings;
use std::path::{Path, PathBuf};

/// The default registry folder, relative to the config's folder, used when it exists.
pub const DEFAULT_REGISTRY: &str = "telemetry/registry";

#[derive(Debug, Default)]
pub struct TraceSettings {
    /// The registry folder, when the project has one.
    pub registry: Option<PathBuf>,
    /// The same, canonical: files below it are registry files, never rule files.
    canonical: Option<PathBuf>,
    /// The registry to compare with, read before any work.
    pub base: Option<Base>,
}

/// An older registry: its files' text, read from git or from a folder.
#[derive(Debug)]
pub struct Base {
    /// The revision (`origin/main`) or folder it was read from, for messages.
    pub name: String,
    pub files: Vec<BaseFile>,
}

#[derive(Debug)]
pub struct BaseFile {
    /// `REF:telemetry/registry/x.yaml`, or the path relative to the working directory.
    pub display_path: String,
    /// Relative to the project root, for `per-file-ignores`.
    pub root_relative: String,
    pub text: String,
}

impl TraceSettings {
    pub fn new(registry: Option<PathBuf>, base: Option<Base>) -> Self {
        TraceSettings {
            canonical: registry.as_ref().and_then(|r| r.canonicalize().ok()),
            registry,
            base,
        }
    }

    /// Whether a file lies in the registry folder (and so is read as a registry file only).
    pub fn holds(&self, path: &Path) -> bool {
        self.canonical
            .as_ref()
            .is_some_and(|dir| path.canonicalize().is_ok_and(|p| p.starts_with(dir)))
    }
}

/// `[trace]` of the config and `--schema-base` of `obslint check`.
pub fn resolve(args: &CheckArgs, loaded: &LoadedConfig) -> Result<TraceSettings, ConfigError> {
    let registry = match &loaded.config.trace.registry {
        Some(value) => {
            let dir = loaded.root.join(value.get_ref());
            if !dir.is_dir() {
                return Err(ConfigError::at(
                    loaded,
                    value.span(),
                    format!("trace.registry `{}` is not a folder", value.get_ref()),
                )
                .with_help("name the folder that holds the semantic-convention YAML, relative to this config file"));
            }
            Some(dir)
        }
        None => Some(loaded.root.join(DEFAULT_REGISTRY)).filter(|d| d.is_dir()),
    };
    let base = match (&args.schema_base, &registry) {
        (None, _) => None,
        (Some(reference), Some(dir)) => Some(Base {
            name: reference.clone(),
            files: super::git::files_at(reference, dir, &loaded.root)?,
        }),
        (Some(_), None) => {
            return Err(ConfigError::plain(format!(
                "--schema-base: no registry folder (`{DEFAULT_REGISTRY}` does not exist and config `trace.registry` is not set)"
            ))
            .with_help("set `[trace] registry = \"...\"` in obslint.toml to the folder with the semantic-convention YAML"))
        }
    };
    Ok(TraceSettings::new(registry, base))
}

/// The settings of `obslint schema-diff OLD_DIR NEW_DIR`: a check of NEW_DIR as the registry, compared
/// with OLD_DIR, with only the registry rules (TRC000 and TRC1xx) selected.
pub fn schema_diff(
    args: &SchemaDiffArgs,
    loaded: &LoadedConfig,
    cwd: PathBuf,
) -> Result<Settings, ConfigError> {
    for dir in [&args.old, &args.new] {
        if !dir.is_dir() {
            return Err(ConfigError::plain(format!(
                "schema-diff: `{}` is not a folder",
                dir.display()
            ))
            .with_help(
                "give the old and the new registry folders: obslint schema-diff OLD_DIR NEW_DIR",
            ));
        }
    }
    let check = CheckArgs {
        config: args.config.clone(),
        format: args.format,
        output: args.output.clone(),
        fail_on: args.fail_on,
        no_color: args.no_color,
        quiet: args.quiet,
        select: Some(vec!["TRC000".into(), "TRC1".into()]),
        ..CheckArgs::new(vec![args.new.clone()])
    };
    let mut settings = crate::settings::resolve(&check, loaded, cwd)?;
    let base = Base {
        name: args.old.display().to_string(),
        files: super::load::yaml_files(&args.old)
            .into_iter()
            .filter_map(|path| {
                let text = crate::source::read_regular(&path, None).ok()?;
                Some(BaseFile {
                    display_path: crate::discover::relative_to(&path, &settings.cwd),
                    root_relative: crate::discover::relative_to(&path, &settings.root),
                    text: String::from_utf8_lossy(&text).into_owned(),
                })
            })
            .collect(),
    };
    settings.trace = TraceSettings::new(Some(args.new.clone()), Some(base));
    Ok(settings)
}
