/**
 * The reference worker's error matrix, plus unsafe zips and kwargs that are
 * not an object: each malformed input yields an error status (the
 * reference's where it has one), then eof.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ANSIBLE_RUNNER,
  parseStream,
  run,
  runTachyon,
  tachyonCommand,
  tempDir,
} from "../_support/worker_process.ts";
import { samplePeakRss } from "../_support/peak_rss.ts";
import { deadlineOutput } from "../_support/deadline.ts";

const encoder = new TextEncoder();
const PARSE_ERROR = {
  status: "error",
  job_explanation: "Failed to JSON parse a line from transmit stream.",
};
const EXTRACT_ERROR = "Failed to extract private data directory on worker.";

async function worker(input: Uint8Array | string, pdd: string) {
  const stdin = typeof input === "string" ? encoder.encode(input) : input;
  const out = await runTachyon(["worker", `--private-data-dir=${pdd}`], { stdin });
  assert.equal(out.stderr, "", "nothing but protocol: stderr empty");
  return { ...out, messages: parseStream(out.stdout) };
}

const parseCases: [string, Uint8Array | string][] = [
  ["empty input", ""],
  ["a line that is not JSON", "EP_WARN: something\n"],
  ["input that ends before eof", '{"kwargs": {"ident": 1}}\n'],
  ["an unterminated last line", '{"kwargs": {}}\n{"eof": tr'],
  ["invalid UTF-8", new Uint8Array([0x80, 0x81, 0x0a])],
  ["a JSON array line", "[1, 2]\n"],
];

for (const [name, input] of parseCases) {
  Deno.test(`malformed stream: ${name} → parse error + eof, exit 0`, async () => {
    const tmp = await tempDir();
    try {
      const out = await worker(input, join(tmp.path, "pdd"));
      assert.deepEqual(out.messages, [PARSE_ERROR, { eof: true }]);
      assert.equal(out.code, 0);
    } finally {
      await tmp.remove();
    }
  });
}

Deno.test("zipfile with 5 bytes that are not a zip → extract error with traceback", async () => {
  const tmp = await tempDir();
  try {
    const input = new Uint8Array([
      ...encoder.encode('{"kwargs": {}}\n{"zipfile": 5}\n'),
      ...encoder.encode(btoa("\x01\x02\x03\x04\x05")),
      ...encoder.encode('{"eof": true}\n'),
    ]);
    const out = await worker(input, join(tmp.path, "pdd"));
    assert.equal(out.messages.length, 2);
    assert.equal(out.messages[0].status, "error");
    assert.equal(out.messages[0].job_explanation, EXTRACT_ERROR);
    assert.ok(String(out.messages[0].result_traceback).length > 0);
    assert.deepEqual(out.messages[1], { eof: true });
    assert.equal(out.code, 0);
  } finally {
    await tmp.remove();
  }
});

Deno.test("truncated base64 payload → extract error + eof", async () => {
  const tmp = await tempDir();
  try {
    const out = await worker(
      '{"kwargs": {}}\n{"zipfile": 3000}\nUEsDBBQAAAAI',
      join(tmp.path, "p"),
    );
    assert.equal(out.messages[0].job_explanation, EXTRACT_ERROR);
    assert.deepEqual(out.messages.at(-1), { eof: true });
  } finally {
    await tmp.remove();
  }
});

const UNSAFE_ZIP = `
import base64, io, json, sys, zipfile
kind = sys.argv[1]
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    if kind == "dotdot":
        z.writestr("../escaped", "x")
    elif kind == "absolute":
        z.writestr(sys.argv[2] + "/escaped", "x")
    elif kind == "nested-dotdot":
        z.writestr("project/../../escaped", "x")
    elif kind == "symlink-parent":
        info = zipfile.ZipInfo("evil")
        info.external_attr = 0o120777 << 16
        z.writestr(info, sys.argv[2])
        z.writestr("evil/escaped", "x")
data = buf.getvalue()
sys.stdout.write(json.dumps({"kwargs": {"ident": 1}}) + "\\n")
sys.stdout.write(json.dumps({"zipfile": len(data)}) + "\\n")
sys.stdout.write(base64.b64encode(data).decode())
sys.stdout.write(json.dumps({"eof": True}) + "\\n")
`;

for (const kind of ["dotdot", "absolute", "nested-dotdot", "symlink-parent"]) {
  Deno.test(`unsafe zip (${kind}) → extract error, nothing written outside the pdd`, async () => {
    const tmp = await tempDir();
    try {
      const outside = join(tmp.path, "outside");
      await Deno.mkdir(outside);
      const stream = await run("/usr/bin/python3", ["-c", UNSAFE_ZIP, kind, outside]);
      assert.equal(stream.code, 0, stream.stderr);
      const pdd = join(tmp.path, "outside", "..", "pdd");
      const out = await worker(stream.stdout, pdd);
      assert.match(
        String(out.messages[0].job_explanation),
        /^Failed to extract private data directory on worker: Unsafe zip entry "/,
      );
      assert.deepEqual(out.messages.at(-1), { eof: true });
      await assert.rejects(Deno.stat(join(outside, "escaped")));
      await assert.rejects(Deno.stat(join(tmp.path, "escaped")));
    } finally {
      await tmp.remove();
    }
  });
}

const notObjectKwargs = ["[]", '"str"', "1", "null", "true"];

for (const kwargs of notObjectKwargs) {
  Deno.test(`kwargs ${kwargs} (not an object) → error status + eof, exit 1 (reference: traceback, no eof)`, async () => {
    const tmp = await tempDir();
    try {
      const input = `{"kwargs": ${kwargs}}\n{"eof": true}\n`;
      const out = await worker(input, join(tmp.path, "pdd"));
      assert.equal(out.messages.length, 2, JSON.stringify(out.messages));
      assert.equal(out.messages[0].status, "error");
      assert.match(
        String(out.messages[0].job_explanation),
        /^Invalid kwargs in transmit stream: the job's kwargs must be a JSON object, got /,
      );
      assert.deepEqual(out.messages[1], { eof: true });
      assert.equal(out.code, 1);
      // The reference crashes (AttributeError on stderr): no status, no eof, exit 1.
      const ref = await run(ANSIBLE_RUNNER, ["worker", `--private-data-dir=${tmp.path}/ref`], {
        stdin: encoder.encode(input),
      });
      assert.equal(ref.stdout.length, 0);
      assert.match(ref.stderr, /AttributeError: '\w+' object has no attribute 'get'/);
      assert.equal(ref.code, 1);
    } finally {
      await tmp.remove();
    }
  });
}

Deno.test("eof without kwargs → error status + eof, exit 1", async () => {
  const tmp = await tempDir();
  try {
    const out = await worker('{"eof": true}\n', join(tmp.path, "pdd"));
    assert.equal(out.messages[0].status, "error");
    assert.deepEqual(out.messages.at(-1), { eof: true });
    assert.equal(out.code, 1);
  } finally {
    await tmp.remove();
  }
});

Deno.test("playbook and module together → error status + eof, exit 1", async () => {
  const tmp = await tempDir();
  try {
    const out = await worker(
      '{"kwargs": {"playbook": "a.yml", "module": "ping"}}\n{"eof": true}\n',
      join(tmp.path, "pdd"),
    );
    assert.equal(out.messages[0].status, "error");
    assert.match(String(out.messages[0].job_explanation), /Only one of playbook and module/);
    assert.deepEqual(out.messages.at(-1), { eof: true });
    assert.equal(out.code, 1);
  } finally {
    await tmp.remove();
  }
});

Deno.test("unknown kwargs → a warning event naming them, job still succeeds", async () => {
  const tmp = await tempDir();
  try {
    const out = await worker(
      '{"kwargs": {"ident": "u1", "module": "ping", "host_pattern": "localhost", ' +
        '"bogus_kw": 1, "future_option": true}}\n{"eof": true}\n',
      join(tmp.path, "pdd"),
    );
    const warning = out.messages.find((m) => m.event === "warning");
    assert.ok(warning, "a warning event");
    // deno-lint-ignore no-control-regex
    const text = String(warning!.stdout).replace(/\u001b\[[0-9;]*m/g, "").replace(/\s+/g, " ");
    assert.match(text, /bogus_kw, future_option/);
    assert.ok(out.messages.some((m) => m.status === "successful"));
    assert.equal(out.code, 0);
  } finally {
    await tmp.remove();
  }
});

Deno.test("kwargs only (no zip, AWX's only_transmit_kwargs) runs in the existing dir", async () => {
  const tmp = await tempDir();
  try {
    const pdd = join(tmp.path, "pdd");
    await Deno.mkdir(join(pdd, "inventory"), { recursive: true });
    await Deno.writeTextFile(join(pdd, "inventory", "hosts"), "h1 ansible_connection=local\n");
    await Deno.writeTextFile(join(pdd, "keep.txt"), "mine");
    const out = await worker(
      '{"kwargs": {"ident": 3, "module": "command", "module_args": "echo hi", "host_pattern": "h1"}}\n' +
        '{"eof": true}\n',
      pdd,
    );
    const ok = out.messages.find((m) => m.event === "runner_on_ok");
    const res = (ok!.event_data as Record<string, Record<string, unknown>>).res;
    assert.equal(res.stdout, "hi");
    assert.equal(await Deno.readTextFile(join(pdd, "keep.txt")), "mine");
  } finally {
    await tmp.remove();
  }
});

Deno.test("kwargs after the zip are accepted (kwargs in any position)", async () => {
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await Deno.mkdir(join(src, "inventory"), { recursive: true });
    await Deno.writeTextFile(join(src, "inventory", "hosts"), "h ansible_connection=local\n");
    const tx = await run("/usr/bin/ansible-runner", [
      "transmit",
      src,
      "-m",
      "ping",
      "--hosts",
      "h",
      "-i",
      "13",
    ]);
    const text = new TextDecoder().decode(tx.stdout);
    const firstNewline = text.indexOf("\n");
    const kwargsLine = text.slice(0, firstNewline + 1);
    const rest = text.slice(firstNewline + 1);
    const eofAt = rest.lastIndexOf('{"eof": true}');
    const reordered = rest.slice(0, eofAt) + kwargsLine + rest.slice(eofAt);
    const out = await worker(reordered, join(tmp.path, "pdd"));
    assert.ok(out.messages.some((m) => m.status === "successful"));
    assert.equal(out.code, 0);
  } finally {
    await tmp.remove();
  }
});

Deno.test("--delete wipes the private data dir before the job as well as after", async () => {
  const tmp = await tempDir();
  try {
    const pdd = join(tmp.path, "pdd");
    await Deno.mkdir(pdd);
    await Deno.writeTextFile(join(pdd, "stale-from-an-old-job"), "x");
    const input = JSON.stringify({
      kwargs: {
        ident: 14,
        module: "shell",
        module_args: `ls -a ${pdd}`,
        host_pattern: "localhost",
      },
    }) + '\n{"eof": true}\n';
    const out = await runTachyon(["worker", `--private-data-dir=${pdd}`, "--delete"], {
      stdin: encoder.encode(input),
    });
    const ok = parseStream(out.stdout).find((m) => m.event === "runner_on_ok")!;
    const listing = String((ok.event_data as Record<string, Record<string, unknown>>).res.stdout);
    assert.ok(listing.includes("artifacts"), listing);
    assert.ok(!listing.includes("stale-from-an-old-job"), listing);
    await assert.rejects(Deno.stat(pdd));
  } finally {
    await tmp.remove();
  }
});

Deno.test("a 40 MiB line without a newline → parse error naming the limit + eof; memory stays bounded", async () => {
  const tmp = await tempDir();
  try {
    const child = tachyonCommand(["worker", `--private-data-dir=${join(tmp.path, "pdd")}`])
      .spawn();
    const output = deadlineOutput(child, 60_000);
    const peak = samplePeakRss(child.pid, output);
    const writer = child.stdin.getWriter();
    const chunk = new Uint8Array(1 << 20).fill(0x61);
    try {
      for (let i = 0; i < 40; i++) await writer.write(chunk);
      await writer.close();
    } catch {
      // the worker stopped reading: it has refused the line
    }
    const out = await output;
    const messages = parseStream(out.stdout);
    assert.deepEqual(messages.at(-1), { eof: true });
    assert.equal(messages.length, 2);
    assert.equal(messages[0].status, "error");
    assert.equal(messages[0].job_explanation, PARSE_ERROR.job_explanation);
    assert.match(String(messages[0].result_traceback), /longer than 33554432 bytes/);
    assert.ok((await peak) < 128 * 1024, `peak RSS ${await peak} KiB`);
  } finally {
    await tmp.remove();
  }
});
