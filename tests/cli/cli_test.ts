/**
 * The CLI surface: --version, --help, usage errors (checked against the real
 * ansible-runner), reserved commands.
 */
import assert from "node:assert/strict";
import { ANSIBLE_RUNNER, run, runTachyon } from "../_support/worker_process.ts";

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("--version prints a three-part version YAML reads as a string", async () => {
  const out = await runTachyon(["--version"]);
  assert.equal(out.code, 0);
  assert.match(decode(out.stdout), /^\d+\.\d+\.\d+\n$/);
  const worker = await runTachyon(["worker", "--version"]);
  assert.equal(decode(worker.stdout), decode(out.stdout));
});

Deno.test("--help prints the common usage and exits 0", async () => {
  const out = await runTachyon(["--help"]);
  assert.equal(out.code, 0);
  assert.match(decode(out.stdout), /These are common Ansible Runner commands/);
});

Deno.test("no command, unknown command and unknown worker option exit 2 with a message", async () => {
  for (
    const [args, pattern] of [
      [[], /the following arguments are required/],
      [["frobnicate"], /invalid choice: 'frobnicate'/],
      [["worker", "--bogus"], /unrecognized arguments: --bogus/],
      [["worker", "--keepalive-seconds", "soon"], /invalid int value: 'soon'/],
      [["worker", "--private-data-dir"], /expected one argument/],
    ] as const
  ) {
    const out = await runTachyon([...args]);
    assert.equal(out.code, 2, `${args.join(" ")}`);
    assert.match(out.stderr, pattern);
    assert.equal(out.stdout.length, 0);
  }
});

Deno.test("both --opt=value and --opt value forms are accepted", async () => {
  for (
    const args of [["--private-data-dir=/tmp/x", "--help"], [
      "--private-data-dir",
      "/tmp/x",
      "--help",
    ]]
  ) {
    const out = await runTachyon(["worker", ...args]);
    assert.equal(out.code, 0, out.stderr);
  }
});

Deno.test("reserved commands answer clearly instead of pretending", async () => {
  for (const command of ["run", "start", "stop", "is-alive", "transmit", "process"]) {
    const out = await runTachyon([command, "/tmp/x"]);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /not available in tachyon/);
  }
});

Deno.test("usage errors: the parser at fault and argparse's message, as the real ansible-runner", async () => {
  const cases = [
    [],
    ["frobnicate"],
    ["--bogus", "worker"],
    ["worker", "--bogus"],
    ["worker", "--de"], // --delete or --debug
    ["worker", "--del=1"],
    ["worker", "--priv"],
    ["worker", "soon"],
    ["worker", "cleanup", "--grace-period", "x"],
    ["worker", "cleanup", "--file-pattern"],
    ["worker", "cleanup", "--bogus", "x"],
  ];
  for (const args of cases) {
    const ours = await runTachyon(args);
    const ref = await run(ANSIBLE_RUNNER, args);
    assert.equal(ours.code, 2, args.join(" "));
    assert.equal(ref.code, 2, args.join(" "));
    assert.equal(ours.stdout.length, 0);
    assert.equal(lastLine(ours.stderr), lastLine(ref.stderr), args.join(" "));
  }
});

Deno.test("--help and --version stop parsing where they stand, as argparse's actions do", async () => {
  for (
    const args of [["worker", "--help", "--bogus"], ["worker", "--vers", "--keepalive-seconds"]]
  ) {
    const out = await runTachyon(args);
    assert.equal(out.code, 0, `${args.join(" ")}: ${out.stderr}`);
    assert.equal(out.stderr, "");
  }
  const late = await runTachyon(["worker", "--keepalive-seconds", "x", "--help"]);
  assert.equal(late.code, 2);
  assert.match(
    late.stderr,
    /ansible-runner worker: error: argument --keepalive-seconds: invalid int/,
  );
});

function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1) ?? "";
}
