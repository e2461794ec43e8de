//! `obslint noise --format markdown`: the same tables for a pull request comment or a wiki page.

use super::{cells, header, title};
use crate::live::noise::{NoiseReport, NoiseRow};

fn table(rows: &[NoiseRow], first: &str, out: &mut String) {
    let grouped = first != "alert";
    let header = header(first, grouped);
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    let names = if grouped {
        "| --- "
    } else {
        "| --- | --- | --- "
    };
    out.push_str(&format!(
        "{names}| ---: | ---: | ---: | ---: | ---: | ---: |\n"
    ));
    for r in rows {
        let c: Vec<String> = cells(r, grouped)
            .iter()
            .map(|c| c.replace('|', "\\|"))
            .collect();
        out.push_str(&format!("| {} |\n", c.join(" | ")));
    }
}

pub fn render(report: &NoiseReport, top: usize) -> String {
    let mut out = format!("## {}\n\n", title(report));
    if report.alerts.is_empty() {
        out.push_str("No alert fired.\n");
        return out;
    }
    let shown = &report.alerts[..top.min(report.alerts.len())];
    table(shown, "alert", &mut out);
    if shown.len() < report.alerts.len() {
        out.push_str(&format!(
            "\n{} more alerts not shown.\n",
            report.alerts.len() - shown.len()
        ));
    }
    out.push_str("\n### By severity\n\n");
    table(&report.by_severity, "severity", &mut out);
    out.push_str("\n### By owner\n\n");
    table(&report.by_owner, "owner", &mut out);
    out
}
