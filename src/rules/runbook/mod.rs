pub mod alert_missing_runbook;
pub mod runbook_missing_sections;
pub mod runbook_not_found;
pub mod runbook_url_not_allowed;

use super::RuleContext;
use crate::source::Str;

/// The alert's runbook link: the first configured runbook annotation it has.
pub fn runbook_link<'a>(cx: &RuleContext<'a>) -> Option<&'a Str> {
    cx.first_annotation(&cx.settings.runbook_annotations)
}
