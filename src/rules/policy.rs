//! Which `[[alerts.policy]]` entries apply to an alert: used by ALR012 for requirements and by the runner
//! for exemptions.

use super::RuleContext;
use crate::alerts::settings::Policy;

fn applies(policy: &Policy, cx: &RuleContext) -> bool {
    let labels_match = policy.labels.iter().all(|(name, glob)| {
        cx.effective_label(name)
            .is_some_and(|v| glob.is_match(&v.value))
    });
    let group_name = cx.group.name.as_ref().map_or("", |n| n.value.as_str());
    labels_match
        && policy.group.as_ref().is_none_or(|g| g.is_match(group_name))
        && policy
            .alert
            .as_ref()
            .is_none_or(|g| g.is_match(&cx.rule.name.value))
        && policy
            .file
            .as_ref()
            .is_none_or(|g| g.is_match(&cx.file().root_relative))
}

pub fn matching<'a>(cx: &'a RuleContext) -> impl Iterator<Item = &'a Policy> {
    cx.settings.policies.iter().filter(move |p| applies(p, cx))
}

/// Whether a policy exempts this alert from `code`.
pub fn exempts(cx: &RuleContext, code: &str) -> bool {
    matching(cx).any(|p| p.exempt.contains(&code))
}
