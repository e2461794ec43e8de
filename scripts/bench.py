#!/usr/bin/env python3
"""Time `obslint check` against `promtool check rules` on the same file, run after run, and print the ratio.

Default input: promtool's own 10,002-rule test file. obslint runs with every check enabled (default config,
no obslint.toml), output discarded; promtool as `promtool check rules FILE`. Runs alternate between the two
tools so that machine noise hits both alike; the figure is the ratio of medians.

Usage: scripts/bench.py [FILE] [--runs N]
Needs promtool (apt-get install prometheus) and a release build (cargo build --release).
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT = os.path.join(REPO, "..", "shared", "corpora", "promtool-testdata", "cmd", "promtool", "testdata", "rules_large.yml")
OBSLINT = os.environ.get("OBSLINT", os.path.join(REPO, "target", "release", "obslint"))


def timed(cmd, cwd):
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if p.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} exited {p.returncode}")
    return elapsed


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 20
    if "--runs" in sys.argv:
        args = [a for a in args if a != str(runs)]
    path = os.path.abspath(args[0] if args else DEFAULT)
    if shutil.which("promtool") is None:
        print("promtool not found: apt-get install prometheus", file=sys.stderr)
        return 2
    if not os.path.exists(OBSLINT):
        print(f"{OBSLINT} not found: cargo build --release", file=sys.stderr)
        return 2
    # An empty folder as working directory: no obslint.toml is found, every check runs with defaults.
    cwd = tempfile.mkdtemp()
    ours, theirs = [], []
    for _ in range(3):  # warm the page cache for both
        timed([OBSLINT, "check", path, "--fail-on", "never"], cwd)
        timed(["promtool", "check", "rules", path], cwd)
    for _ in range(runs):
        ours.append(timed([OBSLINT, "check", path, "--fail-on", "never"], cwd))
        theirs.append(timed(["promtool", "check", "rules", path], cwd))
    o, t = statistics.median(ours), statistics.median(theirs)
    print(f"file: {os.path.relpath(path, REPO)} ({os.path.getsize(path) / 1e6:.1f} MB), {runs} runs each, alternating")
    print(f"obslint check (all checks): median {o * 1000:7.1f} ms  (min {min(ours) * 1000:.1f})")
    print(f"promtool check rules:       median {t * 1000:7.1f} ms  (min {min(theirs) * 1000:.1f})")
    print(f"ratio obslint/promtool: {o / t:.3f}  (target: at most 0.25)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
