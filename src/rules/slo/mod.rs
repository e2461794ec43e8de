//! Burn-rate alerts on SLOs (the Google SRE workbook's multiwindow, multi-burn-rate alerts), as
//! hand-written pairs or as Sloth and Pyrra generate them.

/// `[slo]` in the config.
#[derive(Debug, Clone, Default)]
pub struct SloOptions {
    /// `period`, in ms: the SLO period the error budget is spent over.
    pub period_ms: Option<u64>,
}
