//! The rule registry and what a rule sees. One file per rule under a folder per family; each declares
//! its metadata and documentation with `declare_rule!`, and `registry::ALL` lists every code.

pub mod alert;
pub mod context;
pub mod ins;
pub mod liv;
pub mod met;
pub mod obs;
pub mod pii;
pub mod policy;
pub mod promql;
pub mod py;
pub mod registry;
pub mod runbook;
pub mod selection;
pub mod slo;
pub mod trace;
pub mod tst;
pub mod yaml;

pub use context::{ProjectContext, PythonContext, RuleContext};

use crate::diagnostic::{Diagnostic, Severity};

pub type RuleCheck = fn(&RuleContext, &mut Vec<Diagnostic>);
pub type ProjectCheck = fn(&ProjectContext, &mut Vec<Diagnostic>);
pub type PythonCheck = fn(&PythonContext, &mut Vec<Diagnostic>);

/// When a rule runs, which decides what it is given.
#[derive(Clone, Copy)]
pub enum Check {
    /// Reported while files are read (YAML and PromQL syntax, schema, skipped files): no check of its own.
    Parse,
    /// Once per alerting or recording rule.
    Rule(RuleCheck),
    /// Once per run, over every fact of the project: cross-file checks live here.
    Project(ProjectCheck),
    /// Once per Python file that holds something to check.
    Python(PythonCheck),
}

pub struct RuleDef {
    /// Stable forever; never reused.
    pub code: &'static str,
    /// kebab-case, named for the bad pattern.
    pub name: &'static str,
    pub default_severity: Severity,
    /// One line for `obslint rules`.
    pub summary: &'static str,
    /// Markdown with `## What it does`, `## Why is this bad?`, `## Example` (and `## Options`): the only
    /// source for `obslint rule CODE`, generated docs and SARIF help.
    pub doc: &'static str,
    pub check: Check,
}

impl std::fmt::Debug for RuleDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.code, self.name)
    }
}

impl RuleDef {
    /// The letters of the code: `RUN` for `RUN001`.
    pub fn family(&self) -> &'static str {
        let end = self
            .code
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(self.code.len());
        &self.code[..end]
    }

    /// The documentation with the one leading space of each `///` line removed.
    pub fn documentation(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }
}

/// Declares a rule: `declare_rule! { /// docs... pub static RULE = { code: .., name: .., severity: ..,
/// summary: .., check: .. } }`. Also defines `CODE`, which tests compare with `crate::codes`.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $id:ident = {
            code: $code:literal,
            name: $name:literal,
            severity: $sev:ident,
            summary: $summary:literal,
            check: $check:expr $(,)?
        }
    ) => {
        $vis static $id: $crate::rules::RuleDef = $crate::rules::RuleDef {
            code: $code,
            name: $name,
            default_severity: $crate::diagnostic::Severity::$sev,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            check: $check,
        };
        #[allow(dead_code)]
        pub const CODE: &str = $code;
    };
}
