//! The persistent cache, `.obslint_cache/` at the project root (as ruff keeps `.ruff_cache`): what
//! parsing each Python file yielded, so a second run on an unchanged tree parses nothing.
//!
//! An entry is keyed by the file's path and content hash; the cache file as a whole by the settings
//! that shape the facts (its name) and by the obslint build that wrote it (inside, sealed). A file
//! whose size and modification time are what they were when the entry was written, and that was
//! already older than that run, is trusted without being read, as git trusts its index; any other is
//! read and hashed, and a different hash is a miss.
//!
//! The folder lies inside the scanned tree, so a pull request can commit one: see [`seal`] for why
//! such a file is never believed.

mod seal;

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// The cache's folder, at the project root.
pub const DIR: &str = ".obslint_cache";

/// What a cache file starts with; a file that starts otherwise is not ours.
const MAGIC: &[u8; 16] = b"obslint-cache-1\n";

/// A modification time this close to the run that recorded it may hide a later edit in the same
/// clock tick (coarse file systems count in seconds, FAT in two): such a file is always re-hashed.
const RACY_NS: u64 = 2_000_000_000;

pub type Hash = [u8; 32];

/// What the cache knows of one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub size: u64,
    /// Modification time in ns since the epoch, when the platform gave one.
    pub modified_ns: Option<u64>,
    pub hash: Hash,
    /// When the run that recorded it started, in ns since the epoch.
    pub recorded_ns: u64,
    /// The file had something to show (a finding, a suppression, facts other files read): its text
    /// is read again to render snippets and parse its suppression comments.
    pub needs_text: bool,
    /// The facts, encoded by [`encode`]: decoded only for the files that are hits, on the worker
    /// threads.
    pub facts: Vec<u8>,
}

impl Entry {
    /// Whether two entries say the same of a file (when it was recorded aside).
    fn same(&self, other: &Entry) -> bool {
        self.size == other.size
            && self.modified_ns == other.modified_ns
            && self.hash == other.hash
            && self.needs_text == other.needs_text
    }
}

/// One cache file, open for a run.
pub struct Cache {
    file: PathBuf,
    key: seal::Key,
    /// The build and settings the entries are for; a file recorded for others is ignored.
    build: Vec<u8>,
    started_ns: u64,
    old: HashMap<String, Entry>,
    /// Entries met in this run (hits and new ones), by path.
    fresh: Mutex<Vec<(String, Entry)>>,
}

/// The file's content hash.
pub fn content_hash(bytes: &[u8]) -> Hash {
    Sha256::digest(bytes).into()
}

/// A time in ns since the epoch.
pub fn nanos(time: SystemTime) -> Option<u64> {
    time.duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| u64::try_from(d.as_nanos()).ok())
}

pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).unwrap_or_default()
}

/// None for bytes that do not decode (they come from a sealed file of this build, so only a bug
/// in an encoder gets here: it is then a miss, not a crash).
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    postcard::from_bytes(bytes).ok()
}

impl Cache {
    /// The cache for `settings_key` below `root`, with the entries an earlier run of this build left;
    /// None when there can be none (no key can be had, or the folder is a symbolic link, which could
    /// point out of the tree).
    pub fn open(root: &Path, settings_key: &[u8]) -> Option<Cache> {
        let dir = root.join(DIR).join(env!("CARGO_PKG_VERSION"));
        if [root.join(DIR), dir.clone()]
            .iter()
            .any(|d| d.symlink_metadata().is_ok_and(|m| !m.is_dir()))
        {
            return None;
        }
        let key = seal::Key::load()?;
        let name = hex(&content_hash(settings_key)[..8]);
        let file = dir.join(format!("python-{name}.bin"));
        let build = [build_id().as_slice(), settings_key].concat();
        let old = std::fs::read(&file)
            .ok()
            .and_then(|bytes| read_entries(&bytes, &key, &build))
            .unwrap_or_default();
        Some(Cache {
            file,
            key,
            build,
            started_ns: nanos(SystemTime::now()).unwrap_or(0),
            old,
            fresh: Mutex::new(Vec::new()),
        })
    }

    /// The entry for `path` when its size and modification time say it is unchanged.
    pub fn by_stat(&self, path: &str, size: u64, modified: Option<SystemTime>) -> Option<&Entry> {
        let entry = self.old.get(path)?;
        let modified = modified.and_then(nanos)?;
        let settled = modified.saturating_add(RACY_NS) < entry.recorded_ns;
        (entry.size == size && entry.modified_ns == Some(modified) && settled).then_some(entry)
    }

    /// The entry for `path` when the file's content is what was recorded.
    pub fn by_hash(&self, path: &str, hash: &Hash) -> Option<&Entry> {
        self.old.get(path).filter(|e| &e.hash == hash)
    }

    /// Keeps what this run learned of `path`.
    pub fn record(&self, path: &str, entry: Entry) {
        if let Ok(mut fresh) = self.fresh.lock() {
            fresh.push((path.to_string(), entry));
        }
    }

    /// An entry for a file read now: its stat, its hash, its encoded facts.
    pub fn entry(
        &self,
        size: u64,
        modified: Option<SystemTime>,
        hash: Hash,
        needs_text: bool,
        facts: Vec<u8>,
    ) -> Entry {
        Entry {
            size,
            modified_ns: modified.and_then(nanos),
            hash,
            recorded_ns: self.started_ns,
            needs_text,
            facts,
        }
    }

    /// Writes the entries of this run, and those of earlier runs for files this run did not look
    /// at that still exist (a run on one folder keeps the rest), when this run learned anything. Written to a temporary file and
    /// renamed over the old one, so concurrent runs each leave a whole file and readers never see
    /// half of one.
    pub fn save(self, root: &Path) -> std::io::Result<()> {
        let fresh: HashMap<String, Entry> = self
            .fresh
            .into_inner()
            .unwrap_or_default()
            .into_iter()
            .collect();
        let changed = fresh
            .iter()
            .any(|(path, e)| self.old.get(path).is_none_or(|o| !o.same(e)));
        // A warm run over an unchanged tree writes nothing (and looks at no other file).
        if !changed {
            return Ok(());
        }
        let mut entries = fresh;
        for (path, entry) in self.old {
            if !entries.contains_key(&path) && root.join(&path).is_file() {
                entries.insert(path, entry);
            }
        }
        let Some(dir) = self.file.parent() else {
            return Ok(());
        };
        create_dir(root)?;
        std::fs::create_dir_all(dir)?;
        let mut sorted: Vec<(String, Entry)> = entries.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let payload = encode(&(self.build.as_slice(), sorted));
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&self.key.tag(&payload));
        bytes.extend_from_slice(&payload);
        let tmp = dir.join(format!(".tmp-{}-{}", std::process::id(), self.started_ns));
        std::fs::write(&tmp, &bytes)?;
        std::fs::rename(&tmp, &self.file).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

/// The entries of a cache file, when it is ours, whole, sealed with our key and for this build and
/// settings; else none.
fn read_entries(bytes: &[u8], key: &seal::Key, build: &[u8]) -> Option<HashMap<String, Entry>> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (tag, payload) = rest.split_at_checked(seal::TAG_LEN)?;
    if !key.verify(payload, tag) {
        return None;
    }
    let (written_for, entries): (Vec<u8>, Vec<(String, Entry)>) = decode(payload)?;
    (written_for == build).then(|| entries.into_iter().collect())
}

/// `.obslint_cache/` with what tells other tools to leave it alone: a `.gitignore` that ignores it
/// all, and the cache-directory tag backup tools honour.
fn create_dir(root: &Path) -> std::io::Result<()> {
    let dir = root.join(DIR);
    std::fs::create_dir_all(&dir)?;
    let gitignore = dir.join(".gitignore");
    if !gitignore.exists() {
        std::fs::write(
            gitignore,
            "# Made by obslint: the whole folder is a cache.\n*\n",
        )?;
    }
    let tag = dir.join("CACHEDIR.TAG");
    if !tag.exists() {
        std::fs::write(
            tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by obslint.\n",
        )?;
    }
    Ok(())
}

/// `obslint clean`: removes the cache below `root`. Whether there was one.
pub fn clean(root: &Path) -> std::io::Result<bool> {
    let dir = root.join(DIR);
    match dir.symlink_metadata() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
        // A link is removed, never followed.
        Ok(m) if !m.is_dir() => std::fs::remove_file(&dir).map(|()| true),
        Ok(_) => std::fs::remove_dir_all(&dir).map(|()| true),
    }
}

/// What tells one build of obslint from another: the version, and the executable's size and
/// modification time (a development build changes its facts without changing its version).
fn build_id() -> Vec<u8> {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .map(|m| (m.len(), m.modified().ok().and_then(nanos)));
    format!("{} {:?}", env!("CARGO_PKG_VERSION"), exe).into_bytes()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
