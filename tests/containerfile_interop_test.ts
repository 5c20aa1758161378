/**
 * The Containerfile cannot be built here (no container engine can pull a
 * base): check what it runs and copies against the repository, and run its
 * build stage's command on the build context. Offline, `deno task compile`
 * yields a plain `deno` (see tests/compile_interop_test.ts), so that command must fail
 * here: the smoke check stops a binary that is not tachyon.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDeadline } from "./_support/deadline.ts";
import { ROOT, run, tempDir } from "./_support/worker_process.ts";

/** The Containerfile's lines, continuations joined, split into its stages. */
async function stages(): Promise<string[][]> {
  const text = await Deno.readTextFile(join(ROOT, "Containerfile"));
  const lines = text.replace(/\\\n/g, " ").split("\n").filter((l) => l && !l.startsWith("#"));
  const result: string[][] = [];
  for (const line of lines) {
    if (line.startsWith("FROM ")) result.push([]);
    result.at(-1)?.push(line.replace(/\s+/g, " ").trim());
  }
  return result;
}

Deno.test("Containerfile: compiles with deno task compile and installs the binary as ansible-runner", async () => {
  const text = await Deno.readTextFile(join(ROOT, "Containerfile"));
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  assert.match(text, /^ARG EE_IMAGE=quay\.io\/ansible\/awx-ee:\S+$/m, "base image is an ARG");
  assert.match(text, /^FROM \$\{EE_IMAGE\}$/m);
  assert.match(text, /RUN deno task compile/);
  assert.ok(config.tasks.compile.includes("-o dist/tachyon"));
  assert.match(text, /COPY --from=build \/src\/dist\/tachyon \/usr\/local\/bin\/tachyon/);
  assert.match(text, /ln -sf tachyon \/usr\/local\/bin\/ansible-runner/);
  assert.match(text, /chgrp -R 0 \/runner/);
  assert.match(text, /chmod -R ug\+rwX \/runner/);
  // Every build-context path it copies exists, so the build stage sees the whole module graph.
  for (const match of text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
    for (const path of match[1].split(/\s+/)) {
      await Deno.stat(join(ROOT, path));
    }
  }
  const copied = [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
    m[1].split(/\s+/)
  );
  for (
    const needed of [
      "deno.json",
      "deno.lock",
      "tachyon.policy.json",
      "main.ts",
      "mod.ts",
      "src/",
      "automation/",
      "scripts/smoke_binary.sh",
    ]
  ) {
    assert.ok(copied.includes(needed), `${needed} is copied into the build stage`);
  }
});

Deno.test("Containerfile: both stages run the smoke job on the binary, not an exit-code check", async () => {
  const [build, ee] = await stages();
  const buildRuns = build.filter((l) => l.startsWith("RUN "));
  assert.deepEqual(buildRuns, [
    "RUN deno task compile && sh scripts/smoke_binary.sh ./dist/tachyon",
  ]);
  assert.ok(build.includes("WORKDIR /src"));
  // In the EE: the script and the version it checks, laid out as in the repository.
  assert.ok(
    ee.includes("COPY --from=build /src/scripts/smoke_binary.sh /tmp/tachyon-smoke/scripts/"),
  );
  assert.ok(ee.includes("COPY --from=build /src/src/version.ts /tmp/tachyon-smoke/src/"));
  const eeRun = ee.find((l) => l.startsWith("RUN ln -sf tachyon"));
  assert.ok(eeRun, "the EE stage links ansible-runner");
  const steps = eeRun.slice(4).split(" && ");
  assert.deepEqual(steps.slice(0, 3), [
    "ln -sf tachyon /usr/local/bin/ansible-runner",
    "sh /tmp/tachyon-smoke/scripts/smoke_binary.sh /usr/local/bin/ansible-runner",
    "rm -rf /tmp/tachyon-smoke",
  ]);
  for (const line of [...build, ...ee]) {
    assert.doesNotMatch(line, /^RUN .*--version/, `exit-code-only version check: ${line}`);
  }
});

Deno.test("Containerfile: the build stage's command fails here, where compile yields plain deno", async () => {
  const [build] = await stages();
  const tmp = await tempDir();
  try {
    // The build context as the stage's COPY lines lay it out under WORKDIR.
    for (const line of build.filter((l) => l.startsWith("COPY "))) {
      const words = line.split(" ").slice(1);
      const dest = join(tmp.path, words.pop()!);
      await Deno.mkdir(dest, { recursive: true });
      for (const source of words) {
        const from = join(ROOT, source);
        const copy = source.endsWith("/") ? ["-r", `${from}/.`, dest] : [from, dest];
        assert.equal((await run("cp", copy)).code, 0, `cp ${source}`);
      }
    }
    const command = build.find((l) => l.startsWith("RUN "))!.slice(4);
    const out = await withDeadline(300_000, command, () =>
      run("/bin/sh", ["-c", command], {
        cwd: tmp.path,
        env: { DENORT_BIN: Deno.execPath(), NO_COLOR: "1" },
      }));
    assert.notEqual(out.code, 0, "a plain deno binary passed the build stage");
    assert.match(
      out.stderr,
      /smoke_binary: FAIL: '\.\/dist\/tachyon --version' printed 'deno 2\.[^']*', expected '/,
    );
  } finally {
    await tmp.remove();
  }
});
