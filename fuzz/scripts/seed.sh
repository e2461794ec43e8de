#!/bin/sh
# Seeds corpus/<target>/ from the fixtures and, when present, ../../shared/corpora. Run from fuzz/.
# The corpus is not committed (fuzz/.gitignore): it is rebuilt from these sources.
set -u
repo=$(cd .. && pwd)
# ../shared/corpora beside the checkout (or beside the worktrees folder); CORPORA overrides.
corpora=${CORPORA:-$repo/../shared/corpora}
[ -d "$corpora" ] || corpora=$repo/../../shared/corpora
seed() { # seed TARGET FILE...
    mkdir -p "corpus/$1"
    t=$1; shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        # Bounded seeds: libFuzzer mutates small inputs best.
        [ "$(wc -c < "$f")" -le 65536 ] || continue
        cp "$f" "corpus/$t/$(echo "$f" | cksum | cut -d' ' -f1)"
    done
}
yaml=$(find "$repo/tests/fixtures" "$repo/fixtures" "$corpora" -name '*.yml' -o -name '*.yaml' 2>/dev/null | head -3000)
seed rule_file $yaml
# promtool unit-test files: those that say `rule_files` and `tests`.
seed unit_test $(grep -l -s 'rule_files' $yaml 2>/dev/null | xargs grep -l -s 'alert_rule_test\|promql_expr_test' 2>/dev/null | head -500)
seed registry $(find "$repo/tests/fixtures" "$corpora/semconv" -path '*registry*' -name '*.yaml' 2>/dev/null | head -500)
seed runbook $(find "$repo/tests/fixtures" "$corpora" -name '*.md' 2>/dev/null | head -1000)
seed python $(find "$repo/tests/fixtures" -name '*.py' 2>/dev/null | head -1000)
seed config $(find "$repo/tests/fixtures" "$repo/examples" -name 'obslint.toml' -o -name 'pyproject.toml' 2>/dev/null | head -200)
seed baseline $(find "$repo/tests" -name '*baseline*.json' 2>/dev/null | head -50)
printf '{\n  "schema_version": 1,\n  "findings": [\n    {\n      "fingerprint": "0123456789abcdef",\n      "code": "RUN001",\n      "path": "rules/r.yml",\n      "message": "alert `A` has no runbook"\n    }\n  ]\n}\n' > corpus/baseline/one
# PromQL and templates: the `expr:` lines and `{{ }}` values of the rule files, one per seed.
mkdir -p corpus/promql corpus/gotemplate
i=0
for f in $yaml; do
    grep -h 'expr:' "$f" 2>/dev/null | sed 's/^[[:space:]]*expr:[[:space:]]*//; s/^[|>][-+]*$//' | while IFS= read -r line; do
        [ -n "$line" ] && printf '%s' "$line" > "corpus/promql/$(printf '%s' "$line" | cksum | cut -d' ' -f1)"
    done
    grep -h '{{' "$f" 2>/dev/null | sed 's/^[[:space:]]*[a-z_]*:[[:space:]]*//' | while IFS= read -r line; do
        printf '%s' "$line" > "corpus/gotemplate/$(printf '%s' "$line" | cksum | cut -d' ' -f1)"
    done
    i=$((i + 1))
    [ $i -lt 400 ] || break
done
# Prometheus API answers: two status bytes, a content-type selector part, 0xFF, the body.
mkdir -p corpus/prometheus_api
printf '\000\144\377{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"a"},"values":[[1700000000,"1"],[1700000060,"0"],[1700000120,"1"]]}]}}' > corpus/prometheus_api/matrix
printf '\000\144\377{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"NaN"]}]}}' > corpus/prometheus_api/vector
printf '\000\144\377{"status":"success","data":[{"__name__":"up","job":"a"}]}' > corpus/prometheus_api/series
printf '\001\220\377{"status":"error","errorType":"bad_data","error":"parse error at char 3"}' > corpus/prometheus_api/refused
printf '\000\144x\377<html><body>login</body></html>' > corpus/prometheus_api/html
# The pipeline: a rule file and a Python module from the fixtures, joined at 0xFF as the target splits.
mkdir -p corpus/pipeline
for d in "$repo"/tests/fixtures/projects/*/; do
    r=$(find "$d" -name '*.yml' | head -1); p=$(find "$d" -name '*.py' | head -1)
    { [ -n "$r" ] && cat "$r"; printf '\377# Triage\n\377\377'; [ -n "$p" ] && cat "$p"; printf '\377from . import views\n'; } \
        > "corpus/pipeline/$(basename "$d")"
done
for t in corpus/*; do echo "$t: $(ls "$t" | wc -l) seeds"; done
