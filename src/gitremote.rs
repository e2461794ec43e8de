//! The web addresses of the repository that holds the project: its remotes in `.git/config` and its
//! submodules in `.gitmodules`, read as files (never by running git, never over the network). A runbook
//! link to `https://github.com/acme/shop/blob/<any branch>/docs/x.md` then resolves to `docs/x.md`.

use std::path::{Path, PathBuf};

/// A repository's web address (`github.com/acme/shop`, lower case) and the folder holding its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoUrl {
    pub web: String,
    pub dir: PathBuf,
}

/// Remotes of the repository at `repo` (the folder holding `.git`), then its submodules.
pub fn repository_urls(repo: &Path) -> Vec<RepoUrl> {
    let mut out = Vec::new();
    if let Some(config) = git_config_path(repo).and_then(|p| std::fs::read_to_string(p).ok()) {
        for url in values(&config, "remote", "url") {
            if let Some(web) = web_address(&url) {
                out.push(RepoUrl {
                    web,
                    dir: repo.to_path_buf(),
                });
            }
        }
    }
    if let Ok(modules) = std::fs::read_to_string(repo.join(".gitmodules")) {
        for (path, url) in submodules(&modules) {
            let dir = repo.join(path.trim_start_matches('/'));
            // A submodule path must stay inside the repository.
            if path.split('/').any(|s| s == "..") {
                continue;
            }
            if let Some(web) = web_address(&url) {
                out.push(RepoUrl { web, dir });
            }
        }
    }
    out.dedup();
    out
}

/// `.git/config`, or for a worktree or submodule (`.git` is a file `gitdir: ...`) the config of the
/// repository it belongs to.
fn git_config_path(repo: &Path) -> Option<PathBuf> {
    let dot_git = repo.join(".git");
    if dot_git.is_dir() {
        return Some(dot_git.join("config"));
    }
    let text = std::fs::read_to_string(&dot_git).ok()?;
    let gitdir = text.lines().find_map(|l| l.strip_prefix("gitdir:"))?.trim();
    let gitdir = repo.join(gitdir);
    // A linked worktree's gitdir names its common dir; the remotes live there.
    let common = std::fs::read_to_string(gitdir.join("commondir"))
        .ok()
        .map_or(gitdir.clone(), |c| gitdir.join(c.trim()));
    Some(common.join("config"))
}

/// Every `key = value` of sections named `section` (`[remote "origin"]`), in file order.
fn values(config: &str, section: &str, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in config.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            let name = line.trim_start_matches('[');
            inside = name.split([' ', '"', ']']).next() == Some(section);
            continue;
        }
        if !inside {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            if k.trim() == key {
                out.push(v.trim().trim_matches('"').to_string());
            }
        }
    }
    out
}

/// (path, url) of each `[submodule]` section.
fn submodules(modules: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (mut path, mut url) = (None, None);
    let mut flush = |path: &mut Option<String>, url: &mut Option<String>| {
        if let (Some(p), Some(u)) = (path.take(), url.take()) {
            out.push((p, u));
        }
    };
    for line in modules.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            flush(&mut path, &mut url);
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            let v = v.trim().trim_matches('"').to_string();
            match k.trim() {
                "path" => path = Some(v),
                "url" => url = Some(v),
                _ => {}
            }
        }
    }
    flush(&mut path, &mut url);
    out
}

/// `git@github.com:acme/shop.git`, `https://user@gitlab.com/acme/shop`, `ssh://git@host:22/acme/shop`
/// → `github.com/acme/shop`. None for local paths.
pub fn web_address(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = if let Some((scheme, rest)) = url.split_once("://") {
        if !matches!(scheme, "https" | "http" | "ssh" | "git" | "git+ssh") {
            return None;
        }
        rest
    } else {
        // scp-like syntax: `user@host:path`.
        let (host, path) = url.split_once(':')?;
        if host.contains('/') {
            return None;
        }
        return web_address(&format!("ssh://{host}/{path}"));
    };
    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    let (host, path) = rest.split_once('/')?;
    let host = host.split(':').next().unwrap_or(host);
    let path = path.trim_end_matches('/').trim_end_matches(".git");
    if host.is_empty() || path.is_empty() {
        return None;
    }
    Some(format!("{host}/{path}").to_lowercase())
}

/// Where a web link into one of `repos` points: the repository's folder and each reading of the rest
/// as `<branch>/<path>` (branch names may hold `/`), shortest branch first. Knows GitHub's and GitLab's
/// `blob`/`tree`/`raw` pages and raw.githubusercontent.com.
pub fn local_candidates(link: &str, repos: &[RepoUrl]) -> Option<Vec<PathBuf>> {
    let (_, rest) = link.split_once("://")?;
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let lower = rest.to_lowercase();
    for repo in repos {
        let (prefix, page) = if let Some(n) = raw_github(&lower, &repo.web) {
            (n, false)
        } else if lower.starts_with(&repo.web) && lower[repo.web.len()..].starts_with('/') {
            (repo.web.len() + 1, true)
        } else {
            continue;
        };
        let mut tail = rest.get(prefix..).unwrap_or("");
        if page {
            let t = tail.strip_prefix("-/").unwrap_or(tail);
            let Some(t) = ["blob/", "tree/", "raw/"]
                .iter()
                .find_map(|page| t.strip_prefix(page))
            else {
                continue;
            };
            tail = t;
        }
        let segments: Vec<&str> = tail.split('/').filter(|s| !s.is_empty()).collect();
        let candidates = (1..segments.len())
            .map(|k| repo.dir.join(segments[k..].join("/")))
            .collect::<Vec<_>>();
        if !candidates.is_empty() {
            return Some(candidates);
        }
    }
    None
}

/// `raw.githubusercontent.com/acme/shop/main/x.md` for the repository `github.com/acme/shop`: the length
/// of the part before the branch.
fn raw_github(lower_link: &str, web: &str) -> Option<usize> {
    let repo = web.strip_prefix("github.com/")?;
    let prefix = format!("raw.githubusercontent.com/{repo}/");
    lower_link.starts_with(&prefix).then_some(prefix.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_of_remote_urls() {
        for (url, web) in [
            ("git@github.com:Acme/Shop.git", Some("github.com/acme/shop")),
            ("https://github.com/acme/shop", Some("github.com/acme/shop")),
            (
                "https://ci:token@gitlab.com/group/sub/proj.git/",
                Some("gitlab.com/group/sub/proj"),
            ),
            (
                "ssh://git@git.example.com:2222/acme/shop.git",
                Some("git.example.com/acme/shop"),
            ),
            ("/srv/git/shop.git", None),
            ("../shop", None),
        ] {
            assert_eq!(web_address(url).as_deref(), web, "{url}");
        }
    }

    #[test]
    fn config_and_submodules() {
        let config = "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = git@github.com:acme/shop.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch \"main\"]\n\tremote = origin\n";
        assert_eq!(
            values(config, "remote", "url"),
            ["git@github.com:acme/shop.git"]
        );
        let modules = "[submodule \"runbooks\"]\n\tpath = docs/runbooks\n\turl = https://github.com/acme/runbooks\n";
        assert_eq!(
            submodules(modules),
            [(
                "docs/runbooks".to_string(),
                "https://github.com/acme/runbooks".to_string()
            )]
        );
    }

    #[test]
    fn links_map_to_paths_on_any_branch() {
        let repos = [RepoUrl {
            web: "github.com/acme/shop".into(),
            dir: PathBuf::from("/r"),
        }];
        let c = local_candidates(
            "https://github.com/Acme/shop/blob/release/1.2/docs/x.md",
            &repos,
        )
        .unwrap();
        assert_eq!(
            c,
            [
                PathBuf::from("/r/1.2/docs/x.md"),
                PathBuf::from("/r/docs/x.md"),
                PathBuf::from("/r/x.md")
            ]
        );
        let c = local_candidates(
            "https://gitlab.com/acme/shop/-/blob/main/x.md",
            &[RepoUrl {
                web: "gitlab.com/acme/shop".into(),
                dir: PathBuf::from("/r"),
            }],
        )
        .unwrap();
        assert_eq!(c, [PathBuf::from("/r/x.md")]);
        assert_eq!(
            local_candidates(
                "https://raw.githubusercontent.com/acme/shop/main/x.md",
                &repos
            )
            .unwrap(),
            [PathBuf::from("/r/x.md")]
        );
        assert!(
            local_candidates("https://github.com/acme/shopping/blob/main/x.md", &repos).is_none()
        );
        assert!(local_candidates("https://github.com/other/shop/blob/main/x.md", &repos).is_none());
    }
}
