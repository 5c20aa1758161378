import assert from "node:assert/strict";
import { ByteReader } from "../../src/io/byte_reader.ts";
import { relayWorkerStream } from "../../src/ansible/relay.ts";
import { ProtocolWriter } from "../../src/worker/protocol_writer.ts";

/** Relays `input` through a real ProtocolWriter; returns what it wrote and the outcome. */
async function relay(input: string, firstEvent?: string) {
  const bytes = new TextEncoder().encode(input);
  let offset = 0;
  const source = {
    read(p: Uint8Array): Promise<number | null> {
      if (offset >= bytes.length) return Promise.resolve(null);
      // small reads: lines and the zip payload arrive split across chunks
      const n = Math.min(p.length, 7, bytes.length - offset);
      p.set(bytes.subarray(offset, offset + n));
      offset += n;
      return Promise.resolve(n);
    },
  };
  let written = "";
  const writes: string[] = [];
  const writer = new ProtocolWriter({
    writeSync(p: Uint8Array) {
      const text = new TextDecoder().decode(p);
      written += text;
      writes.push(text);
      return p.length;
    },
  });
  const outcome = await relayWorkerStream(new ByteReader(source), writer, firstEvent);
  return { written, writes, outcome };
}

const EVENT_1 =
  '{"uuid": "a", "counter": 1, "stdout": "", "start_line": 0, "end_line": 0, "runner_ident": "9", "event": "playbook_on_start", "event_data": {"x": 1.0}}';
const EVENT_2 =
  '{"uuid": "b", "counter": 2, "stdout": "\\r\\nPLAY [all] ***", "start_line": 0, "end_line": 2, "runner_ident": "9", "event": "playbook_on_play_start", "event_data": {"res": {"counter": 2, "start_line": 0, "end_line": 0, "f": 2.50}}}';
const ZIP = "UEsDBBQAAAAIABoGhl0="; // 4*ceil(14/3) = 20 chars
const STREAM = [
  '{"status": "starting", "runner_ident": "9", "command": ["ansible-playbook"], "env": {}, "cwd": "/p"}',
  '{"status": "running", "runner_ident": "9"}',
  EVENT_1,
  '{"event": "keepalive", "counter": 0, "uuid": 0}',
  EVENT_2,
  '{"status": "successful", "runner_ident": "9"}',
  '{"zipfile": 14}',
].join("\n") + "\n" + ZIP + '{"eof": true}\n';

Deno.test("the relay passes the other worker's stream through, adding one event", async (t) => {
  const { written, writes, outcome } = await relay(STREAM, "tachyon: x.yml runs under Ansible");
  const lines = written.split("\n");

  await t.step("status lines and the eof are unchanged; keepalives are dropped", () => {
    const expected = STREAM.split("\n");
    assert.equal(lines[0], expected[0]);
    assert.equal(lines[1], expected[1]);
    assert.equal(lines[5], expected[5]);
    assert.ok(!written.includes("keepalive"));
    assert.ok(written.endsWith(`{"zipfile": 14}\n${ZIP}{"eof": true}\n`));
    assert.deepEqual(outcome, {
      eof: true,
      wrote: true,
      stray: [],
      status: "successful",
      runnerIdent: "9",
    });
  });
  await t.step("the decision is a verbose event right after running", () => {
    const event = JSON.parse(lines[2]);
    assert.equal(event.event, "verbose");
    assert.equal(event.counter, 1);
    assert.equal(event.start_line, 0);
    assert.equal(event.end_line, 1);
    assert.equal(event.runner_ident, "9");
    assert.equal(event.stdout, "tachyon: x.yml runs under Ansible");
  });
  await t.step("later events move by one counter and one line, and nothing else", () => {
    assert.equal(
      lines[3],
      EVENT_1.replace('"counter": 1', '"counter": 2').replace(
        '"start_line": 0, "end_line": 0',
        '"start_line": 1, "end_line": 1',
      ),
    );
    // Nested keys of the same names and Python's float spelling (2.50, 1.0) stay as they were.
    assert.equal(
      lines[4],
      EVENT_2.replace('"counter": 2, "stdout"', '"counter": 3, "stdout"').replace(
        '"start_line": 0, "end_line": 2',
        '"start_line": 1, "end_line": 3',
      ),
    );
  });
  await t.step("one write per line, the zip payload apart", () => {
    for (const w of writes) {
      assert.ok(w.endsWith("\n") || w === ZIP.slice(0, w.length) || ZIP.includes(w), w);
    }
  });
});

Deno.test("the relay keeps lines that are not protocol aside and reports a short stream", async () => {
  const { written, outcome } = await relay(
    '{"status": "starting", "runner_ident": "1"}\nUnable to find process isolation executable: podman\n',
    "tachyon: decision",
  );
  assert.equal(written, '{"status": "starting", "runner_ident": "1"}\n');
  assert.deepEqual(outcome, {
    eof: false,
    wrote: true,
    stray: ["Unable to find process isolation executable: podman"],
    status: "starting",
    runnerIdent: "1",
  });
});

Deno.test("without a running status, the decision goes before the first event", async () => {
  const { written } = await relay(`${EVENT_1}\n{"eof": true}\n`, "tachyon: decision");
  const lines = written.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => [l.event, l.counter]), [
    ["verbose", 1],
    ["playbook_on_start", 2],
    [undefined, undefined],
  ]);
});
