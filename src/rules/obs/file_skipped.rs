use crate::declare_rule;
use crate::rules::Check;

declare_rule! {
    /// ## What it does
    /// Notes a file that obslint did not check because it is larger than `max-file-size-kb`
    /// (default 10 MiB).
    ///
    /// ## Why is this bad?
    /// Nothing in it was checked. Real rule files are far smaller; a file this large is usually generated
    /// output or data checked in by mistake, and parsing it would slow every CI run.
    ///
    /// ## Example
    /// A 50 MB `rules/generated.yml` is reported as skipped, with its size.
    ///
    /// ## Options
    /// - `max-file-size-kb` (top level): the limit in KiB. Or add the path to `exclude`.
    pub static RULE = {
        code: "OBS001",
        name: "file-skipped",
        severity: Info,
        summary: "A file was too large to check and was skipped",
        check: Check::Parse,
    }
}
