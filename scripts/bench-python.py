#!/usr/bin/env python3
"""Time obslint's Python pass against `ruff check --select G,LOG` on the same files, run after run
(alternating), and print the ratio of medians and each tool's peak memory.

Default corpus: this machine's Python standard library and site-packages (sys.prefix/lib/python3.X),
copied once into a temporary folder so the warm and one-file-changed runs can write their caches and
touch a file without changing the machine's Python. ruff skips site-packages unless told
`--config 'exclude=[]'`, so it is. obslint runs with no config.

Rows:
  cold         `--no-cache` (obslint) and `--no-cache` (ruff): everything parsed
  warm         both caches filled, nothing changed
  one changed  both caches filled, one file edited before each run

obslint is timed with every family (`check`, the default), and with the leak checks alone
(`--select PII,PY`).

Usage: scripts/bench-python.py [DIR] [--runs N]
Needs ruff on PATH or in target/ci-venv (pip install ruff) and a release build (cargo build --release).
"""
import os
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


def run(cmd, cwd, env=None):
    """Wall time and peak RSS (KiB) of one run, measured in a child so runs do not mix."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {code}")
    return elapsed, usage.ru_maxrss


def median(samples):
    return statistics.median(t for t, _ in samples), max(m for _, m in samples) / 1024


def main():
    args = list(sys.argv[1:])
    runs = 5
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i : i + 2]
    source = os.path.abspath(args[0] if args else sysconfig.get_paths()["stdlib"])
    ruff = find_ruff()
    if ruff is None:
        print("ruff not found: pip install ruff", file=sys.stderr)
        return 2
    if not os.path.exists(OBSLINT):
        print(f"{OBSLINT} not found: cargo build --release", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="bench-python-")
    corpus = os.path.join(work, "corpus")
    # Python files only: the copy is what both tools read, and nothing else is needed.
    shutil.copytree(source, corpus, symlinks=True, ignore=lambda d, names: [
        n for n in names if not (n.endswith(".py") or os.path.isdir(os.path.join(d, n)))
    ])
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "home"))
    cwd = corpus  # both tools keep their cache at the project root: here
    ours = [OBSLINT, "check", ".", "--format", "json", "--fail-on", "never"]
    leaks = ours + ["--select", "PII,PY"]
    theirs = [ruff, "check", "--select", "G,LOG", "--config", "exclude=[]", "--exit-zero", "-q", "."]
    nocache = {"obslint": ["--no-cache"], "ruff": ["--no-cache"]}
    victim = os.path.join(corpus, "json", "__init__.py")
    files = sum(1 for _, _, fs in os.walk(corpus) for f in fs if f.endswith(".py"))

    def touch_one():
        with open(victim, "a") as f:
            f.write("# edited\n")

    commands = {
        "obslint": ours,
        "obslint PII,PY": leaks,
        "ruff G,LOG": theirs,
    }
    rows = {}
    for name, cmd in commands.items():
        extra = nocache["ruff" if name.startswith("ruff") else "obslint"]
        run(cmd + extra, cwd, env)  # warm the page cache
    for mode in ["cold", "warm", "one changed"]:
        samples = {name: [] for name in commands}
        for name, cmd in commands.items():
            run(cmd, cwd, env)  # fill the caches for the warm modes
        for _ in range(runs):
            for name, cmd in commands.items():
                if mode == "cold":
                    extra = nocache["ruff" if name.startswith("ruff") else "obslint"]
                    samples[name].append(run(cmd + extra, cwd, env))
                else:
                    if mode == "one changed":
                        touch_one()
                    samples[name].append(run(cmd, cwd, env))
        rows[mode] = {name: median(s) for name, s in samples.items()}
    shutil.rmtree(work, ignore_errors=True)

    print(f"corpus: {source} ({files} Python files), {runs} runs each, alternating, {os.cpu_count()} cores")
    print(f"{'':14}{'obslint':>16}{'obslint PII,PY':>18}{'ruff G,LOG':>16}{'ratio':>8}{'PII,PY ratio':>14}")
    for mode, r in rows.items():
        o, l, f = r["obslint"], r["obslint PII,PY"], r["ruff G,LOG"]
        print(
            f"{mode:14}{o[0]:>9.2f} s {o[1]:>3.0f}M{l[0]:>11.2f} s {l[1]:>3.0f}M{f[0]:>9.2f} s {f[1]:>3.0f}M"
            f"{o[0] / f[0]:>8.2f}{l[0] / f[0]:>14.2f}"
        )
    print("targets: cold ratio (every family) at most 1.0, peak under 150 MB; warm at most 0.2 s; one changed at most 0.3 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
