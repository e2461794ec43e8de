use crate::declare_rule;
use crate::rules::Check;

declare_rule! {
    /// ## What it does
    /// Notes the first syntax error in a Python file. The parts of the file that parse are still checked,
    /// so a half-written function does not hide the leaks in the rest of the module.
    ///
    /// ## Why is this bad?
    /// The file will not import, and obslint's view of the broken part is a guess: findings near the error
    /// may be missing.
    ///
    /// ## Example
    /// ```python
    /// def charge(card:      # PY001: unclosed parameter list
    ///     log.info("charging %s", card)
    /// ```
    pub static RULE = {
        code: "PY001",
        name: "python-syntax-error",
        severity: Info,
        summary: "A Python file has a syntax error; the rest of it is still checked",
        check: Check::Parse,
    }
}
