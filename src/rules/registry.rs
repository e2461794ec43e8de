//! Every rule, in code order. Codes are stable forever; a retired code is never reused.

use super::{alert, ins, liv, met, obs, pii, promql, py, runbook, slo, trace, tst, yaml, RuleDef};

pub static ALL: &[&RuleDef] = &[
    &alert::alert_missing_severity::RULE,
    &alert::alert_severity_not_allowed::RULE,
    &alert::alert_missing_owner::RULE,
    &alert::alert_missing_summary::RULE,
    &alert::alert_missing_description::RULE,
    &alert::alert_template_invalid::RULE,
    &alert::alert_template_unknown_label::RULE,
    &alert::paging_alert_flaps::RULE,
    &alert::duplicate_alert::RULE,
    &alert::alert_value_in_labels::RULE,
    &alert::alert_always_fires::RULE,
    &alert::policy_violation::RULE,
    &alert::template_query_label_literal::RULE,
    &ins::entry_point_without_metrics::RULE,
    &ins::entry_point_without_tracing::RULE,
    &ins::entry_point_swallows_errors::RULE,
    &liv::series_missing::RULE,
    &liv::rate_window_vs_real_scrape::RULE,
    &liv::alert_backtest_noisy::RULE,
    &liv::alert_backtest_flapping::RULE,
    &liv::alert_backtest_always_firing::RULE,
    &met::alert_metric_not_emitted::RULE,
    &met::critical_metric_not_alerted::RULE,
    &met::metric_name_convention::RULE,
    &met::unbounded_metric_label::RULE,
    &met::histogram_threshold_not_a_bucket::RULE,
    &obs::file_skipped::RULE,
    &obs::suppression_expired::RULE,
    &obs::unused_suppression::RULE,
    &obs::conventions_inferred::RULE,
    &pii::sensitive_data_in_log_message::RULE,
    &pii::sensitive_data_in_log_fields::RULE,
    &pii::sensitive_data_in_span::RULE,
    &pii::sensitive_data_in_metric_label::RULE,
    &promql::promql_syntax_error::RULE,
    &promql::rate_window_too_short::RULE,
    &promql::rate_of_non_counter::RULE,
    &py::python_syntax_error::RULE,
    &runbook::alert_missing_runbook::RULE,
    &runbook::runbook_not_found::RULE,
    &runbook::runbook_missing_sections::RULE,
    &runbook::runbook_url_not_allowed::RULE,
    &slo::burn_rate_windows_inverted::RULE,
    &slo::burn_rate_window_ratio::RULE,
    &slo::burn_rate_threshold_mismatch::RULE,
    &slo::burn_rate_factor_period::RULE,
    &slo::burn_rate_never_fires::RULE,
    &slo::burn_rate_single_window::RULE,
    &slo::burn_rate_for_too_long::RULE,
    &slo::burn_rate_objective_drift::RULE,
    &slo::slo_recording_window_mismatch::RULE,
    &slo::slo_spec_without_rules::RULE,
    &trace::registry_invalid::RULE,
    &trace::span_not_in_registry::RULE,
    &trace::attribute_not_in_registry::RULE,
    &trace::required_attribute_missing::RULE,
    &trace::deprecated_attribute::RULE,
    &trace::attribute_type_mismatch::RULE,
    &trace::enum_value_undefined::RULE,
    &trace::dynamic_span_name::RULE,
    &trace::schema_attribute_removed::RULE,
    &trace::schema_attribute_type_changed::RULE,
    &trace::schema_stability_downgraded::RULE,
    &trace::schema_enum_member_removed::RULE,
    &trace::schema_span_kind_changed::RULE,
    &trace::schema_span_removed::RULE,
    &trace::schema_requirement_raised::RULE,
    &tst::alert_without_test::RULE,
    &tst::test_unknown_alert::RULE,
    &tst::test_file_invalid::RULE,
    &tst::test_annotations_missing::RULE,
    &yaml::yaml_syntax_error::RULE,
    &yaml::rule_schema_violation::RULE,
];

/// Every family prefix, in the registry's order, for help texts that list them (never by hand).
pub fn families() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for rule in ALL {
        if !out.contains(&rule.family()) {
            out.push(rule.family());
        }
    }
    out
}

/// The rules a selector names (see `codes::expand_selector`), in code order.
pub fn expand_selector(selector: &str) -> Option<Vec<&'static RuleDef>> {
    let codes = crate::codes::expand_selector(selector)?;
    Some(
        ALL.iter()
            .copied()
            .filter(|r| codes.contains(&r.code))
            .collect(),
    )
}

pub fn find(code_or_name: &str) -> Option<&'static RuleDef> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}
