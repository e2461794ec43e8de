//! `obslint noise --format text`: aligned tables, the N noisiest alerts first.

use super::{cells, header, title};
use crate::live::noise::{NoiseReport, NoiseRow};

fn table(rows: &[NoiseRow], first: &str, out: &mut String) {
    let grouped = first != "alert";
    let header = header(first, grouped);
    let body: Vec<Vec<String>> = rows.iter().map(|r| cells(r, grouped)).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &body {
        for (w, c) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cols: &[String]| {
        let parts: Vec<String> = cols
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i < header.len() - 6 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect();
        parts.join("  ").trim_end().to_string() + "\n"
    };
    out.push_str(&line(&header));
    for row in &body {
        out.push_str(&line(row));
    }
}

pub fn render(report: &NoiseReport, top: usize) -> String {
    let mut out = title(report);
    out.push_str("\n\n");
    if report.alerts.is_empty() {
        out.push_str("No alert fired.\n");
        return out;
    }
    let shown = &report.alerts[..top.min(report.alerts.len())];
    table(shown, "alert", &mut out);
    if shown.len() < report.alerts.len() {
        out.push_str(&format!(
            "({} more alerts; --top N shows more)\n",
            report.alerts.len() - shown.len()
        ));
    }
    out.push_str("\nBy severity\n");
    table(&report.by_severity, "severity", &mut out);
    out.push_str("\nBy owner\n");
    table(&report.by_owner, "owner", &mut out);
    out
}
