//! Live mode against servers that behave as built: tiny fake servers (std::net::TcpListener) for the
//! ways a server can fail (HTML, 401, too slow, down), and a real Prometheus (the Debian `prometheus`
//! package) holding history written by `promtool tsdb create-blocks-from openmetrics` from series whose
//! behaviour is known by construction.
//!
//! Without the binaries the real-server tests are skipped with a loud message, unless `CI` is set:
//! then they fail, since CI installs the package (`.ci/run`).

mod common;

use assert_cmd::Command;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------------
// Fake servers.

/// Answers every request with `response` (after `delay`), on a thread, until the test ends.
fn fake_server(response: &'static str, delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream, response, delay));
        }
    });
    format!("http://127.0.0.1:{port}")
}

fn answer(mut stream: TcpStream, response: &str, delay: Duration) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    // The request head, up to the empty line.
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
        if line == "\r\n" || line == "\n" {
            break;
        }
        line.clear();
    }
    std::thread::sleep(delay);
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.flush();
}

const HTML: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 39\r\nConnection: close\r\n\r\n<html><body>Please log in</body></html>";
const UNAUTHORIZED: &str = "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\n\r\nUnauthorized";
const OK_ONE: &str = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 68\r\nConnection: close\r\n\r\n{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"1\"]}}";

fn rules_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.yml"),
        "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n",
    )
    .unwrap();
    dir
}

/// `obslint check` with live mode on, in `dir`, with a config.
fn obslint_live(dir: &Path, url: &str, config: &str) -> assert_cmd::assert::Assert {
    std::fs::write(
        dir.join("obslint.toml"),
        format!("[prometheus]\nurl = \"{url}\"\n{config}"),
    )
    .unwrap();
    Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(dir)
        .args(["check", ".", "--select", "LIV", "--no-color"])
        .timeout(Duration::from_secs(60))
        .assert()
}

fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

#[test]
fn an_html_answer_is_one_clear_error() {
    let dir = rules_dir();
    let a = obslint_live(dir.path(), &fake_server(HTML, Duration::ZERO), "").code(2);
    let err = stderr_of(&a);
    assert!(
        err.contains("with an HTML page (HTTP 200), not the Prometheus API"),
        "{err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{err}"
    );
    assert!(a.get_output().stdout.is_empty());
}

#[test]
fn a_401_asks_for_credentials() {
    let dir = rules_dir();
    let a = obslint_live(dir.path(), &fake_server(UNAUTHORIZED, Duration::ZERO), "").code(2);
    let err = stderr_of(&a);
    assert!(
        err.contains("refused the request: HTTP 401 Unauthorized"),
        "{err}"
    );
    assert!(
        err.contains("--prometheus-header 'Authorization: Bearer $TOKEN'"),
        "{err}"
    );
}

#[test]
fn a_slow_server_times_out_instead_of_hanging() {
    let dir = rules_dir();
    let started = Instant::now();
    let url = fake_server(OK_ONE, Duration::from_secs(30));
    let a = obslint_live(dir.path(), &url, "timeout = \"1s\"\n").code(2);
    let err = stderr_of(&a);
    assert!(
        err.contains("did not answer the query `1` within 1 s"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_server_that_is_down_is_one_error() {
    // A port nobody listens on: bound, then released.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = rules_dir();
    let a = obslint_live(dir.path(), &format!("http://127.0.0.1:{port}"), "").code(2);
    let err = stderr_of(&a);
    assert!(
        err.contains(&format!(
            "cannot reach Prometheus at http://127.0.0.1:{port}: connection refused"
        )),
        "{err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{err}"
    );
}

#[test]
fn headers_name_environment_variables_and_a_missing_one_stops_the_run() {
    let dir = rules_dir();
    let a = Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(dir.path())
        .env_remove("OBSLINT_LIVE_TEST_UNSET")
        .args([
            "check",
            ".",
            "--prometheus",
            "http://127.0.0.1:1",
            "--prometheus-header",
            "Authorization: Bearer $OBSLINT_LIVE_TEST_UNSET",
        ])
        .assert()
        .code(2);
    assert!(stderr_of(&a).contains("OBSLINT_LIVE_TEST_UNSET"));
    // --show-settings names the headers, never their values.
    let a = Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(dir.path())
        .env("OBSLINT_LIVE_TEST_TOKEN", "hunter2")
        .args([
            "check",
            ".",
            "--prometheus",
            "http://127.0.0.1:1/",
            "--prometheus-header",
            "Authorization: Bearer ${OBSLINT_LIVE_TEST_TOKEN}",
            "--lookback",
            "2d",
            "--show-settings",
        ])
        .assert()
        .code(0);
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(
        out.contains("prometheus.url = http://127.0.0.1:1\n"),
        "{out}"
    );
    assert!(
        out.contains("prometheus.headers = [Authorization]\n"),
        "{out}"
    );
    assert!(out.contains("prometheus.lookback = 2d\n"), "{out}");
    assert!(!out.contains("hunter2"), "{out}");
}

#[test]
fn without_a_url_nothing_is_queried_and_the_summary_says_so_once() {
    let dir = rules_dir();
    let a = Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", ".", "--select", "LIV", "--no-color"])
        .assert()
        .code(0);
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert_eq!(
        out.matches("Live checks (LIV) not run: no Prometheus server given")
            .count(),
        1,
        "{out}"
    );
    // `obslint noise` cannot do without one.
    let a = Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["noise"])
        .assert()
        .code(2);
    assert!(stderr_of(&a).contains("give it with --prometheus URL"));
    // The default selection (ALL) does not mention it: live mode is opt-in.
    let a = Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", ".", "--no-color"])
        .assert();
    assert!(!String::from_utf8_lossy(&a.get_output().stdout).contains("Live checks"));
}

// ---------------------------------------------------------------------------------------------------
// A real Prometheus.

/// A Prometheus on 127.0.0.1 with a temporary data folder; killed when dropped.
struct Prometheus {
    child: Child,
    url: String,
    /// The time (unix seconds, a whole minute) of the newest generated sample.
    end_s: i64,
    _dir: tempfile::TempDir,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

/// The binaries, or None after a loud message (a panic when CI is set).
fn binaries() -> Option<(PathBuf, PathBuf)> {
    match (binary("prometheus"), binary("promtool")) {
        (Some(p), Some(t)) => Some((p, t)),
        _ => {
            let message = "prometheus/promtool not found on PATH: the live-mode tests against a real Prometheus DID NOT RUN (apt-get install prometheus)";
            if std::env::var_os("CI").is_some() {
                panic!("{message}; CI is set, so this is a failure");
            }
            eprintln!("\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! SKIPPED: {message}\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n");
            None
        }
    }
}

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// The minute offsets (from `end`, in minutes before it) at which `api_errors_ratio` spikes to 0.2, for
/// 3 minutes each: 28 spikes 6 hours apart, all inside the last 7 days.
fn spike_starts(end: i64) -> Vec<i64> {
    (0..28).map(|k| end - 30 * MINUTE - k * 6 * HOUR).collect()
}

/// DiskFull: 4 firings of 30 minutes, one a day. CPUHigh: 5 pairs of 2-minute firings 3 minutes apart,
/// 12 hours between pairs.
fn alert_minutes(end: i64) -> (Vec<i64>, Vec<i64>) {
    let mut disk = Vec::new();
    for k in 0..4 {
        let start = end - 2 * HOUR - k * DAY;
        disk.extend((0..30).map(|m| start + m * MINUTE));
    }
    let mut cpu = Vec::new();
    for k in 0..5 {
        let start = end - 5 * HOUR - k * 12 * HOUR;
        for m in [0, 1, 5, 6] {
            cpu.push(start + m * MINUTE);
        }
    }
    cpu.sort();
    disk.sort();
    (disk, cpu)
}

/// One series of a family: its labels, and its value at a time (None: no sample).
type Generated<'a> = (&'a str, Box<dyn Fn(i64) -> Option<f64>>);

/// OpenMetrics text of every series, one sample a minute from 8 days before `end` to `end`.
fn openmetrics(end: i64) -> String {
    let start = end - 8 * DAY;
    let minutes = || (0..=(end - start) / MINUTE).map(move |i| start + i * MINUTE);
    let mut out = String::new();
    let mut family = |name: &str, series: &[Generated]| {
        out.push_str(&format!("# TYPE {name} gauge\n"));
        for (labels, value) in series {
            for t in minutes() {
                if let Some(v) = value(t) {
                    out.push_str(&format!("{name}{{{labels}}} {v} {t}\n"));
                }
            }
        }
    };
    family(
        "up",
        &[("job=\"api\",instance=\"a\"", Box::new(|_| Some(1.0)))],
    );
    family(
        "http_requests_total",
        &[
            (
                "job=\"api\",code=\"200\"",
                Box::new(move |t| Some((t - start) as f64)),
            ),
            (
                "job=\"api\",code=\"500\"",
                Box::new(move |t| Some(((t - start) / 60) as f64)),
            ),
        ],
    );
    let gone = end - 2 * DAY;
    family(
        "legacy_requests_total",
        &[(
            "job=\"api\"",
            Box::new(move |t| (t <= gone).then_some((t - start) as f64)),
        )],
    );
    let spikes = spike_starts(end);
    family(
        "api_errors_ratio",
        &[(
            "job=\"api\"",
            Box::new(move |t| {
                Some(if spikes.iter().any(|s| t >= *s && t < s + 3 * MINUTE) {
                    0.2
                } else {
                    0.01
                })
            }),
        )],
    );
    family(
        "always_on_condition",
        &[("job=\"api\"", Box::new(|_| Some(1.0)))],
    );
    let (disk, cpu) = alert_minutes(end);
    family(
        "ALERTS",
        &[
            (
                "alertname=\"CPUHigh\",alertstate=\"firing\",severity=\"warning\",team=\"web\"",
                Box::new(move |t| cpu.contains(&t).then_some(1.0)),
            ),
            (
                "alertname=\"DiskFull\",alertstate=\"firing\",severity=\"critical\",team=\"infra\"",
                Box::new(move |t| disk.contains(&t).then_some(1.0)),
            ),
        ],
    );
    out.push_str("# EOF\n");
    out
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn http_get(url: &str) -> Option<String> {
    let rest = url.strip_prefix("http://")?;
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut s = TcpStream::connect(host).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).ok()?;
    Some(body)
}

fn start_prometheus() -> Option<Prometheus> {
    let (prometheus, promtool) = binaries()?;
    let dir = tempfile::tempdir().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    // The newest sample a minute ago, on a whole minute: "now" on the server is within its lookback.
    let end = now - now % MINUTE - MINUTE;
    let data = dir.path().join("data");
    let om = dir.path().join("series.om");
    std::fs::write(&om, openmetrics(end)).unwrap();
    let out = std::process::Command::new(&promtool)
        .args([
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            "--max-block-duration=24h",
        ])
        .arg(&om)
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "promtool: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let port = free_port();
    let config = dir.path().join("prometheus.yml");
    std::fs::write(
        &config,
        format!("global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: ['127.0.0.1:{port}']\n"),
    )
    .unwrap();
    let log = std::fs::File::create(dir.path().join("prometheus.log")).unwrap();
    let child = std::process::Command::new(&prometheus)
        .arg(format!("--config.file={}", config.display()))
        .arg(format!("--storage.tsdb.path={}", data.display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg("--storage.tsdb.retention.time=100y")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let server = Prometheus {
        child,
        url: format!("http://127.0.0.1:{port}"),
        end_s: end,
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if http_get(&format!("{}/-/ready", server.url))
            .is_some_and(|b| b.starts_with("HTTP/1.0 200") || b.starts_with("HTTP/1.1 200"))
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "Prometheus did not become ready: {}",
            std::fs::read_to_string(server._dir.path().join("prometheus.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    // The self-scrape (LIV002's target) has run once.
    loop {
        let q = format!(
            "{}/api/v1/query?query=up%7Bjob%3D%22prometheus%22%7D",
            server.url
        );
        if http_get(&q).is_some_and(|b| b.contains("\"value\"")) {
            break;
        }
        assert!(Instant::now() < deadline, "the self-scrape never ran");
        std::thread::sleep(Duration::from_millis(500));
    }
    Some(server)
}

fn check_live(dir: &Path, url: &str, lookback: &str) -> obslint::finding::Outcome {
    let loaded = obslint::config::load(None, dir).unwrap();
    let mut args = common::args(vec![dir.to_path_buf()]);
    args.select = Some(vec!["LIV".into()]);
    args.live.prometheus = Some(url.to_string());
    args.live.lookback = Some(lookback.to_string());
    let settings = obslint::settings::resolve(&args, &loaded, dir.to_path_buf()).unwrap();
    obslint::check::run(&settings)
}

fn message_of(outcome: &obslint::finding::Outcome, code: &str, needle: &str) -> String {
    outcome
        .findings
        .iter()
        .map(|f| f.diagnostic.message.clone())
        .find(|m| {
            m.contains(needle)
                && outcome
                    .findings
                    .iter()
                    .any(|f| f.rule.code == code && &f.diagnostic.message == m)
        })
        .unwrap_or_else(|| panic!("no {code} finding mentioning {needle}"))
}

/// Everything against one server: starting it costs seconds, and one test owns its process.
#[test]
fn live_checks_against_a_real_prometheus() {
    let Some(server) = start_prometheus() else {
        return;
    };
    let fixture = common::repo().join("tests/fixtures/live");
    let outcome = check_live(&fixture, &server.url, "7d");
    assert!(outcome.fatal.is_none(), "{:?}", outcome.fatal);

    // Findings are exactly the fixture's expectations.
    let found = common::found(&outcome);
    let expected = common::expected(&fixture);
    assert_eq!(
        found,
        expected,
        "messages: {:#?}",
        outcome
            .findings
            .iter()
            .map(|f| &f.diagnostic.message)
            .collect::<Vec<_>>()
    );

    // LIV001 says why.
    let gone = obslint::live::format_time((server.end_s - 2 * DAY) * 1000);
    let m = message_of(&outcome, "LIV001", "legacy_requests_total");
    assert!(
        m.contains(&format!("it disappeared at {gone} (last seen)")),
        "{m}"
    );
    let m = message_of(&outcome, "LIV001", "nonexistent_metric");
    assert!(
        m.contains("the metric `nonexistent_metric` never existed in the last 7d"),
        "{m}"
    );
    let m = message_of(&outcome, "LIV001", "503");
    assert!(m.contains("the label `code` of `http_requests_total` never had the value `503` in the last 7d (seen: 200, 500)"), "{m}");
    let m = message_of(&outcome, "LIV001", "4..");
    assert!(m.contains("no series of `http_requests_total` matched `code=~\"4..\"` in the last 7d (values seen: 200, 500)"), "{m}");
    let m = message_of(&outcome, "LIV001", "region");
    assert!(
        m.contains("`http_requests_total` never had the label `region`"),
        "{m}"
    );

    // Backtests count what the data was built to produce.
    let live = outcome.index.live.as_ref().unwrap();
    let backtest = |alert: &str| {
        let (d, rule) = outcome
            .index
            .rule_documents
            .iter()
            .flat_map(|d| {
                d.groups
                    .iter()
                    .flat_map(move |g| g.rules.iter().map(move |r| (d.file, r)))
            })
            .find(|(_, r)| r.name.value == alert)
            .unwrap();
        live.backtests[&obslint::live::key_of(d, rule)].clone()
    };
    let flapping = backtest("ErrorRatioFlapping");
    assert_eq!(flapping.firings.len(), 28);
    assert!(
        flapping
            .firings
            .iter()
            .all(|f| f.duration_ms(0) == 3 * 60_000),
        "{:?}",
        flapping.firings
    );
    assert_eq!(flapping.short(5 * 60_000), 28);
    assert_eq!(backtest("ErrorRatioHeld").firings.len(), 0);
    let kept = backtest("ErrorRatioKept");
    assert_eq!(kept.firings.len(), 28);
    assert!(
        kept.firings.iter().all(|f| f.duration_ms(0) == 13 * 60_000),
        "{:?}",
        kept.firings
    );
    assert_eq!(kept.short(5 * 60_000), 0);
    assert_eq!(kept.refired(5 * 60_000), 0);
    let always = backtest("AlwaysOn");
    assert_eq!(always.firings.len(), 1);
    assert!(always.firing_share() > 0.99);
    assert_eq!(backtest("ApiDown").firings.len(), 0);
    let m = message_of(&outcome, "LIV003", "ErrorRatioFlapping");
    assert!(
        m.contains("would have fired 28 times in the last 7d"),
        "{m}"
    );

    // --diff-base: only the changed alert is backtested, and compared with itself before the change.
    let repo = tempfile::tempdir().unwrap();
    let rules = |threshold: &str| {
        format!("groups:\n  - name: g\n    interval: 1m\n    rules:\n      - alert: ErrorRatio\n        expr: api_errors_ratio > {threshold}\n      - alert: AlwaysOn\n        expr: always_on_condition > 0\n")
    };
    std::fs::write(repo.path().join("rules.yml"), rules("0.5")).unwrap();
    std::fs::write(repo.path().join("obslint.toml"), "").unwrap();
    common::git(repo.path(), &["init", "-q"]);
    common::git(repo.path(), &["add", "-A"]);
    common::git(repo.path(), &["commit", "-qm", "base"]);
    std::fs::write(repo.path().join("rules.yml"), rules("0.1")).unwrap();
    let loaded = obslint::config::load(None, repo.path()).unwrap();
    let mut args = common::args(vec![repo.path().to_path_buf()]);
    args.select = Some(vec!["LIV003".into(), "LIV005".into()]);
    args.diff_base = Some("HEAD".into());
    args.live.prometheus = Some(server.url.clone());
    let settings = obslint::settings::resolve(&args, &loaded, repo.path().to_path_buf()).unwrap();
    let changed = obslint::check::run(&settings);
    let messages: Vec<&str> = changed
        .findings
        .iter()
        .map(|f| f.diagnostic.message.as_str())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages[0].contains(
            "`ErrorRatio` would have fired 28 times in the last 7d, before the change 0 on"
        ),
        "{messages:#?}"
    );
    assert_eq!(changed.index.live.as_ref().unwrap().backtests.len(), 1);

    // A query the server refuses (a function Prometheus 2.42 does not know) stops the run: one error.
    let refused = tempfile::tempdir().unwrap();
    std::fs::write(
        refused.path().join("rules.yml"),
        "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sort_by_label(up, \"job\") > 0\n",
    )
    .unwrap();
    let a = Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(refused.path())
        .args(["check", ".", "--select", "LIV", "--prometheus", &server.url])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2);
    let err = stderr_of(&a);
    assert!(err.contains("refused the query"), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{err}"
    );

    // The query budget: a clear message when it is spent.
    let a = obslint_live(refused.path(), &server.url, "max-queries = 1\n").code(2);
    let err = stderr_of(&a);
    assert!(err.contains("live mode stopped after 1 queries"), "{err}");

    // `obslint noise` over the ALERTS history, three formats.
    let empty = tempfile::tempdir().unwrap();
    let noise = |format: &str| {
        let a = Command::cargo_bin("obslint")
            .unwrap()
            .current_dir(empty.path())
            .args([
                "noise",
                "--prometheus",
                &server.url,
                "--lookback",
                "7d",
                "--format",
                format,
            ])
            .timeout(Duration::from_secs(60))
            .assert()
            .code(0);
        String::from_utf8_lossy(&a.get_output().stdout).into_owned()
    };
    let json: serde_json::Value = serde_json::from_str(&noise("json")).unwrap();
    let alerts = json["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 2, "{json:#}");
    let cpu = &alerts[0];
    assert_eq!(cpu["alertname"], "CPUHigh");
    assert_eq!(cpu["firings"], 10);
    assert_eq!(cpu["firing_seconds"], 20 * 60);
    assert_eq!(cpu["median_firing_seconds"], 120);
    assert_eq!(cpu["short_firings"], 10);
    assert_eq!(cpu["flaps"], 5);
    assert_eq!(cpu["paging_share"], 0.0);
    let disk = &alerts[1];
    assert_eq!(disk["alertname"], "DiskFull");
    assert_eq!(disk["firings"], 4);
    assert_eq!(disk["firing_seconds"], 4 * 30 * 60);
    assert_eq!(disk["median_firing_seconds"], 30 * 60);
    assert_eq!(disk["short_firings"], 0);
    assert_eq!(disk["flaps"], 0);
    assert_eq!(disk["paging_share"], 1.0);
    // The JSON validates against its schema.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::repo().join("schemas/noise.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&json));
    // Text and Markdown: the times in the title vary, the tables do not.
    let tables = |text: String| {
        text.split_once('\n')
            .map(|(_, rest)| rest.to_string())
            .unwrap()
    };
    insta::assert_snapshot!("noise_text", tables(noise("text")));
    insta::assert_snapshot!("noise_markdown", tables(noise("markdown")));
}

/// A transient failure (HTTP 503) is retried once: the second answer is taken.
#[test]
fn a_transient_failure_is_retried_once() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    const UNAVAILABLE: &str = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy";
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            // Every other request fails: each query succeeds on its retry.
            let response = if SEEN.fetch_add(1, Ordering::SeqCst).is_multiple_of(2) {
                UNAVAILABLE
            } else {
                OK_ONE
            };
            answer(stream, response, Duration::ZERO);
        }
    });
    let dir = rules_dir();
    // The connection check and LIV001's lookup of `up` both meet a 503 first, and succeed on the retry.
    std::fs::write(
        dir.path().join("obslint.toml"),
        format!("[prometheus]\nurl = \"{url}\"\n"),
    )
    .unwrap();
    let a = Command::cargo_bin("obslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", ".", "--select", "LIV001", "--no-color"])
        .timeout(Duration::from_secs(60))
        .assert();
    let err = stderr_of(&a.code(0));
    assert!(!err.contains("503"), "{err}");
    assert!(SEEN.load(Ordering::SeqCst) >= 4, "{err}");
}

/// The backtest's alert states are Prometheus's: for one wavering series, the states the simulation
/// derives at every minute (with `for` and with `keep_firing_for`) are written as a promtool unit test,
/// which promtool then runs against its own rule engine.
#[test]
fn backtest_states_agree_with_promtool() {
    use obslint::live::api::{Labels, Series};
    use obslint::live::backtest::{simulate, AlertSpec};
    let Some((_, promtool)) = binaries() else {
        return;
    };
    // One value a minute for 40 minutes: spikes of 2, 1 and 4 minutes, and a gap of 1.
    let high: &[i64] = &[5, 6, 10, 14, 15, 17, 18, 19, 20];
    let values: Vec<&str> = (0..40)
        .map(|m| if high.contains(&m) { "0.2" } else { "0.01" })
        .collect();
    let series = vec![Series {
        labels: Labels::from([("job".to_string(), "api".to_string())]),
        points: high.iter().map(|m| (m * 60_000, 0.2)).collect(),
    }];
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("Plain", 0, 0),
        ("Held", 2, 0),
        ("Kept", 0, 3),
        ("Both", 1, 2),
    ];
    let mut rules = String::from("groups:\n  - name: g\n    interval: 1m\n    rules:\n");
    let mut tests = String::from("rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n");
    tests.push_str(&format!(
        "      - series: 'api_errors_ratio{{job=\"api\"}}'\n        values: '{}'\n    alert_rule_test:\n",
        values.join(" ")
    ));
    for (name, for_m, keep_m) in cases {
        rules.push_str(&format!(
            "      - alert: {name}\n        expr: api_errors_ratio > 0.1\n        for: {for_m}m\n        keep_firing_for: {keep_m}m\n"
        ));
        let spec = AlertSpec {
            expr: "",
            for_ms: for_m * 60_000,
            keep_firing_for_ms: keep_m * 60_000,
            interval_ms: 60_000,
        };
        let b = simulate(&series, &spec, 0, 39 * 60_000);
        for m in 0..39i64 {
            let t = m * 60_000;
            let firing = b
                .firings
                .iter()
                .any(|f| f.start_ms <= t && f.end_ms.is_none_or(|e| t < e));
            tests.push_str(&format!(
                "      - eval_time: {m}m\n        alertname: {name}\n"
            ));
            if firing {
                tests.push_str("        exp_alerts:\n          - exp_labels: {job: api}\n");
            } else {
                tests.push_str("        exp_alerts: []\n");
            }
        }
    }
    std::fs::write(dir.path().join("rules.yml"), rules).unwrap();
    std::fs::write(dir.path().join("tests.yml"), tests).unwrap();
    let out = std::process::Command::new(promtool)
        .current_dir(dir.path())
        .args(["test", "rules", "tests.yml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "promtool disagrees with the backtest:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
