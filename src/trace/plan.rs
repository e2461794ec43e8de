//! The trace part of the plan: where the registry is (`[trace] registry`, default `telemetry/registry`
//! when it exists) and which registry it is compared with (`check --schema-base REF`, read from git,
//! or `schema-diff OLD_DIR NEW_DIR`). The command layer resolves it (`settings::resolve_trace`), so a
//! bad folder or ref fails there, with exit 2, before any work.

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
