//! Why a committed cache file is never believed: the cache lives in the scanned tree, so an untrusted
//! pull request can add `.obslint_cache/` holding entries that say its files leak nothing. Every cache
//! file carries an HMAC-SHA256 tag under a key that lives outside the tree, in the user's own cache
//! folder (`$XDG_CACHE_HOME/obslint/cache-key`, else `~/.cache/obslint/cache-key`), made once from
//! the system's random source. A file that does not verify under this machine's key is ignored,
//! whatever it holds; with no key to be had there is no cache.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::path::PathBuf;

pub const TAG_LEN: usize = 32;

pub struct Key([u8; 32]);

impl Key {
    /// This user's key, made on first use.
    pub fn load() -> Option<Key> {
        let path = key_path()?;
        if let Some(key) = read(&path) {
            return Some(Key(key));
        }
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).ok()?;
        write(&path, &key)?;
        // Two first runs at once: whichever file won, use it.
        read(&path).map(Key)
    }

    pub fn tag(&self, payload: &[u8]) -> [u8; TAG_LEN] {
        self.mac(payload).finalize().into_bytes().into()
    }

    pub fn verify(&self, payload: &[u8], tag: &[u8]) -> bool {
        self.mac(payload).verify_slice(tag).is_ok()
    }

    fn mac(&self, payload: &[u8]) -> Hmac<Sha256> {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(payload);
        mac
    }
}

fn key_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("obslint").join("cache-key"))
}

fn read(path: &std::path::Path) -> Option<[u8; 32]> {
    std::fs::read(path).ok()?.try_into().ok()
}

/// Writes the key readable by its owner only, to a temporary name first so no run reads half a key.
fn write(path: &std::path::Path, key: &[u8; 32]) -> Option<()> {
    use std::io::Write;
    let dir = path.parent()?;
    std::fs::create_dir_all(dir).ok()?;
    let tmp = dir.join(format!(".cache-key-{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp).ok()?;
    file.write_all(key).ok()?;
    drop(file);
    // Never replace a key another run wrote meanwhile: its caches are sealed with it.
    let kept = std::fs::hard_link(&tmp, path).is_ok() || path.exists();
    let _ = std::fs::remove_file(&tmp);
    kept.then_some(())
}
