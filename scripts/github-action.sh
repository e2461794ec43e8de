#!/usr/bin/env bash
# The GitHub Action's steps (action.yml). Inputs arrive in environment variables, never in the script
# text, so a pull request cannot inject shell through them.
#   install: put the obslint of this action's source on PATH (skipped when that version is already there,
#            and taken from OBSLINT_INSTALL_ROOT when a cached build of it is there)
#   check:   run `obslint check` with GitHub annotations on stdout and SARIF written to OBSLINT_SARIF_FILE
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: run this from action.yml}"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$action_path/Cargo.toml" | head -n 1)"

case "${1:-}" in
  install)
    if command -v obslint >/dev/null 2>&1 && [ "$(obslint --version)" = "obslint $version" ]; then
      echo "obslint $version is already installed"
      exit 0
    fi
    # OBSLINT_INSTALL_ROOT is the folder action.yml caches between runs: a build found there is used.
    root="${OBSLINT_INSTALL_ROOT:-${RUNNER_TEMP:-/tmp}/obslint-$version}"
    if [ -x "$root/bin/obslint" ] && [ "$("$root/bin/obslint" --version)" = "obslint $version" ]; then
      echo "obslint $version restored from the cache"
    else
      cargo install --locked --quiet --path "$action_path" --root "$root"
    fi
    echo "$root/bin" >> "${GITHUB_PATH:?}"
    ;;
  check)
    # Split the args input on white space into an array: no eval, no globbing.
    set -f
    read -r -a args <<< "${OBSLINT_ARGS:-.}"
    set +f
    sarif=()
    if [ -n "${OBSLINT_SARIF_FILE:-}" ]; then
      sarif=(--output-sarif "$OBSLINT_SARIF_FILE")
    fi
    status=0
    obslint check --format github "${sarif[@]}" "${args[@]}" || status=$?
    echo "exit-code=$status" >> "${GITHUB_OUTPUT:?}"
    exit "$status"
    ;;
  *)
    echo "usage: github-action.sh install|check" >&2
    exit 2
    ;;
esac
