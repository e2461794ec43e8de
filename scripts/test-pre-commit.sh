#!/usr/bin/env bash
# Tests the pre-commit hook for real: `pre-commit try-repo` on a scratch repository with a rule file that
# has a finding (the hook must fail and print it) and then one without (the hook must pass); then a
# cross-file check (MET001) through the hook, which sees only the staged file.
# Needs python3 (installs pre-commit into a venv under target/) and cargo. Takes a few minutes: pre-commit
# builds obslint in release mode in its own cache.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="$repo/target/ci-venv"
[ -x "$venv/bin/pre-commit" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet pre-commit==4.7.0; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export PRE_COMMIT_HOME="$repo/target/pre-commit-cache"
cd "$scratch"
git init -q
git -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m init
cat > rules.yml <<'YAML'
groups:
- name: checkout
  rules:
  - alert: CheckoutDown
    expr: up{job="checkout"} == 0
    for: 5m
    labels: {severity: warning, team: payments}
    annotations: {summary: Checkout is down, description: No checkout target is up}
YAML
git add rules.yml
set +e
out="$("$venv/bin/pre-commit" try-repo "$repo" obslint --files rules.yml 2>&1)"
status=$?
set -e
echo "$out" | tail -n 20
if [ "$status" -eq 0 ] || ! grep -q "RUN001" <<< "$out"; then
  echo "FAIL: the hook should fail with RUN001 on an alert without a runbook" >&2
  exit 1
fi
sed -i 's|description: No checkout target is up}|description: No checkout target is up, runbook_url: https://runbooks.example.com/checkout}|' rules.yml
git add rules.yml
"$venv/bin/pre-commit" try-repo "$repo" obslint --files rules.yml

# A cross-file check through the hook: the hook passes only rules.yml, yet the project is read whole, so
# an alert on a metric that app/metrics.py emits is not MET001, and one on a metric nothing emits is.
cat > obslint.toml <<'TOML'
[metrics]
metric-prefixes = ["checkout"]
TOML
mkdir -p app
printf 'from prometheus_client import Counter\nORDERS = Counter("checkout_orders_total", "Orders.")\n' > app/metrics.py
sed -i 's|expr: up{job="checkout"} == 0|expr: rate(checkout_orders_total[5m]) == 0|' rules.yml
git add obslint.toml app/metrics.py rules.yml
git -c user.name=t -c user.email=t@example.com commit -q -m "metrics"
"$venv/bin/pre-commit" try-repo "$repo" obslint --files rules.yml
sed -i 's|checkout_orders_total\[5m\]|checkout_refunds_total[5m]|' rules.yml
git add rules.yml
set +e
out="$("$venv/bin/pre-commit" try-repo "$repo" obslint --files rules.yml 2>&1)"
status=$?
set -e
if [ "$status" -eq 0 ] || ! grep -q "MET001" <<< "$out"; then
  echo "$out" | tail -n 20
  echo "FAIL: the hook should fail with MET001 on an alert on a metric nothing emits" >&2
  exit 1
fi
echo "pre-commit hook: 2 passed, 0 failed"
