//! SARIF checks shared by `examples/validate_sarif.rs` and `tests/formats.rs`: the official schema, then
//! GitHub code scanning's documented upload constraints.

#![allow(dead_code)]

/// Every problem found, or an error when the inputs are not JSON.
pub fn problems(report: &str, schema: &str) -> Result<Vec<String>, String> {
    let report: serde_json::Value =
        serde_json::from_str(report).map_err(|e| format!("report is not JSON: {e}"))?;
    let schema: serde_json::Value =
        serde_json::from_str(schema).map_err(|e| format!("schema is not JSON: {e}"))?;
    let validator =
        jsonschema::validator_for(&schema).map_err(|e| format!("schema does not compile: {e}"))?;
    let mut out: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("schema: {e} at {}", e.instance_path()))
        .collect();
    let runs = report["runs"].as_array().cloned().unwrap_or_default();
    if runs.len() != 1 {
        out.push(format!("github: expected one run, found {}", runs.len()));
    }
    for run in &runs {
        let rules: Vec<&str> = run["tool"]["driver"]["rules"]
            .as_array()
            .map(|r| r.iter().filter_map(|r| r["id"].as_str()).collect())
            .unwrap_or_default();
        let results = run["results"].as_array().cloned().unwrap_or_default();
        // GitHub code scanning rejects runs over these limits.
        if results.len() > 25_000 {
            out.push(format!(
                "github: {} results exceed 25,000 per run",
                results.len()
            ));
        }
        if rules.len() > 25_000 {
            out.push("github: more than 25,000 rules".into());
        }
        for (i, r) in results.iter().enumerate() {
            let id = r["ruleId"].as_str().unwrap_or("");
            if !rules.contains(&id) {
                out.push(format!(
                    "result {i}: ruleId `{id}` is not in tool.driver.rules"
                ));
            }
            if r["message"]["text"].as_str().is_none_or(str::is_empty) {
                out.push(format!("result {i}: no message text"));
            }
            if r["partialFingerprints"]
                .as_object()
                .is_none_or(|m| m.is_empty())
            {
                out.push(format!("result {i}: no partialFingerprints"));
            }
            let location = &r["locations"][0]["physicalLocation"];
            let uri = location["artifactLocation"]["uri"].as_str().unwrap_or("");
            if uri.is_empty() || uri.starts_with('/') || uri.contains('\\') || uri.contains("://") {
                out.push(format!(
                    "result {i}: uri `{uri}` is not a relative path with `/`"
                ));
            }
            let region = &location["region"];
            if region["startLine"].as_u64().is_none_or(|l| l < 1) {
                out.push(format!("result {i}: startLine missing or below 1"));
            }
        }
    }
    Ok(out)
}
