#!/usr/bin/env bash
# The whole test suite, set-up included: formatting, lint, type checks and the
# doc examples, then the two tiers:
#   unit    `deno task test:unit`: only Deno; the real peers' answers come from
#           recorded fixtures (tests/_fixtures/oracle/). Here it runs with
#           Python, Ansible, OpenSSH and podman absent from PATH as well as
#           denied by its permission set, so a test that needs them fails.
#   interop `deno task test:interop`: the real ansible-runner, Ansible, Python,
#           sshd and signals, and the replay of every recorded answer.
# Ends with a plain "N passed, N failed" line (both tiers and the gates).
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

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A PATH with everything this machine has except the peers the unit tier must not need.
mkdir "$work/bin"
for dir in /usr/local/bin /usr/bin /bin; do
  for program in "$dir"/*; do
    name=${program##*/}
    case $name in python* | ansible* | ssh* | sshd | podman | docker) continue ;; esac
    [ -e "$work/bin/$name" ] || ln -s "$program" "$work/bin/$name"
  done
done

# Runs one tier (deno test ARGS…) and adds its counts to the totals.
passed=0
failed=$failed_gates
tier() {
  local name=$1 log="$work/$1.log" status summary p f ignored
  shift
  "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^(ok|FAILED) \| [0-9]+ passed' | tail -n1)
  p=$(sed -E 's/.*\| ([0-9]+) passed.*/\1/' <<<"$summary")
  f=$(sed -E 's/.*\| ([0-9]+) failed.*/\1/' <<<"$summary")
  ignored=$(grep -oE '[0-9]+ ignored' <<<"$summary" | cut -d' ' -f1)
  p=${p:-0}
  f=${f:-0}
  # No summary, nothing passed or a non-zero exit without a failed test: the tier failed.
  if [ -z "$summary" ] || [ "$p" = 0 ] || { [ "$status" != 0 ] && [ "$f" = 0 ]; }; then f=$((f + 1)); fi
  # A skipped (ignored) test is a failure here: a missing peer must not pass quietly.
  f=$((f + ${ignored:-0}))
  echo "$name tier: $p passed, $f failed"
  passed=$((passed + p))
  failed=$((failed + f))
}

start=$SECONDS
tier unit env PATH="$work/bin" "$(command -v deno)" task test:unit
echo "unit tier took $((SECONDS - start)) s"
tier interop deno task test:interop

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
