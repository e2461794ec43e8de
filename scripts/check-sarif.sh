#!/usr/bin/env bash
# Checks a SARIF report against the official SARIF 2.1.0 schema and GitHub code scanning's limits.
# Usage: scripts/check-sarif.sh [REPORT.sarif]   (default: obslint's SARIF for the demo project)
set -euo pipefail
cd "$(dirname "$0")/.."
report="${1:-}"
if [ -z "$report" ]; then
  report="$(mktemp --suffix=.sarif)"
  cargo run --quiet --release -- check fixtures/demo --format sarif --output "$report" --fail-on never
fi
cargo run --quiet --example validate_sarif -- "$report"
