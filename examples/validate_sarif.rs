//! Validates a SARIF file against the official SARIF 2.1.0 JSON Schema and the constraints GitHub code
//! scanning documents for uploads. Used by `scripts/check-sarif.sh` and `tests/formats.rs`.
//!
//! Usage: cargo run --example validate_sarif -- REPORT.sarif [SCHEMA.json]
//! (default schema: ../shared/corpora/sarif/sarif-schema-2.1.0.json)

use std::process::ExitCode;

#[path = "../tests/sarif_check.rs"]
mod sarif_check;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(report) = args.first() else {
        eprintln!("usage: validate_sarif REPORT.sarif [SCHEMA.json]");
        return ExitCode::from(2);
    };
    let schema = args.get(1).cloned().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpora/sarif/sarif-schema-2.1.0.json"
        )
        .to_string()
    });
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"));
    let (report, schema) = match (read(report), read(&schema)) {
        (Ok(r), Ok(s)) => (r, s),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match sarif_check::problems(&report, &schema) {
        Ok(problems) if problems.is_empty() => {
            println!("valid SARIF 2.1.0, within GitHub code scanning's limits");
            ExitCode::SUCCESS
        }
        Ok(problems) => {
            for p in problems {
                eprintln!("{p}");
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
