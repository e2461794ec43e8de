#!/usr/bin/env python3
"""Run obslint on pinned real Python applications from PyPI, the corpus the Python checks are judged on.

Each package is fetched once with `pip download --no-deps` (a wheel, or an sdist when no wheel fits this
Python) into a cache outside the repository, unpacked there, and checked as a new user would check it:
`obslint check DIR --format json` from an empty folder, so no config applies. Nothing is installed and
no project code runs: obslint only reads the files.

Prints one row per package: files, seconds, peak memory, exit code, findings per code. `--save DIR`
writes each JSON report to DIR/<package>.json, for reading samples of findings by hand.

Usage: scripts/real-apps.py [--cache DIR] [--save DIR] [--only NAME[,NAME...]] [--set pinned|extended|all]
                            [-- EXTRA OBSLINT ARGS]
Cache: $OBSLINT_APPS_CACHE, else ~/.cache/obslint-real-apps. Binary: $OBSLINT, else target/release/obslint.
Exit status: 0 when every package ran with exit 0 or 1, 1 when any crashed, hung or exited 2.
"""
import collections
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
OBSLINT = os.environ.get("OBSLINT", os.path.join(REPO, "target", "release", "obslint"))

# The pinned list from issue 10 (Flask, FastAPI, Django with DRF, Celery, Tornado and ASGI apps, with and
# without app-wide instrumentation). netbox is not published on PyPI, so it cannot be fetched here.
PACKAGES = [
    "mlflow==3.18.0",
    "prefect==3.9.1",
    "pretalx==2026.2.1",
    "mayan-edms==4.12.2",
    "misago==0.39.6",
    "hyperkitty==1.3.12",
    "postorius==1.3.13",
    "django-oscar==4.2.1",
    "flower==2.2.0",
    "pulpcore==3.123.1",
    "keystone==30.0.0",
    "datasette==0.65.5",
    "jupyter-server==2.21.1",
]
# A second, wider set (`--set extended`): more frameworks and house styles, for reading more findings
# than the pinned list yields. Not part of issue 10's list; measured beside it.
EXTENDED = [
    "nautobot==3.2.7",
    "matrix-synapse==1.163.2",
    "indico==3.2.9",
    "ckan==2.12.0",
    "apache-superset==6.1.0",
    "label-studio==1.23.2",
    "wagtail==8.0.1",
    "kinto==26.5.0",
    "pretix==2026.8.0",
    "weblate==5.14.3",
    "django-cms==5.1.3",
    "flaskbb==2.0.2",
]
TIMEOUT_S = 600


def fetch(spec, cache):
    """Unpacked source folder of one pinned package, downloading it on first use."""
    name = spec.split("==")[0]
    dest = os.path.join(cache, "src", name)
    if os.path.isdir(dest):
        return dest
    dl = os.path.join(cache, "dl", name)
    os.makedirs(dl, exist_ok=True)
    if not os.listdir(dl):
        # --ignore-requires-python: some pins want a newer Python than this one; we only read the files.
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--ignore-requires-python", "-d", dl, spec]
        if subprocess.run(cmd).returncode != 0:
            return None
    archive = os.path.join(dl, sorted(os.listdir(dl))[0])
    tmp = tempfile.mkdtemp(dir=cache)
    if archive.endswith(".whl") or archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as z:
            z.extractall(tmp)
    else:
        with tarfile.open(archive) as t:
            t.extractall(tmp, filter="data")
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    os.rename(tmp, dest)
    return dest


def run(src, extra, cwd):
    """(exit code, seconds, peak RSS in MiB, report or None) of one obslint run, in a child of its own."""
    cmd = [OBSLINT, "check", src, "--format", "json", *extra]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL)
        # A timer kills a hung run; wait4 (not p.wait) so this child's own peak memory is read.
        timer = threading.Timer(TIMEOUT_S, p.kill)
        timer.start()
        _, status, usage = os.wait4(p.pid, 0)
        timer.cancel()
        code = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        peak = usage.ru_maxrss / 1024
        out.seek(0)
        try:
            report = json.load(out)
        except ValueError:
            report = None
    return code, elapsed, peak, report


def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        extra = args[args.index("--") + 1 :]
        args = args[: args.index("--")]
    opts = dict(zip(args[::2], args[1::2]))
    cache = opts.get("--cache") or os.environ.get("OBSLINT_APPS_CACHE") or os.path.expanduser("~/.cache/obslint-real-apps")
    save = opts.get("--save")
    only = set(opts["--only"].split(",")) if "--only" in opts else None
    if not os.path.exists(OBSLINT):
        print(f"{OBSLINT} not found: cargo build --release", file=sys.stderr)
        return 2
    os.makedirs(cache, exist_ok=True)
    if save:
        os.makedirs(save, exist_ok=True)
    cwd = tempfile.mkdtemp()
    failed = False
    totals = collections.Counter()
    print(f"{'package':<16} {'files':>6} {'seconds':>8} {'peak MiB':>9} {'exit':>4}  findings per code")
    chosen = opts.get("--set", "pinned")
    if chosen not in ("pinned", "extended", "all"):
        print(f"--set {chosen}: expected pinned, extended or all", file=sys.stderr)
        return 2
    specs = {"pinned": PACKAGES, "extended": EXTENDED, "all": PACKAGES + EXTENDED}[chosen]
    for spec in specs:
        name = spec.split("==")[0]
        if only and name not in only:
            continue
        src = fetch(spec, cache)
        if src is None:
            print(f"{name:<16} could not be downloaded")
            failed = True
            continue
        code, secs, peak, report = run(src, extra, cwd)
        if report is None or code not in (0, 1):
            failed = True
        files = report["summary"]["files"] if report else "-"
        codes = collections.Counter(f["code"] for f in report["findings"]) if report else {}
        totals.update(codes)
        if save and report is not None:
            with open(os.path.join(save, name + ".json"), "w") as f:
                json.dump(report, f)
        per_code = " ".join(f"{c}={n}" for c, n in sorted(codes.items())) or "-"
        print(f"{name:<16} {files:>6} {secs:>8.2f} {peak:>9.0f} {code:>4}  {per_code}", flush=True)
    print("total" + " " * 40 + " ".join(f"{c}={n}" for c, n in sorted(totals.items())))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
