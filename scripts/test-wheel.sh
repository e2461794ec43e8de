#!/usr/bin/env bash
# Builds the Python wheel with maturin, installs it into a fresh venv and runs the installed `obslint`.
# Needs python3 and cargo; installs maturin into a venv under target/.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tools="$repo/target/ci-venv"
[ -x "$tools/bin/maturin" ] || { python3 -m venv "$tools" && "$tools/bin/pip" install --quiet "maturin>=1.5,<2"; }
rm -rf "$repo/target/wheels"
"$tools/bin/maturin" build --release --quiet --manifest-path "$repo/Cargo.toml" --out "$repo/target/wheels"
wheel="$(ls "$repo"/target/wheels/obslint-*.whl)"
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
python3 -m venv "$fresh/venv"
"$fresh/venv/bin/pip" install --quiet "$wheel"
version="$("$fresh/venv/bin/obslint" --version)"
expected="obslint $(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml" | head -n 1)"
[ "$version" = "$expected" ] || { echo "FAIL: installed $version, expected $expected" >&2; exit 1; }
set +e
"$fresh/venv/bin/obslint" check "$repo/fixtures/demo" --format concise > "$fresh/out.txt"
status=$?
set -e
[ "$status" -eq 1 ] && grep -q "RUN001" "$fresh/out.txt" || { echo "FAIL: the installed obslint did not report the demo's findings (exit $status)" >&2; exit 1; }
echo "wheel $(basename "$wheel"): installs, runs, $version"
echo "python wheel: 1 passed, 0 failed"
