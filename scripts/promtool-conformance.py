#!/usr/bin/env python3
"""Compare obslint with `promtool check rules` on promtool's own test data.

For every file, promtool's verdict (exit 0 = accepted) must match obslint's: a file promtool rejects gets a
YML001/YML002/PQL001/ALR006 error from obslint (ALR006: promtool rejects broken templates too), on the line
promtool names when it names one; a file promtool accepts gets none of those. Each file is checked as a rule
file whatever it looks like (`rule-files = ["**"]`), because that is what `promtool check rules FILE` assumes.

Known, intended divergence: promtool 2.42 predates Prometheus 3's UTF-8 names, so `utf-8_*.good.yaml` (which
upstream's own rulefmt tests expect to pass) are rejected by promtool and accepted by obslint, and
`legacy_validation_*` files are checked with `name-validation = "legacy"`.

Dialect files (this repository's fixtures with Thanos, Mimir/Cortex, vmalert and Loki fields and functions):
promtool must reject each one and obslint, under the default Prometheus dialect, must too (YML002, on a line
promtool names); under the dialects the fixture project's obslint.toml sets, obslint must report exactly the
lines the file marks `# expect: YML002`.

Usage: scripts/promtool-conformance.py [CORPUS_DIR]   (default ../shared/corpora/promtool-testdata)
Needs promtool on PATH (Debian: apt-get install prometheus) and a built obslint (cargo build --release).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "corpora", "promtool-testdata")
OBSLINT = os.environ.get("OBSLINT", os.path.join(REPO, "target", "release", "obslint"))
REJECTING_CODES = {"YML001", "YML002", "PQL001", "ALR006"}
PROMETHEUS3_DIVERGENCE = re.compile(r"utf-8_.*\.good\.ya?ml$")
# Where promtool names the rule and obslint the offending key inside it: same rule, a more exact position.
MORE_EXACT = {
    "record_and_for.bad.yaml": "promtool points at the rule's name, obslint at the `for` key a recording rule may not have",
    "record_and_keep_firing_for.bad.yaml": "promtool points at the rule's name, obslint at the `keep_firing_for` key",
}


def promtool(path):
    p = subprocess.run(["promtool", "check", "rules", path], capture_output=True, text=True)
    out = p.stdout + p.stderr
    # promtool names lines as "5:15:" (line:column) or "line 8:" (yaml unmarshal errors).
    lines = {int(m) for m in re.findall(r"\bline (\d+):", out)}
    lines |= {int(a) for a, _ in re.findall(r"(?<![\d.])(\d+):(\d+): ", out) if int(a) > 0}
    return p.returncode == 0, sorted(lines), out.strip().splitlines()[-1] if out.strip() else ""


def obslint(path, config):
    p = subprocess.run(
        [OBSLINT, "check", path, "--config", config, "--format", "json", "--fail-on", "never"],
        capture_output=True,
        text=True,
    )
    if p.returncode != 0:
        raise SystemExit(f"obslint failed on {path} (exit {p.returncode}): {p.stderr}")
    findings = [f for f in json.loads(p.stdout)["findings"] if f["code"] in REJECTING_CODES]
    return findings


def main():
    if shutil.which("promtool") is None:
        print("promtool not found: apt-get install prometheus", file=sys.stderr)
        return 2
    if not os.path.exists(OBSLINT):
        print(f"{OBSLINT} not found: cargo build --release", file=sys.stderr)
        return 2
    files = sorted(
        os.path.join(root, f)
        for root, _, names in os.walk(CORPUS)
        for f in names
        if f.endswith((".yml", ".yaml"))
    )
    tmp = tempfile.mkdtemp()
    configs = {}
    for name, extra in [("utf8", ""), ("legacy", 'name-validation = "legacy"\n')]:
        configs[name] = os.path.join(tmp, f"{name}.toml")
        with open(configs[name], "w") as fh:
            fh.write(f'[alerts]\nrule-files = ["**"]\n{extra}')
    mismatches = 0
    print(f"{'file':58} {'promtool':9} {'obslint':8} verdict")
    for path in files:
        rel = os.path.relpath(path, CORPUS)
        accepted, lines, last = promtool(path)
        config = configs["legacy" if "legacy_validation" in rel else "utf8"]
        findings = obslint(path, config)
        ours_accept = not findings
        our_lines = sorted({f["line"] for f in findings})
        if PROMETHEUS3_DIVERGENCE.search(rel):
            ok = ours_accept
            verdict = "ok (Prometheus 3 accepts UTF-8 names; promtool 2.42 does not)" if ok else "MISMATCH"
        elif accepted != ours_accept:
            ok, verdict = False, "MISMATCH"
        elif not accepted and lines and not set(lines) & set(our_lines):
            reason = MORE_EXACT.get(os.path.basename(rel))
            ok = reason is not None
            verdict = f"ok at line(s) {our_lines}: {reason}" if ok else f"MISMATCH: promtool line(s) {lines}, obslint line(s) {our_lines}"
        else:
            ok = True
            where = f" at line(s) {our_lines}" if our_lines else ""
            verdict = f"ok{where}"
        mismatches += not ok
        print(f"{rel:58} {'accepts' if accepted else 'rejects':9} {'accepts' if ours_accept else 'rejects':8} {verdict}")
        if not ok:
            print(f"    promtool: {last}")
            for f in findings:
                print(f"    obslint: {f['code']} {f['line']}:{f['column']} {f['message']}")
    dialect_files, dialect_mismatches = check_dialects(configs["utf8"])
    mismatches += dialect_mismatches
    print(f"\n{len(files)} files, {dialect_files} dialect files, {mismatches} mismatches")
    return 1 if mismatches else 0


DIALECT_PROJECT = os.path.join(REPO, "tests", "fixtures", "projects", "dialects")
DIALECT_FILES = [os.path.join(REPO, "tests", "fixtures", "rules", "YML002", "invalid-dialects.yml")]


def expected_lines(path):
    with open(path) as fh:
        return sorted(i for i, line in enumerate(fh, 1) if re.search(r"#\s*expect:.*\bYML002\b", line))


def check_dialects(default_config):
    files = DIALECT_FILES + sorted(
        os.path.join(root, f)
        for root, _, names in os.walk(DIALECT_PROJECT)
        for f in names
        if f.endswith((".yml", ".yaml"))
    )
    mismatches = 0
    print(f"\n{'dialect file':58} {'promtool':9} {'default':8} {'dialect':8} verdict")
    for path in files:
        rel = os.path.relpath(path, REPO)
        accepted, lines, last = promtool(path)
        ours = obslint(path, default_config)
        our_lines = sorted({f["line"] for f in ours})
        problems = []
        if accepted:
            problems.append("promtool accepts a dialect file")
        if not ours:
            problems.append("obslint accepts it under the Prometheus dialect")
        elif lines and not set(lines) & set(our_lines):
            problems.append(f"promtool line(s) {lines}, obslint line(s) {our_lines}")
        in_dialect = []
        if path.startswith(DIALECT_PROJECT):
            in_dialect = sorted({f["line"] for f in obslint(path, os.path.join(DIALECT_PROJECT, "obslint.toml"))})
            if in_dialect != expected_lines(path):
                problems.append(f"under its dialect obslint reports line(s) {in_dialect}, the file expects {expected_lines(path)}")
        mismatches += bool(problems)
        dialect = "-" if not path.startswith(DIALECT_PROJECT) else ("rejects" if in_dialect else "accepts")
        verdict = "MISMATCH: " + "; ".join(problems) if problems else "ok"
        print(f"{rel:58} {'accepts' if accepted else 'rejects':9} {'rejects' if ours else 'accepts':8} {dialect:8} {verdict}")
        if problems:
            print(f"    promtool: {last}")
    return len(files), mismatches


if __name__ == "__main__":
    sys.exit(main())
