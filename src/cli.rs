//! Command-line arguments as the user typed them. `settings` turns them, with the config, into a plan.

use crate::report::noise::NoiseFormat;
use crate::report::Format;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "obslint",
    version,
    about = "Lint Prometheus alert rules and the Python services behind them: runbooks, labels, noise, PromQL.",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and directories (default: the current directory).
    Check(Box<CheckArgs>),
    /// List every rule: code, name, family, default severity, summary.
    Rules(RulesArgs),
    /// Write a commented starter obslint.toml with the layout found here filled in.
    Init {
        /// Add a [tool.obslint] section to pyproject.toml instead.
        #[arg(long)]
        pyproject: bool,
    },
    /// Compare two trace registry folders: what changed incompatibly from OLD_DIR to NEW_DIR (TRC1xx).
    SchemaDiff(SchemaDiffArgs),
    /// Remove the cache (`.obslint_cache/`) at the project root.
    Clean,
    /// How the alerts really behaved, from a Prometheus server's ALERTS history: firings, time firing,
    /// short firings and flaps per alert, severity and owner, noisiest first.
    Noise(NoiseArgs),
    /// Show the full documentation of one rule.
    Rule {
        /// A rule code such as RUN001, or its name such as alert-missing-runbook.
        code: String,
    },
}

/// Formats for `obslint rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Config file; else obslint.toml, or [tool.obslint] in pyproject.toml, found from the first PATH
    /// upward, then from the working directory upward.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Output format (also --output-format, as ruff spells it).
    #[arg(long, alias = "output-format", value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity remains.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Rules to enable: comma-separated codes, family prefixes (`obslint rules` lists them) or ALL;
    /// replaces the config's select.
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Rules to disable, on top of the config's ignore.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// No colours in text output (the same as --color never).
    #[arg(long)]
    pub no_color: bool,
    /// Colours in text output: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR or CLICOLOR_FORCE
    /// force them, e.g. in CI logs), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only the findings, no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print how many findings each rule produced instead of the findings (text or json).
    #[arg(long)]
    pub statistics: bool,
    /// Also write a report in another format: FORMAT=FILE (repeatable), e.g. sarif=obslint.sarif.
    #[arg(long = "report", value_name = "FORMAT=FILE")]
    pub reports: Vec<String>,
    /// Also write SARIF to FILE (the same as --report sarif=FILE).
    #[arg(long, value_name = "FILE")]
    pub output_sarif: Option<PathBuf>,
    /// Hide the findings recorded in this baseline (else config `baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Report only findings on lines changed since the merge base of REF and HEAD (and in new files).
    #[arg(long, value_name = "REF")]
    pub diff_base: Option<String>,
    /// Record the current findings in FILE, to adopt obslint on an existing repository, and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Instead of the findings, show for every Python entry point what gives it metrics and tracing
    /// (a direct call, a helper it calls, or app-wide instrumentation), and exit 0.
    #[arg(long)]
    pub explain_coverage: bool,
    /// Compare the trace registry with itself at git revision REF (TRC101-TRC107).
    #[arg(long, value_name = "REF")]
    pub schema_base: Option<String>,
    /// Read the file to check from standard input (PATH `-`), as if it were at this path: its config,
    /// its classification and its place in the project come from the path (editors, review bots).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Apply the safe fixes the rules offer, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply fixes that change behaviour (an alert's window, a metric name).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them; exit 1 when there are any.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Print the files that would be checked, one per line, and exit 0.
    #[arg(long)]
    pub show_files: bool,
    /// Print the resolved settings and the config file they came from, and exit 0.
    #[arg(long)]
    pub show_settings: bool,
    /// Neither read nor write the cache (`.obslint_cache/` at the project root).
    #[arg(long)]
    pub no_cache: bool,
    #[command(flatten)]
    pub live: LiveArgs,
}

/// Live mode: the server the LIV checks and `obslint noise` query. Without a URL nothing touches the
/// network.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LiveArgs {
    /// A Prometheus-compatible HTTP API (http://prometheus:9090): turns on the live checks (LIV);
    /// else `[prometheus] url` in the config.
    #[arg(long, value_name = "URL")]
    pub prometheus: Option<String>,
    /// A header sent with every query, `Name: value` (repeatable); `$VAR` and `${VAR}` in the value
    /// are read from the environment, e.g. 'Authorization: Bearer $TOKEN'.
    #[arg(long = "prometheus-header", value_name = "HEADER")]
    pub prometheus_headers: Vec<String>,
    /// How much history the live checks read (existence, backtests), e.g. 7d (the default).
    #[arg(long, value_name = "DURATION")]
    pub lookback: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct NoiseArgs {
    #[command(flatten)]
    pub live: LiveArgs,
    /// Config file; else obslint.toml, or [tool.obslint] in pyproject.toml, found from the working
    /// directory upward (its [prometheus] and [alerts] tables are read).
    #[arg(long)]
    pub config: Option<PathBuf>,
    #[arg(long, alias = "output-format", value_enum, default_value_t = NoiseFormat::Text)]
    pub format: NoiseFormat,
    /// Show the N noisiest alerts (text and Markdown; JSON lists all).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub top: usize,
}

impl CheckArgs {
    /// The arguments of `obslint check PATHS...` with every flag at its default, for callers of the library.
    pub fn new(paths: Vec<PathBuf>) -> Self {
        CheckArgs {
            paths,
            config: None,
            format: Format::Text,
            output: None,
            fail_on: FailOn::Error,
            select: None,
            ignore: Vec::new(),
            no_color: true,
            color: ColorChoice::Auto,
            quiet: false,
            statistics: false,
            reports: Vec::new(),
            output_sarif: None,
            baseline: None,
            write_baseline: None,
            diff_base: None,
            explain_coverage: false,
            schema_base: None,
            show_files: false,
            show_settings: false,
            stdin_filename: None,
            fix: false,
            unsafe_fixes: false,
            diff: false,
            no_cache: false,
            live: LiveArgs::default(),
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct SchemaDiffArgs {
    /// The registry folder before the change.
    pub old: PathBuf,
    /// The registry folder after it.
    pub new: PathBuf,
    /// Config file; else obslint.toml, or [tool.obslint] in pyproject.toml, found from the working directory upward.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Output format (also --output-format, as ruff spells it).
    #[arg(long, alias = "output-format", value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity remains.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// No colours in text output (also when NO_COLOR is set or output is not a terminal).
    #[arg(long)]
    pub no_color: bool,
    /// Print only the findings, no summary line.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}
