/**
 * scripts/smoke_binary.sh, the check the Containerfile runs on the compiled
 * binary, can fail: it passes on the real entrypoint (`deno run -P main.ts`,
 * the binary's permission set) and fails, naming the reason, on binaries that
 * are not tachyon (/bin/true, plain deno) and on fakes that replay the real
 * worker's output with one defect each.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDeadline } from "./_support/deadline.ts";
import { ROOT, run, tempDir } from "./_support/worker_process.ts";
import { VERSION } from "../src/version.ts";

const SMOKE_SCRIPT = join(ROOT, "scripts", "smoke_binary.sh");

/** Runs the smoke script on `binary`. */
async function smoke(
  binary: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await withDeadline(
    300_000,
    `smoke_binary.sh ${binary}`,
    () => run("/bin/sh", [SMOKE_SCRIPT, binary, ...args], { env }),
  );
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout), stderr: out.stderr };
}

/** Writes an executable sh script `name` with `body` into `dir`. */
async function script(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await Deno.writeTextFile(path, `#!/bin/sh\n${body}\n`);
  await Deno.chmod(path, 0o755);
  return path;
}

/** The entrypoint as the binary runs it. */
function entrypoint(dir: string): Promise<string> {
  return script(
    dir,
    "tachyon",
    `exec ${Deno.execPath()} run -P --no-prompt --quiet ${join(ROOT, "main.ts")} "$@"`,
  );
}

Deno.test("smoke_binary.sh passes on the entrypoint run with the binary's permission set", async () => {
  const tmp = await tempDir();
  try {
    const result = await smoke(await entrypoint(tmp.path));
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, new RegExp(`is tachyon ${VERSION.replaceAll(".", "\\.")} `));
  } finally {
    await tmp.remove();
  }
});

Deno.test("smoke_binary.sh fails on binaries that are not tachyon", async () => {
  for (
    const [binary, reason] of [
      ["/bin/true", /FAIL: '\/bin\/true --version' printed 'true \(GNU coreutils\)/],
      ["/bin/false", /FAIL: '\/bin\/false --version' exited 1/],
      [Deno.execPath(), /FAIL: .* --version' printed 'deno 2\.[^']*', expected '/],
    ] as const
  ) {
    const result = await smoke(binary);
    assert.equal(result.code, 1, `${binary}: ${result.stdout}`);
    assert.match(result.stderr, reason);
  }
});

Deno.test("smoke_binary.sh fails on each defect of the version or the job's output", async () => {
  const tmp = await tempDir();
  try {
    const real = await entrypoint(tmp.path);
    // Each fake answers `--version` like the real one and replays its worker output, altered.
    const fake = (name: string, worker: string) =>
      script(tmp.path, name, `[ "$1" = worker ] || exec ${real} "$@"\n${worker}`);
    const cases: [string, Promise<string>, RegExp][] = [
      [
        "exits non-zero",
        fake("exit3", `${real} "$@"; exit 3`),
        /FAIL: '.*' exited 3 on the smoke job/,
      ],
      ["prints nothing", fake("silent", "exit 0"), /FAIL: no runner_on_ok event for localhost/],
      [
        "a host unreachable",
        fake(
          "unreachable",
          `${real} "$@" | sed '/"event": "runner_on_ok"/{p;s/runner_on_ok/runner_on_unreachable/;}'`,
        ),
        /FAIL: a task failed or localhost was unreachable/,
      ],
      [
        "status failed",
        fake("failed", `${real} "$@" | sed 's/"status": "successful"/"status": "failed"/'`),
        /FAIL: no 'successful' status line/,
      ],
      [
        "no eof",
        fake("no_eof", `${real} "$@" | sed 's/{"eof": true}$//'`),
        /FAIL: the stream does not end with \{"eof": true\}/,
      ],
    ];
    for (const [what, binary, reason] of cases) {
      const result = await smoke(await binary, [], { TACHYON_SMOKE_TIMEOUT: "120" });
      assert.equal(result.code, 1, `${what}: ${result.stdout}`);
      assert.match(result.stderr, reason, what);
    }
    const hung = await smoke(await fake("hangs", "exec sleep 60"), [], {
      TACHYON_SMOKE_TIMEOUT: "2",
    });
    assert.equal(hung.code, 1, hung.stdout);
    assert.match(hung.stderr, /FAIL: '.*' exited 124 on the smoke job/);
    const wrongVersion = await smoke(real, ["9.9.9"]);
    assert.equal(wrongVersion.code, 1);
    assert.match(wrongVersion.stderr, new RegExp(`printed '${VERSION}', expected '9\\.9\\.9'`));
  } finally {
    await tmp.remove();
  }
});
