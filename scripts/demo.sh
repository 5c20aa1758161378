#!/usr/bin/env bash
# Runs the bundled demo job the way AWX does: a real `ansible-runner transmit`
# stream of demo/ piped into `tachyon worker`, whose output goes into the real
# `ansible-runner process`, which prints the job's output; then a summary of
# the events the worker sent. `main.yml` runs the automation main natively;
# then `greet.yml`, an ordinary playbook, runs under the EE's own Ansible.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
work=$(mktemp -d /tmp/tachyon_demo_XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r demo "$work/src"
/usr/bin/ansible-runner transmit "$work/src" -p main.yml -i demo >"$work/transmit.bin"
deno run -P --no-prompt --quiet main.ts worker --private-data-dir="$work/runner" \
  <"$work/transmit.bin" >"$work/worker.out" 2> >(grep -v 'experimental feature' >&2)
/usr/bin/ansible-runner process "$work/processed" --ident demo <"$work/worker.out"
echo
echo "== events sent by the worker =="
/usr/bin/python3 - "$work/worker.out" <<'PY'
import json, sys
for raw in open(sys.argv[1], "rb").read().split(b"\n"):
    try:
        msg = json.loads(raw)
    except ValueError:
        continue
    if "status" in msg:
        print(f"status: {msg['status']}")
    elif "event" in msg:
        host = msg.get("event_data", {}).get("host", "")
        print(f"{msg['counter']:>3} {msg['event']:<24} {host}")
PY
echo "status file: $(cat "$work/processed/artifacts/demo/status"), rc: $(cat "$work/processed/artifacts/demo/rc")"

echo
echo "== an ordinary playbook (greet.yml): the same worker hands it to the EE's Ansible =="
/usr/bin/ansible-runner transmit "$work/src" -p greet.yml -i greet >"$work/greet.bin"
deno run -P --no-prompt --quiet main.ts worker --private-data-dir="$work/runner-greet" \
  <"$work/greet.bin" >"$work/greet.out" 2> >(grep -v 'experimental feature' >&2)
/usr/bin/ansible-runner process "$work/processed" --ident greet <"$work/greet.out"
echo "status file: $(cat "$work/processed/artifacts/greet/status"), rc: $(cat "$work/processed/artifacts/greet/rc")"
