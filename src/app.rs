//! Command dispatch: what each subcommand prints and which exit code it ends with.
//! Exit codes: 0 clean, 1 findings at or above `--fail-on`, 2 usage, config or internal error.

use crate::check;
use crate::cli::{CheckArgs, Cli, Command, ListFormat};
use crate::config;
use crate::report;
use crate::rules::registry;
use crate::settings;
use clap::Parser;
use std::ffi::OsString;
use std::io::Write;

pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// Runs obslint with these arguments (the first is the program name) and returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
        }
    };
    match cli.command {
        Command::Check(args) => run_check(&args),
        Command::SchemaDiff(args) => run_schema_diff(&args),
        Command::Noise(args) => run_noise(&args),
        Command::Rules(args) => {
            print_stdout(&list_rules(args.format));
            EXIT_CLEAN
        }
        Command::Init { pyproject } => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
            match crate::init::write(&cwd, pyproject) {
                Ok(path) => {
                    eprintln!("obslint: wrote {}", path.display());
                    EXIT_CLEAN
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    EXIT_ERROR
                }
            }
        }
        Command::Clean => run_clean(),
        Command::Rule { code } => match registry::find(&code) {
            Some(rule) => {
                print_stdout(&format!(
                    "{} {} ({}, family {})\n\n{}\n",
                    rule.code,
                    rule.name,
                    rule.default_severity.as_str(),
                    rule.family(),
                    rule.documentation()
                ));
                EXIT_CLEAN
            }
            None => {
                eprintln!("error: unknown rule `{code}`; `obslint rules` lists them");
                EXIT_ERROR
            }
        },
    }
}

fn print_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`obslint rules | head`) is not an error worth a panic.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn report_error(err: miette::Report) {
    eprintln!("{err:?}");
}

fn run_check(args: &CheckArgs) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let stdin = match read_stdin(args, &cwd) {
        Ok(stdin) => stdin,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERROR;
        }
    };
    // From here on, `-` is the path standard input stands for.
    let replaced;
    let args = match &args.stdin_filename {
        Some(name) => {
            let mut copy = args.clone();
            for p in &mut copy.paths {
                if p.as_os_str() == "-" {
                    *p = name.clone();
                }
            }
            replaced = copy;
            &replaced
        }
        None => args,
    };
    // Like ruff, the config closest to what is checked wins: search from the first path, then from here.
    let start = args
        .paths
        .first()
        .map(|p| {
            if p.is_dir() {
                p.clone()
            } else {
                p.parent().map(|d| d.to_path_buf()).unwrap_or_default()
            }
        })
        .map(|p| {
            if p.as_os_str().is_empty() {
                cwd.clone()
            } else {
                cwd.join(p)
            }
        })
        .unwrap_or_else(|| cwd.clone());
    let found = config::load(args.config.as_deref(), &start).and_then(|loaded| {
        if loaded.path.is_none() && args.config.is_none() && start != cwd {
            config::load(None, &cwd)
        } else {
            Ok(loaded)
        }
    });
    let loaded = match found {
        Ok(l) => l,
        Err(e) => {
            report_error(e.into());
            return EXIT_ERROR;
        }
    };
    let mut settings = match settings::resolve(args, &loaded, cwd) {
        Ok(s) => s,
        Err(e) => {
            report_error(e.into());
            return EXIT_ERROR;
        }
    };
    // A path that is not there is a usage error: say so and nothing else (no "All clear" for 0 files).
    let missing: Vec<_> = args
        .paths
        .iter()
        .filter(|p| p.symlink_metadata().is_err())
        .filter(|p| stdin.as_ref().is_none_or(|s| !s.is(p)))
        .collect();
    if !missing.is_empty() {
        for path in missing {
            eprintln!("error: {}: no such file or directory", path.display());
        }
        return EXIT_ERROR;
    }
    settings.stdin = stdin;
    if args.show_settings {
        print_stdout(&crate::show::settings(&settings, &loaded));
        return EXIT_CLEAN;
    }
    if args.show_files {
        print_stdout(&crate::show::files(&settings));
        return EXIT_CLEAN;
    }
    run_settings(&settings)
}

/// `check --stdin-filename PATH -`: reads standard input for the file at PATH; `-` must come with the flag.
fn read_stdin(
    args: &CheckArgs,
    cwd: &std::path::Path,
) -> Result<Option<crate::source::StdinFile>, String> {
    let dash = args.paths.iter().any(|p| p.as_os_str() == "-");
    match (&args.stdin_filename, dash) {
        (None, false) => Ok(None),
        (None, true) => Err(
            "`-` reads standard input: name the file it stands for with --stdin-filename PATH"
                .into(),
        ),
        (Some(_), false) => Err("--stdin-filename goes with the path `-` (standard input)".into()),
        (Some(_), true) if args.fix || args.diff => {
            Err("--fix and --diff do not read standard input; run them on the file".into())
        }
        (Some(name), true) => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(Some(crate::source::StdinFile {
                path: cwd.join(name),
                bytes,
            }))
        }
    }
}

/// `obslint clean`: removes the cache of the project the working directory is in (the folder of the
/// config found from here upward, else here), as `check` would place it.
fn run_clean() -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let root = match config::load(None, &cwd) {
        Ok(loaded) => loaded.root,
        Err(e) => {
            report_error(e.into());
            return EXIT_ERROR;
        }
    };
    match crate::cache::clean(&root) {
        Ok(true) => {
            eprintln!(
                "obslint: removed {}",
                root.join(crate::cache::DIR).display()
            );
            EXIT_CLEAN
        }
        Ok(false) => {
            eprintln!(
                "obslint: no cache at {}",
                root.join(crate::cache::DIR).display()
            );
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!(
                "error: cannot remove {}: {e}",
                root.join(crate::cache::DIR).display()
            );
            EXIT_ERROR
        }
    }
}

/// `obslint schema-diff OLD_DIR NEW_DIR`: a check of the new registry against the old one, with the
/// config found from the working directory, the same reports and exit codes as `check`.
fn run_schema_diff(args: &crate::cli::SchemaDiffArgs) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let settings = config::load(args.config.as_deref(), &cwd)
        .and_then(|loaded| crate::settings::schema_diff(args, &loaded, cwd));
    match settings {
        Ok(settings) => run_settings(&settings),
        Err(e) => {
            report_error(e.into());
            EXIT_ERROR
        }
    }
}

/// The check, with `--fix` applied first (re-checked until no fix applies, at most a few passes) or
/// `--diff` printed instead of the report (Err: the exit code to end with).
fn run_fixes(settings: &settings::Settings) -> Result<crate::finding::Outcome, i32> {
    const MAX_PASSES: usize = 10;
    let mut outcome = check::run(settings);
    match settings.fix {
        settings::FixMode::Off => Ok(outcome),
        settings::FixMode::Diff => {
            let files = crate::fix::plan(&outcome, settings.unsafe_fixes);
            print_stdout(&crate::fix::unified_diff(&files));
            let fixes: usize = files.iter().map(|f| f.fixes).sum();
            eprintln!(
                "obslint: {fixes} fixes would be applied to {} files",
                files.len()
            );
            Err(if files.is_empty() {
                EXIT_CLEAN
            } else {
                EXIT_FINDINGS
            })
        }
        settings::FixMode::Apply => {
            let mut fixed = 0;
            for _ in 0..MAX_PASSES {
                let files = crate::fix::plan(&outcome, settings.unsafe_fixes);
                if files.is_empty() {
                    break;
                }
                if let Err(e) = crate::fix::write(&files) {
                    eprintln!("error: {e}");
                    return Err(EXIT_ERROR);
                }
                fixed += files.iter().map(|f| f.fixes).sum::<usize>();
                outcome = check::run(settings);
            }
            eprintln!("obslint: fixed {fixed} findings");
            Ok(outcome)
        }
    }
}

/// Runs a resolved plan, writes its reports and returns the exit code.
fn run_settings(settings: &settings::Settings) -> i32 {
    let outcome = match run_fixes(settings) {
        Ok(outcome) => outcome,
        Err(code) => return code,
    };
    if let Some(e) = &outcome.fatal {
        report_live_error(e);
        return EXIT_ERROR;
    }
    if let Some(path) = &settings.write_baseline {
        let text = crate::baseline::render(&outcome.findings, |f| {
            outcome.index.files[f.diagnostic.file].display_path.clone()
        });
        return match std::fs::write(path, text) {
            Ok(()) => {
                eprintln!(
                    "obslint: recorded {} findings in {}",
                    outcome.findings.len(),
                    path.display()
                );
                EXIT_CLEAN
            }
            Err(e) => {
                eprintln!("error: cannot write baseline {}: {e}", path.display());
                EXIT_ERROR
            }
        };
    }
    let text = report::TextOptions {
        color: settings.color,
        quiet: settings.quiet,
    };
    if settings.explain_coverage {
        print_stdout(&report::coverage::render(&outcome, settings.format));
        std::mem::forget(outcome);
        return EXIT_CLEAN;
    }
    // Reports stream to their destination: a run with 600k findings never holds the whole report.
    let write_main = |out: &mut dyn Write| -> std::io::Result<()> {
        if settings.statistics {
            out.write_all(report::statistics::render(&outcome, settings.format).as_bytes())?;
        } else {
            report::write(settings.format, &outcome, text, out)?;
        }
        out.flush()
    };
    let to_stdout = || {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        // A closed pipe (`obslint check | head`) is not an error worth a panic.
        let _ = write_main(&mut out);
    };
    // A report that cannot be written is an error (exit 2), but never hides the findings: the others
    // are still written and the main report still printed.
    let mut write_failed = false;
    match &settings.output {
        Some(path) => {
            let written = std::fs::File::create(path).and_then(|file| {
                let mut out = std::io::BufWriter::new(file);
                write_main(&mut out)
            });
            if let Err(e) = written {
                eprintln!("error: cannot write {}: {e}", path.display());
                to_stdout();
                write_failed = true;
            }
        }
        None => to_stdout(),
    }
    for (format, path) in &settings.reports {
        let plain = report::TextOptions {
            color: false,
            ..text
        };
        let written = std::fs::File::create(path).and_then(|file| {
            let mut out = std::io::BufWriter::new(file);
            report::write(*format, &outcome, plain, &mut out)?;
            out.flush()
        });
        if let Err(e) = written {
            let name = clap::ValueEnum::to_possible_value(format)
                .map_or_else(String::new, |v| v.get_name().to_string());
            eprintln!(
                "error: cannot write the {name} report to {}: {e}",
                path.display()
            );
            write_failed = true;
        }
    }
    for error in &outcome.errors {
        eprintln!("error: {error}");
    }
    let failing = settings
        .fail_on
        .is_some_and(|threshold| outcome.findings.iter().any(|f| f.severity >= threshold));
    let errors = !outcome.errors.is_empty() || write_failed;
    // The process is about to exit: freeing every node of every file one by one only costs time.
    std::mem::forget(outcome);
    if errors {
        return EXIT_ERROR;
    }
    if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// A live-mode failure: one message, with what to do about it.
fn report_live_error(e: &crate::live::client::LiveError) {
    eprintln!("error: {}", e.message);
    if let Some(help) = &e.help {
        eprintln!("  help: {help}");
    }
}

/// `obslint noise`: the ALERTS history of the server, summarised per alert.
fn run_noise(args: &crate::cli::NoiseArgs) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let loaded = match config::load(args.config.as_deref(), &cwd) {
        Ok(l) => l,
        Err(e) => {
            report_error(e.into());
            return EXIT_ERROR;
        }
    };
    let live = match settings::resolve_live(
        &args.live,
        &loaded,
        crate::live::noise::DEFAULT_LOOKBACK_MS,
    ) {
        Ok(Some(live)) => live,
        Ok(None) => {
            eprintln!("error: `obslint noise` reads a server's alert history: give it with --prometheus URL (or [prometheus] url in the config)");
            return EXIT_ERROR;
        }
        Err(e) => {
            report_error(e.into());
            return EXIT_ERROR;
        }
    };
    let alerts = match settings::resolve(&CheckArgs::new(vec![cwd.clone()]), &loaded, cwd) {
        Ok(s) => s.alerts,
        Err(e) => {
            report_error(e.into());
            return EXIT_ERROR;
        }
    };
    let options = crate::live::noise::NoiseOptions {
        lookback_ms: live.lookback_ms,
        step_ms: 60_000,
        short_ms: live.thresholds.flap_ms,
        severity_label: alerts.severity_label.clone(),
        owner_labels: alerts.owner_labels.clone(),
        paging_severities: alerts.paging_severities.clone(),
    };
    let noise =
        crate::live::connect(&live).and_then(|client| crate::live::noise::fetch(&client, &options));
    match noise {
        Ok(noise) => {
            print_stdout(&report::noise::render(&noise, args.format, args.top));
            EXIT_CLEAN
        }
        Err(e) => {
            report_live_error(&e);
            EXIT_ERROR
        }
    }
}

fn list_rules(format: ListFormat) -> String {
    match format {
        ListFormat::Json => {
            let rules: Vec<serde_json::Value> = registry::ALL
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "family": r.family(),
                        "severity": r.default_severity.as_str(),
                        "summary": r.summary,
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&rules).unwrap_or_default();
            s.push('\n');
            s
        }
        ListFormat::Text => {
            let mut s = String::new();
            for r in registry::ALL {
                s.push_str(&format!(
                    "{:<7} {:<30} {:<4} {:<8} {}\n",
                    r.code,
                    r.name,
                    r.family(),
                    r.default_severity.as_str(),
                    r.summary
                ));
            }
            s
        }
    }
}
