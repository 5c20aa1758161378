/**
 * The processor in-process, on streams written to files: routing, dropped
 * and skipped lines, the reference's error status text, event files as
 * Python's `json.dumps` writes them, the artifacts zip and its failures.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runProcessor } from "../../src/process/processor.ts";
import { ArtifactsPayloadError } from "../../src/process/artifacts_payload.ts";
import { zipDirectory } from "../../src/zip/mod.ts";

const encoder = new TextEncoder();

interface Outcome {
  status: string;
  explanation?: string;
  printed: string[];
  statuses: Record<string, unknown>[];
  warnings: string[];
  files: Record<string, string>;
  eof: boolean;
}

async function process(
  stream: Uint8Array | string,
  options: { ident?: string; quiet?: boolean; onEvent?: (e: Record<string, unknown>) => boolean } =
    {},
): Promise<Outcome & { pdd: string }> {
  const pdd = await Deno.makeTempDir({ prefix: "tachyon_processor_" });
  const input = join(pdd, "stream.in");
  await Deno.writeFile(input, typeof stream === "string" ? encoder.encode(stream) : stream);
  const printed: string[] = [];
  const statuses: Record<string, unknown>[] = [];
  const warnings: string[] = [];
  using source = await Deno.open(input);
  const result = await runProcessor({
    source,
    privateDataDir: pdd,
    ident: options.ident ?? "7",
    quiet: options.quiet ?? false,
    print: (text) => printed.push(text),
    onStatus: (status) => statuses.push(status),
    onEvent: options.onEvent,
    onWarning: (message) => warnings.push(message),
  }).catch(async (error) => {
    await Deno.remove(pdd, { recursive: true });
    throw error;
  });
  const files: Record<string, string> = {};
  for (const entry of Deno.readDirSync(join(result.artifactDir, "job_events"))) {
    files[entry.name] = await Deno.readTextFile(join(result.artifactDir, "job_events", entry.name));
  }
  return {
    pdd,
    status: result.status,
    explanation: result.explanation,
    printed,
    statuses,
    warnings,
    files,
    eof: result.eof,
  };
}

Deno.test("processor: statuses, events, keepalives and eof, routed as the reference routes them", async () => {
  const out = await process(
    [
      '{"event": "keepalive", "counter": 0, "uuid": 0}',
      '{"status": "starting", "runner_ident": "7", "command": ["x"], "env": {}, "cwd": "/"}',
      '{"status": "running", "runner_ident": "7"}',
      '{"uuid":"u1","counter":1,"stdout":"PLAY [all]","duration":1.0}',
      '{"uuid": "u2", "counter": 2, "stdout": ""}',
      '{"uuid": "u3", "stdout": "no counter: dropped"}',
      '{"uuid": "u4", "counter": 0, "stdout": "counter 0: dropped"}',
      '{"uuid": "", "counter": 5, "stdout": "empty uuid: dropped"}',
      '{"uuid": "u6", "counter": 6}',
      '{"status": "failed", "runner_ident": "7"}',
      '{"eof": true}',
      '{"uuid": "after", "counter": 9, "stdout": "after eof: never read"}',
    ].join("\n") + "\n",
  );
  try {
    assert.equal(out.status, "failed");
    assert.equal(out.eof, true);
    assert.deepEqual(out.statuses.map((s) => s.status), ["starting", "running", "failed"]);
    assert.deepEqual(out.printed, ["PLAY [all]", ""], "one line per event with stdout");
    assert.deepEqual(Object.keys(out.files).sort(), ["1-u1.json", "2-u2.json", "6-u6.json"]);
    assert.equal(
      out.files["1-u1.json"],
      '{"uuid": "u1", "counter": 1, "stdout": "PLAY [all]", "duration": 1.0}',
      "json.dumps of the event: Python's spacing, the float stays a float",
    );
    const mode = Deno.statSync(join(out.pdd, "artifacts/7/job_events/1-u1.json")).mode! & 0o777;
    assert.equal(mode, 0o600);
    assert.equal(Deno.statSync(join(out.pdd, "artifacts/7/job_events")).mode! & 0o777, 0o700);
  } finally {
    await Deno.remove(out.pdd, { recursive: true });
  }
});

Deno.test("processor: end of input before eof is the reference's error status", async () => {
  const cases: [string, string][] = [
    ["", "Expecting value: line 1 column 1 (char 0) Line with invalid JSON data: b''"],
    [
      '{"status": "running", "runner_ident": "1"}\ngarbage\n{"eof": true}\n',
      "Expecting value: line 1 column 1 (char 0) Line with invalid JSON data: b'garbage\\n'",
    ],
    [
      '{"ev',
      "Unterminated string starting at: line 1 column 2 (char 1) Line with invalid " +
      `JSON data: b'{"ev'`,
    ],
    ["[1]\n", "the line is not a JSON object Line with invalid JSON data: b'[1]\\n'"],
  ];
  for (const [stream, detail] of cases) {
    const out = await process(stream);
    try {
      assert.equal(out.status, "error");
      assert.equal(out.eof, false);
      const explanation = `Failed to JSON parse a line from worker stream. Error: ${detail}`;
      assert.equal(out.explanation, explanation);
      assert.deepEqual(out.statuses.at(-1), { status: "error", job_explanation: explanation });
    } finally {
      await Deno.remove(out.pdd, { recursive: true });
    }
  }
});

Deno.test("processor: a last line without newline still counts; -q prints nothing", async () => {
  const out = await process('{"uuid": "u", "counter": 1, "stdout": "hi"}\n{"eof": true}', {
    quiet: true,
  });
  try {
    assert.equal(out.eof, true);
    assert.deepEqual(out.printed, []);
    assert.deepEqual(Object.keys(out.files), ["1-u.json"]);
  } finally {
    await Deno.remove(out.pdd, { recursive: true });
  }
});

Deno.test("processor: an event handler returning false skips the file; unsafe names are refused", async () => {
  const out = await process(
    [
      '{"uuid": "keep", "counter": 1, "stdout": "a"}',
      '{"uuid": "skip", "counter": 2, "stdout": "b"}',
      '{"uuid": "../../escape", "counter": 3, "stdout": "c"}',
      '{"eof": true}',
    ].join("\n") + "\n",
    { onEvent: (event) => event.uuid !== "skip" },
  );
  try {
    assert.deepEqual(Object.keys(out.files), ["1-keep.json"]);
    assert.deepEqual(out.printed, ["a", "b", "c"]);
    assert.equal(out.warnings.length, 1);
    assert.match(out.warnings[0], /not a plain name/);
    assert.equal([...Deno.readDirSync(out.pdd)].some((e) => e.name === "escape.json"), false);
  } finally {
    await Deno.remove(out.pdd, { recursive: true });
  }
});

async function zipStream(files: Record<string, string>, cut = 0): Promise<Uint8Array> {
  const src = await Deno.makeTempDir();
  const zip = await Deno.makeTempFile();
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.mkdir(join(src, name, ".."), { recursive: true });
      await Deno.writeTextFile(join(src, name), text);
    }
    const size = await zipDirectory(src, zip);
    const base64 = (await Deno.readFile(zip)).toBase64();
    return encoder.encode(
      `{"status": "successful", "runner_ident": "7"}\n{"zipfile": ${size}}\n` +
        base64.slice(0, base64.length - cut) + (cut ? "" : '{"eof": true}\n'),
    );
  } finally {
    await Deno.remove(src, { recursive: true });
    await Deno.remove(zip);
  }
}

Deno.test("processor: the artifacts zip is extracted into artifacts/<ident>", async () => {
  const out = await process(
    await zipStream({ status: "successful", rc: "0", "fact_cache/h": "{}" }),
  );
  try {
    assert.equal(out.eof, true);
    const dir = join(out.pdd, "artifacts", "7");
    assert.equal(await Deno.readTextFile(join(dir, "status")), "successful");
    assert.equal(await Deno.readTextFile(join(dir, "rc")), "0");
    assert.equal(await Deno.readTextFile(join(dir, "fact_cache/h")), "{}");
    assert.deepEqual(
      [...Deno.readDirSync(out.pdd)].map((e) => e.name).sort(),
      ["artifacts", "stream.in"],
      "the temporary zip is gone",
    );
  } finally {
    await Deno.remove(out.pdd, { recursive: true });
  }
});

Deno.test("processor: a truncated artifacts zip is an error, as the reference's exception", async () => {
  const stream = await zipStream({ rc: "0" }, 10);
  await assert.rejects(() => process(stream), ArtifactsPayloadError);
});

Deno.test("processor: without an ident the artifacts go to <pdd>/artifacts", async () => {
  const out = await process('{"uuid": "u", "counter": 1, "stdout": ""}\n{"eof": true}\n', {
    ident: "",
  });
  try {
    assert.ok(Deno.statSync(join(out.pdd, "artifacts", "job_events", "1-u.json")).isFile);
  } finally {
    await Deno.remove(out.pdd, { recursive: true });
  }
});
