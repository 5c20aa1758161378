#!/bin/sh
# smoke_binary.sh — fails unless BINARY really runs tachyon.
#
#   scripts/smoke_binary.sh BINARY [VERSION]
#
# An exit code alone proves nothing: a plain copy of `deno` (what `deno compile`
# yields when it cannot embed into a real runtime) or /bin/true exit 0 on
# `--version`. So this runs BINARY on a tiny job and checks what it says:
#
#   1. `BINARY --version` prints exactly VERSION (default: the VERSION of
#      src/version.ts beside this script) and exits 0;
#   2. `BINARY worker` on a hand-written, kwargs-only transmit stream (the
#      automation main, playbook main.yml, on the implicit localhost; the
#      target comes from a YAML `-e`, so the lazily loaded yaml package must be
#      in the binary) exits 0, streams a `runner_on_ok` event for localhost and
#      none failed or unreachable, the status line `successful`, and ends with
#      eof.
#
# The Containerfile runs it on the compiled binary in the build stage and on the
# installed `ansible-runner` in the EE, so a broken binary fails the image build;
# tests/smoke_binary_interop_test.ts and tests/compile_interop_test.ts show that it fails on
# broken binaries. Needs only sh, grep, sed, tr, tail, mktemp (and timeout, if
# present). Exit 0: every check passed; 1: a check failed (the reason on stderr);
# 2: usage.
set -eu

fail() {
  echo "smoke_binary: FAIL: $*" >&2
  exit 1
}

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 BINARY [VERSION]" >&2
  exit 2
fi
binary=$1
version=${2:-}
if [ -z "$version" ]; then
  version_file="$(dirname "$0")/../src/version.ts"
  [ -r "$version_file" ] || {
    echo "smoke_binary: no VERSION given and $version_file is not readable" >&2
    exit 2
  }
  version=$(sed -n 's/^export const VERSION = "\([^"]*\)";$/\1/p' "$version_file")
  [ -n "$version" ] || {
    echo "smoke_binary: no VERSION found in $version_file" >&2
    exit 2
  }
fi

# A hung binary fails the check instead of hanging the image build.
limit=${TACHYON_SMOKE_TIMEOUT:-300}
run_limited() {
  if command -v timeout >/dev/null 2>&1; then
    timeout "$limit" "$@"
  else
    "$@"
  fi
}

# Under /tmp: the binary's permission set may write there and in /runner only.
work=$(mktemp -d /tmp/tachyon-smoke.XXXXXX)
trap 'rm -rf "$work"' EXIT

# What went wrong, for the build log: the last lines of what BINARY printed.
show() {
  for file in "$@"; do
    [ -s "$file" ] || continue
    echo "--- $(basename "$file") (last lines) ---" >&2
    tail -n 5 "$file" | cut -c 1-300 >&2
  done
}

# 1. The version string.
code=0
run_limited "$binary" --version >"$work/version.out" 2>"$work/version.err" || code=$?
if [ "$code" -ne 0 ]; then
  show "$work/version.out" "$work/version.err"
  fail "'$binary --version' exited $code"
fi
printed=$(cat "$work/version.out")
if [ "$printed" != "$version" ]; then
  show "$work/version.err"
  fail "'$binary --version' printed '$(echo "$printed" | head -n 1)', expected '$version'"
fi

# 2. A job: kwargs only, no zip; `main.yml` runs the automation main.
printf '%s\n%s\n' \
  '{"kwargs": {"ident": "smoke", "playbook": "main.yml", "cmdline": "-e \"{target_hosts: localhost}\""}}' \
  '{"eof": true}' >"$work/stream"
code=0
run_limited "$binary" worker --private-data-dir="$work/pdd" \
  <"$work/stream" >"$work/worker.out" 2>"$work/worker.err" || code=$?
if [ "$code" -ne 0 ]; then
  show "$work/worker.out" "$work/worker.err"
  fail "'$binary worker' exited $code on the smoke job"
fi
if ! grep '"event": "runner_on_ok"' "$work/worker.out" | grep -q '"host": "localhost"'; then
  show "$work/worker.out" "$work/worker.err"
  fail "no runner_on_ok event for localhost"
fi
if grep -qE '"event": "runner_on_(failed|unreachable)"' "$work/worker.out"; then
  show "$work/worker.out" "$work/worker.err"
  fail "a task failed or localhost was unreachable"
fi
if ! grep -qx '{"status": "successful", "runner_ident": "smoke"}' "$work/worker.out"; then
  show "$work/worker.out" "$work/worker.err"
  fail "no 'successful' status line"
fi
# eof ends the stream: it follows the artifacts' base64 on the same line.
if [ "$(tail -c 14 "$work/worker.out" | tr '\n' '$')" != '{"eof": true}$' ]; then
  show "$work/worker.out" "$work/worker.err"
  fail "the stream does not end with {\"eof\": true}"
fi

echo "smoke_binary: ok: $binary is tachyon $version (version, job successful, eof)"
