#!/usr/bin/env bash
# The whole test suite, set-up included: formatting, lint, type check, then
# every test (real ansible-runner, real sshd, real signals). Ends with a plain
# "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

failed_gates=0
deno fmt --check || failed_gates=$((failed_gates + 1))
deno lint || failed_gates=$((failed_gates + 1))
deno check main.ts mod.ts || failed_gates=$((failed_gates + 1))
deno task cycles || failed_gates=$((failed_gates + 1))
deno task check:automation || failed_gates=$((failed_gates + 1))
deno task doc:lint || failed_gates=$((failed_gates + 1))
deno task doc:test || failed_gates=$((failed_gates + 1))

log=$(mktemp)
trap 'rm -f "$log"' EXIT
deno test -P=test --no-prompt tests/ 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^(ok|FAILED) \| [0-9]+ passed' | tail -n1)
passed=$(sed -E 's/.*\| ([0-9]+) passed.*/\1/' <<<"$summary")
failed=$(sed -E 's/.*\| ([0-9]+) failed.*/\1/' <<<"$summary")
ignored=$(grep -oE '[0-9]+ ignored' <<<"$summary" | cut -d' ' -f1)
passed=${passed:-0}
failed=${failed:-0}
if [ -z "$summary" ] || [ "$passed" = 0 ]; then failed=$((failed + 1)); fi
# A skipped (ignored) test is a failure here: a missing peer must not pass quietly.
failed=$((failed + ${ignored:-0} + failed_gates))
echo "$passed passed, $failed failed"
[ "$status" = 0 ] && [ "$failed" = 0 ]
