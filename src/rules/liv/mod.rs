//! LIV: checks against a live Prometheus-compatible server (`--prometheus URL`). The facts come from
//! `live::gather`, fetched before any rule runs; without a server these rules find nothing.

pub mod alert_backtest_always_firing;
pub mod alert_backtest_flapping;
pub mod alert_backtest_noisy;
pub mod rate_window_vs_real_scrape;
pub mod series_missing;

use crate::live::backtest::Backtest;
use crate::live::LiveFacts;
use crate::rules::RuleContext;

/// The live facts and this alert's backtest, when there are both.
pub(crate) fn backtest<'a>(cx: &RuleContext<'a>) -> Option<(&'a LiveFacts, &'a Backtest)> {
    if !cx.is_alert() {
        return None;
    }
    let live = cx.index.live.as_ref()?;
    let b = live
        .backtests
        .get(&crate::live::key_of(cx.document.file, cx.rule))?;
    Some((live, b))
}

/// `7d`, as the lookback is written in messages.
pub(crate) fn lookback(live: &LiveFacts) -> String {
    crate::duration::format_ms(live.lookback_ms)
}
