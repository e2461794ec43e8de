#!/usr/bin/env python3
"""Time obslint's Python pass against `ruff check --no-cache --select G,LOG` on the same files, run after
run (alternating), and print the ratio of medians and each tool's peak memory.

Default corpus: this machine's Python standard library and site-packages (sys.prefix/lib/python3.X).
ruff skips site-packages unless told `--config 'exclude=[]'`, so it is. obslint runs `check --select PII,PY`
(its whole Python pass) from an empty folder, so no config applies.

Usage: scripts/bench-python.py [DIR] [--runs N]
Needs ruff on PATH or in target/ci-venv (pip install ruff) and a release build (cargo build --release).
"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
OBSLINT = os.environ.get("OBSLINT", os.path.join(REPO, "target", "release", "obslint"))


def find_ruff():
    venv = os.path.join(REPO, "target", "ci-venv", "bin", "ruff")
    return shutil.which("ruff") or (venv if os.path.exists(venv) else None)


def run(cmd, cwd):
    """Wall time and peak RSS (KiB) of one run, measured in a child so runs do not mix."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{cmd[0]} exited {code}")
    return elapsed, usage.ru_maxrss


def main():
    args = [a for a in sys.argv[1:]]
    runs = 5
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i : i + 2]
    corpus = os.path.abspath(args[0] if args else os.path.dirname(sysconfig.get_paths()["stdlib"].rstrip("/")) + "/" + os.path.basename(sysconfig.get_paths()["stdlib"]))
    ruff = find_ruff()
    if ruff is None:
        print("ruff not found: pip install ruff", file=sys.stderr)
        return 2
    if not os.path.exists(OBSLINT):
        print(f"{OBSLINT} not found: cargo build --release", file=sys.stderr)
        return 2
    cwd = tempfile.mkdtemp()
    ours_cmd = [OBSLINT, "check", corpus, "--select", "PII,PY", "--format", "json", "--fail-on", "never"]
    # The instrumentation checks on top of the leak checks: entry points, coverage, metric catalog.
    full_cmd = [OBSLINT, "check", corpus, "--select", "PII,PY,INS,MET", "--format", "json", "--fail-on", "never"]
    ruff_cmd = [ruff, "check", "--no-cache", "--select", "G,LOG", "--config", "exclude=[]", "--exit-zero", "-q", corpus]
    run(ours_cmd, cwd), run(ruff_cmd, cwd)  # warm the page cache for both
    ours, theirs, full = [], [], []
    for _ in range(runs):
        ours.append(run(ours_cmd, cwd))
        theirs.append(run(ruff_cmd, cwd))
        full.append(run(full_cmd, cwd))
    o = statistics.median(t for t, _ in ours)
    r = statistics.median(t for t, _ in theirs)
    print(f"corpus: {corpus}, {runs} runs each, alternating, {os.cpu_count()} cores")
    print(f"obslint check --select PII,PY: median {o:.2f} s, peak {max(m for _, m in ours) / 1024:.0f} MB")
    print(f"ruff check --select G,LOG:     median {r:.2f} s, peak {max(m for _, m in theirs) / 1024:.0f} MB")
    f = statistics.median(t for t, _ in full)
    print(f"obslint check --select PII,PY,INS,MET: median {f:.2f} s, peak {max(m for _, m in full) / 1024:.0f} MB")
    print(f"ratio obslint/ruff: {o / r:.2f}  (target: at most 2.0; obslint peak memory target: under 150 MB)")
    print(f"instrumentation checks cost: +{(f / o - 1) * 100:.0f}% over the PII pass  (target: under 20%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
