//! The registry as it was at a git revision (`--schema-base REF`), read with `git ls-tree` and
//! `git cat-file --batch`: the work tree is never touched and nothing is fetched.

use super::plan::BaseFile;
use crate::config::ConfigError;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The YAML files of `registry` (a folder on disk, which may no longer exist) at `reference`.
pub fn files_at(
    reference: &str,
    registry: &Path,
    root: &Path,
) -> Result<Vec<BaseFile>, ConfigError> {
    let git_dir = registry
        .ancestors()
        .find(|d| d.is_dir())
        .unwrap_or(root)
        .to_path_buf();
    let top = crate::diff::git(&git_dir, &["rev-parse", "--show-toplevel"])
        .map_err(|e| ConfigError::plain(format!("--schema-base needs a git repository: {e}")))?;
    let top = PathBuf::from(top.trim());
    let top = top.canonicalize().unwrap_or(top);
    crate::diff::verify_commit(&git_dir, "--schema-base", reference)?;
    let inside = |p: &Path| -> Option<String> {
        let p = p.canonicalize().ok()?;
        let rel = p.strip_prefix(&top).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    };
    let folder = inside(registry).ok_or_else(|| {
        ConfigError::plain(format!(
            "--schema-base: the registry folder {} is not inside the git repository {}",
            registry.display(),
            top.display()
        ))
    })?;
    let root_prefix = inside(root).unwrap_or_default();
    let listing = crate::diff::git(
        &top,
        &["ls-tree", "-r", "-z", reference, "--", folder.as_str()],
    )
    .map_err(|e| ConfigError::plain(format!("--schema-base: git ls-tree failed: {e}")))?;
    // "<mode> <type> <object>\t<path>" per entry, NUL-separated.
    let blobs: Vec<(String, String)> = listing
        .split('\0')
        .filter_map(|entry| {
            let (meta, path) = entry.split_once('\t')?;
            let mut parts = meta.split(' ');
            let (_, kind, object) = (parts.next()?, parts.next()?, parts.next()?);
            let yaml = path.ends_with(".yaml") || path.ends_with(".yml");
            (kind == "blob" && yaml).then(|| (object.to_string(), path.to_string()))
        })
        .collect();
    let texts = cat_blobs(
        &top,
        &blobs.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(),
    )
    .map_err(|e| {
        ConfigError::plain(format!(
            "--schema-base: cannot read files at `{reference}`: {e}"
        ))
    })?;
    Ok(blobs
        .into_iter()
        .zip(texts)
        .map(|((_, path), text)| BaseFile {
            display_path: format!("{reference}:{path}"),
            root_relative: match root_prefix.as_str() {
                "" => path.clone(),
                prefix => path
                    .strip_prefix(&format!("{prefix}/"))
                    .unwrap_or(&path)
                    .to_string(),
            },
            text,
        })
        .collect())
}

/// The contents of blobs, in order, from one `git cat-file --batch`.
fn cat_blobs(top: &Path, objects: &[&str]) -> Result<Vec<String>, String> {
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .current_dir(top)
        .args(["cat-file", "--batch"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let input: String = objects.iter().map(|o| format!("{o}\n")).collect();
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    // Written from another thread: git answers while we write, and a full pipe must not block both.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut output = Vec::new();
    child
        .stdout
        .take()
        .ok_or("no stdout")?
        .read_to_end(&mut output)
        .map_err(|e| e.to_string())?;
    let _ = writer.join();
    let _ = child.wait();
    let mut rest = output.as_slice();
    let mut texts = Vec::with_capacity(objects.len());
    for object in objects {
        // "<object> blob <size>\n<content>\n", or "<object> missing\n".
        let newline = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("truncated output")?;
        let header = String::from_utf8_lossy(&rest[..newline]).into_owned();
        rest = &rest[newline + 1..];
        let size: usize = header
            .split(' ')
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("object {object}: {header}"))?;
        let content = rest.get(..size).ok_or("truncated output")?;
        texts.push(String::from_utf8_lossy(content).into_owned());
        rest = rest.get(size + 1..).unwrap_or_default();
    }
    Ok(texts)
}
