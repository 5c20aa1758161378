/**
 * The worker's payload guards, through the real worker process: symlinks
 * where tachyon reads or writes later (`artifacts`, `env`, `inventory`),
 * reserved `.tachyon-*` names, and the expansion limits (a zip bomb, a
 * ratio reached while inflating, env overrides). Each refusal is an error
 * status naming the cause, then eof; nothing is written outside the private
 * data dir, and what the extraction had written is gone. The real
 * ansible-runner worker is run on the same symlink and bomb payloads: it
 * writes the artifacts outside the pdd and expands the bomb.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ANSIBLE_RUNNER,
  parseStream,
  run,
  runTachyon,
  tempDir,
} from "../_support/worker_process.ts";
import { listTree, type PayloadEntry, payloadStream } from "./_payloads.ts";

const EXTRACT_PREFIX = "Failed to extract private data directory on worker: ";
const MIB = 1024 * 1024;

interface Sandbox {
  /** The private data dir (created, holding one file of its own: `keep`). */
  pdd: string;
  /** A sibling directory holding `sentinel`: nothing may appear or change there. */
  outside: string;
  /** Scratch space for building payloads. */
  scratch: string;
}

async function withSandbox(body: (box: Sandbox) => Promise<void>): Promise<void> {
  const tmp = await tempDir("tachyon_guard_");
  try {
    const box = {
      pdd: join(tmp.path, "pdd"),
      outside: join(tmp.path, "outside"),
      scratch: join(tmp.path, "scratch"),
    };
    for (const dir of Object.values(box)) await Deno.mkdir(dir);
    await Deno.writeTextFile(join(box.pdd, "keep"), "was here before\n");
    await Deno.writeTextFile(join(box.outside, "sentinel"), "untouched\n");
    await body(box);
  } finally {
    await tmp.remove();
  }
}

async function worker(stream: Uint8Array, pdd: string, env?: Record<string, string>) {
  const out = await runTachyon(["worker", `--private-data-dir=${pdd}`], { stdin: stream, env });
  assert.equal(out.stderr, "", "nothing but protocol: stderr empty");
  return { code: out.code, messages: parseStream(out.stdout) };
}

async function assertOutsideUntouched(box: Sandbox): Promise<void> {
  assert.deepEqual(await listTree(box.outside), ["sentinel"], "nothing written outside the pdd");
  assert.equal(await Deno.readTextFile(join(box.outside, "sentinel")), "untouched\n");
}

/** Asserts the refusal: error status (explanation matching), then eof; pdd back as it was. */
async function assertRefused(
  box: Sandbox,
  out: { code: number; messages: Record<string, unknown>[] },
  explanation: RegExp,
): Promise<void> {
  assert.equal(out.messages.length, 2, JSON.stringify(out.messages).slice(0, 400));
  assert.equal(out.messages[0].status, "error");
  assert.match(String(out.messages[0].job_explanation), explanation);
  assert.deepEqual(out.messages[1], { eof: true });
  assert.equal(out.code, 0);
  await assertOutsideUntouched(box);
  assert.deepEqual(await listTree(box.pdd), ["keep"], "what the extraction wrote is gone");
  assert.equal(await Deno.readTextFile(join(box.pdd, "keep")), "was here before\n");
}

const refusedLinks: [string, (outside: string) => PayloadEntry[]][] = [
  ["artifacts → a dir outside", (o) => [{ name: "artifacts", symlink: o }]],
  ["artifacts/<ident> → a dir outside", (o) => [
    { name: "artifacts/", text: "" },
    { name: "artifacts/g1", symlink: o },
  ]],
  ["artifacts/g1/stdout → a file outside", (o) => [
    { name: "artifacts/g1/x", text: "x" },
    { name: "artifacts/g1/stdout", symlink: join(o, "sentinel") },
  ]],
  ["env → a dir outside", (o) => [{ name: "env", symlink: o }]],
  ["env/extravars → a file outside", (o) => [
    { name: "env/", text: "" },
    { name: "env/extravars", symlink: join(o, "sentinel") },
  ]],
  ["inventory → a dir outside", (o) => [{ name: "inventory", symlink: o }]],
  ["inventory/hosts → a relative link", () => [
    { name: "project/hosts", text: "localhost\n" },
    { name: "inventory/hosts", symlink: "../project/hosts" },
  ]],
  ["./artifacts (stream_dir's form) → a dir outside", (o) => [{ name: "./artifacts", symlink: o }]],
];

for (const [label, entries] of refusedLinks) {
  Deno.test(`payload with a symlink at ${label} → error naming it + eof, nothing written`, async () => {
    await withSandbox(async (box) => {
      const stream = await payloadStream(box.scratch, [
        { name: "project/main.yml", text: "- hosts: all\n" },
        ...entries(box.outside),
      ]);
      const out = await worker(stream, box.pdd);
      await assertRefused(
        box,
        out,
        /^Failed to extract .*: Unsafe zip entry ".*": it is a symlink/,
      );
    });
  });
}

Deno.test("payload with a top-level .tachyon-* name → refused (reserved for tachyon's own files)", async () => {
  await withSandbox(async (box) => {
    for (const entry of [{ name: ".tachyon-ssh-x/id", text: "k" }, { name: ".tachyon-agent" }]) {
      const stream = await payloadStream(box.scratch, [{ ...entry, text: "k" }]);
      const out = await worker(stream, box.pdd);
      await assertRefused(box, out, /Unsafe zip entry "\.tachyon-.*reserved for tachyon/);
    }
  });
});

Deno.test("project symlinks pointing anywhere are content: extracted, the job runs", async () => {
  await withSandbox(async (box) => {
    const stream = await payloadStream(box.scratch, [
      { name: "project/outside", symlink: box.outside },
      { name: "project/etc", symlink: "/etc" },
      { name: "project/up", symlink: "../keep" },
      { name: "artifacts/", text: "" },
      { name: "inventory/hosts", text: "localhost ansible_connection=local\n" },
    ]);
    const out = await worker(stream, box.pdd);
    assert.equal(out.code, 0, JSON.stringify(out.messages.filter((m) => m.status)));
    assert.ok(out.messages.some((m) => m.status === "successful"));
    assert.equal(await Deno.readLink(join(box.pdd, "project/outside")), box.outside);
    assert.equal(await Deno.readLink(join(box.pdd, "project/etc")), "/etc");
    assert.ok((await Deno.stat(join(box.pdd, "artifacts/g1/stdout"))).isFile);
    await assertOutsideUntouched(box);
    assert.ok(!(await listTree(box.pdd)).some((p) => p.includes(".tachyon-")), "no temp left");
  });
});

Deno.test("reference worker: a payload's artifacts symlink makes it write artifacts outside the pdd", async () => {
  await withSandbox(async (box) => {
    const stream = await payloadStream(box.scratch, [
      { name: "artifacts", symlink: box.outside },
      { name: "inventory/hosts", text: "localhost ansible_connection=local\n" },
    ]);
    const ref = await run(ANSIBLE_RUNNER, ["worker", `--private-data-dir=${box.pdd}`], {
      stdin: stream,
    });
    assert.deepEqual(parseStream(ref.stdout).at(-1), { eof: true });
    // What tachyon refuses (the test above): the reference writes through the link.
    assert.ok((await listTree(box.outside)).includes("g1/stdout"), "reference wrote outside");
  });
});

Deno.test("zip bomb (1 MiB → 256 MiB of zeros) → ratio error naming the variable, nothing written", async () => {
  await withSandbox(async (box) => {
    const stream = await payloadStream(box.scratch, [
      { name: "project/a.txt", text: "small\n" },
      { name: "project/bomb", zeros: 256 * MIB },
    ]);
    assert.ok(stream.length < 2 * MIB, `${stream.length} bytes`);
    const started = performance.now();
    const out = await worker(stream, box.pdd);
    await assertRefused(box, out, /expands more than 200 times.*TACHYON_UNZIP_MAX_RATIO=200/);
    assert.ok(String(out.messages[0].job_explanation).startsWith(EXTRACT_PREFIX));
    assert.ok(performance.now() - started < 20_000);
  });
});

Deno.test("reference worker: the same zip bomb is expanded in full", async () => {
  await withSandbox(async (box) => {
    const stream = await payloadStream(box.scratch, [{ name: "project/bomb", zeros: 256 * MIB }], {
      ident: "g1",
      module: "ping",
      host_pattern: "nothing-matches",
    });
    const ref = await run(ANSIBLE_RUNNER, ["worker", `--private-data-dir=${box.pdd}`], {
      stdin: stream,
    });
    assert.deepEqual(parseStream(ref.stdout).at(-1), { eof: true });
    assert.equal((await Deno.stat(join(box.pdd, "project/bomb"))).size, 256 * MIB);
  });
});

Deno.test("headers that understate the sizes do not let a bomb through (real bytes counted)", async () => {
  await withSandbox(async (box) => {
    const stream = await payloadStream(box.scratch, [
      { name: "project/a.txt", text: "small\n" },
      { name: "project/bomb", zeros: 256 * MIB, declaredSize: 4096 },
    ]);
    const out = await worker(stream, box.pdd);
    await assertRefused(box, out, /^Failed to extract private data directory on worker\.$/);
    assert.match(String(out.messages[0].result_traceback), /larger than the 4096 bytes recorded/);
  });
});

Deno.test("ratio reached while inflating (headers look harmless) → refused mid-way, partial output removed", async () => {
  await withSandbox(async (box) => {
    // Whole archive: 18 MiB from ~2 MiB (9×), so the headers pass; the zeros alone are ~1000×.
    const stream = await payloadStream(box.scratch, [
      { name: "project/a.txt", text: "small\n" },
      { name: "project/sub/zeros", zeros: 16 * MIB },
      { name: "project/random", random: 2 * MIB, stored: true },
    ]);
    const env = { TACHYON_UNZIP_MAX_RATIO: "50", TACHYON_UNZIP_RATIO_AFTER_BYTES: "1M" };
    const out = await worker(stream, box.pdd, env);
    await assertRefused(box, out, /Past 1 MiB, the archive expands more than 50 times/);
    assert.match(String(out.messages[0].job_explanation), /TACHYON_UNZIP_RATIO_AFTER_BYTES/);
    // The same payload with the ratio off extracts.
    const ok = await worker(stream, box.pdd, { TACHYON_UNZIP_MAX_RATIO: "0" });
    assert.ok(ok.messages.some((m) => m.status === "successful"));
    assert.equal((await Deno.stat(join(box.pdd, "project/sub/zeros"))).size, 16 * MIB);
  });
});

Deno.test("TACHYON_UNZIP_MAX_BYTES: total size limit, payload size limit, bad value", async () => {
  await withSandbox(async (box) => {
    const stream = await payloadStream(box.scratch, [
      { name: "project/a.txt", text: "small\n" },
      { name: "project/zeros", zeros: 8 * MIB },
    ]);
    const out = await worker(stream, box.pdd, { TACHYON_UNZIP_MAX_BYTES: "4M" });
    await assertRefused(
      box,
      out,
      /more than 4 MiB: the limit is 4 MiB \(TACHYON_UNZIP_MAX_BYTES\).*TACHYON_UNZIP_MAX_BYTES=8M/,
    );
    const tiny = await worker(stream, box.pdd, { TACHYON_UNZIP_MAX_BYTES: "1K" });
    await assertRefused(box, tiny, /The zip payload alone is [\d.]+ KiB: the limit is 1 KiB/);
    const bad = await worker(stream, box.pdd, { TACHYON_UNZIP_MAX_BYTES: "lots" });
    await assertRefused(box, bad, /TACHYON_UNZIP_MAX_BYTES="lots" is not a valid limit/);
    const ok = await worker(stream, box.pdd, { TACHYON_UNZIP_MAX_BYTES: "9M" });
    assert.ok(ok.messages.some((m) => m.status === "successful"));
    assert.equal((await Deno.stat(join(box.pdd, "project/zeros"))).size, 8 * MIB);
  });
});
