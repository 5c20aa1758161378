/**
 * `process` against the real `ansible-runner process`, fed the same worker
 * streams (the real worker's and ours): the same exit code, the same stdout
 * text and the same tree afterwards (artifacts from the zip, job_events files
 * byte for byte, `daemon.log`). Then the whole chain, our transmit | our
 * worker | our process, against the real triple on the same private data
 * dir; and streams cut short, garbage, a corrupt zip, `-q`, and a path
 * outside the binary's roots.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ANSIBLE_RUNNER,
  run,
  runTachyon,
  runWorker,
  tempDir,
  transmit,
  type WorkerName,
} from "../_support/worker_process.ts";
import { writeSamplePdd } from "../transmit/_transmit_pdd.ts";

const decoder = new TextDecoder();

interface Processed {
  code: number;
  stdout: string;
  stderr: string;
  tree: Record<string, string>;
}

/** Every path under `dir`: its kind, mode and content (file text, link target). */
async function snapshot(dir: string, rel = ""): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const names = [...Deno.readDirSync(join(dir, rel))].map((e) => e.name).sort();
  for (const name of names) {
    const path = rel === "" ? name : `${rel}/${name}`;
    const info = Deno.lstatSync(join(dir, path));
    const mode = (info.mode! & 0o7777).toString(8);
    if (info.isSymlink) out[path] = `link ${Deno.readLinkSync(join(dir, path))}`;
    else if (info.isDirectory) {
      out[`${path}/`] = `dir ${mode}`;
      Object.assign(out, await snapshot(dir, path));
    } else out[path] = `file ${mode} ${await Deno.readTextFile(join(dir, path))}`;
  }
  return out;
}

async function processWith(
  which: WorkerName,
  dir: string,
  stream: Uint8Array,
  args: string[] = [],
): Promise<Processed> {
  const argv = ["process", dir, ...args];
  const out = which === "tachyon"
    ? await runTachyon(argv, { stdin: stream })
    : await run(ANSIBLE_RUNNER, argv, { stdin: stream });
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: out.stderr,
    tree: await snapshot(dir).catch(() => ({})),
  };
}

async function bothProcesses(
  root: string,
  stream: Uint8Array,
  args: string[] = [],
): Promise<{ ref: Processed; ours: Processed }> {
  const ref = await processWith("ansible-runner", join(root, "p-ref"), stream, args);
  const ours = await processWith("tachyon", join(root, "p-ours"), stream, args);
  return { ref, ours };
}

async function workerStream(which: WorkerName, root: string, ident: string): Promise<Uint8Array> {
  const src = join(root, `src-${which}`);
  await writeSamplePdd(src);
  const stream = await transmit(src, ["-p", "site.yml", "-i", ident]);
  const out = await runWorker(which, join(root, `w-${which}`), stream);
  assert.equal(out.code, 0, out.stderr);
  return out.stdout;
}

for (const worker of ["ansible-runner", "tachyon"] as const) {
  Deno.test(`${worker} worker's stream → our process = the real process`, async () => {
    const tmp = await tempDir("tachyon_process_");
    try {
      const stream = await workerStream(worker, tmp.path, "21");
      const { ref, ours } = await bothProcesses(tmp.path, stream, ["-i", "21"]);
      assert.equal(ref.code, 0, ref.stderr);
      assert.equal(ours.code, 0, ours.stderr);
      assert.equal(ours.stderr, "");
      assert.equal(ours.stdout, ref.stdout);
      assert.match(ours.stdout, /Hello world! from the inventory, world/);
      assert.deepEqual(ours.tree, ref.tree);
      assert.equal(ours.tree["artifacts/21/status"], "file 600 successful");
      assert.ok(Object.keys(ours.tree).some((p) => p.startsWith("artifacts/21/job_events/1-")));
    } finally {
      await tmp.remove();
    }
  });
}

Deno.test("our transmit | our worker | our process = the real triple on the same pdd", async () => {
  const tmp = await tempDir("tachyon_triple_");
  try {
    const src = join(tmp.path, "src");
    await writeSamplePdd(src);
    const results: Record<string, Processed> = {};
    for (const which of ["ansible-runner", "tachyon"] as const) {
      const argv = ["transmit", src, "-p", "site.yml", "-i", "31"];
      const sent = which === "tachyon" ? await runTachyon(argv) : await run(ANSIBLE_RUNNER, argv);
      assert.equal(sent.code, 0, sent.stderr);
      // the test harness runs tachyon with NO_COLOR=1: the real worker gets it too
      const workerArgs = ["worker", `--private-data-dir=${join(tmp.path, `w-${which}`)}`];
      const worked = which === "tachyon"
        ? await runTachyon(workerArgs, { stdin: sent.stdout })
        : await run(ANSIBLE_RUNNER, workerArgs, { stdin: sent.stdout, env: { NO_COLOR: "1" } });
      assert.equal(worked.code, 0, worked.stderr);
      results[which] = await processWith(which, join(tmp.path, `p-${which}`), worked.stdout, [
        "-i",
        "31",
      ]);
      assert.equal(results[which].code, 0, results[which].stderr);
    }
    const ref = results["ansible-runner"];
    const ours = results.tachyon;
    const decision = /^tachyon: site\.yml runs under the EE's Ansible: .*\n/;
    assert.match(ours.stdout, decision, "our first line is the planner's decision");
    assert.equal(ours.stdout.replace(decision, ""), ref.stdout, "the same Ansible text");
    for (const file of ["status", "rc", "stdout"]) {
      const path = `artifacts/31/${file}`;
      const strip = (text: string | undefined) => text?.replace(/tachyon: .*\n/, "");
      assert.equal(strip(ours.tree[path]), strip(ref.tree[path]), path);
    }
    const shape = (tree: Record<string, string>) =>
      Object.keys(tree).map((p) => p.replace(/job_events\/\d+-[0-9a-f-]+\.json$/, "job_events/E"))
        .filter((p, i, all) => all.indexOf(p) === i);
    assert.deepEqual(shape(ours.tree), shape(ref.tree), "the same files");
    const events = (tree: Record<string, string>) =>
      Object.keys(tree).filter((p) => p.includes("/job_events/")).length;
    assert.equal(events(ours.tree), events(ref.tree) + 1, "one more event: the decision");
  } finally {
    await tmp.remove();
  }
});

Deno.test("process: a stream cut short or garbled ends in the error status, exit 0, as the reference", async () => {
  const tmp = await tempDir("tachyon_process_cut_");
  try {
    const full = decoder.decode(await workerStream("ansible-runner", tmp.path, "41"));
    const lines = full.split("\n");
    const cases: [string, string][] = [
      ["early EOF", lines.slice(0, 5).join("\n") + "\n"],
      ["garbage", lines.slice(0, 4).join("\n") + "\nnot json at all\n" + lines.slice(4).join("\n")],
      ["nothing", ""],
    ];
    for (const [name, text] of cases) {
      const dir = join(tmp.path, name.replaceAll(" ", "_"));
      const stream = new TextEncoder().encode(text);
      const { ref, ours } = await bothProcesses(dir, stream, ["-i", "41"]);
      assert.equal(ref.code, 0, `${name}: ${ref.stderr}`);
      assert.equal(ours.code, 0, `${name}: ${ours.stderr}`);
      assert.equal(ours.stdout, ref.stdout, name);
      assert.deepEqual(ours.tree, ref.tree, name);
      assert.match(
        ours.stderr,
        /^ansible-runner process: error status: Failed to JSON parse a line from worker stream\. Error: Expecting value: line 1 column 1 \(char 0\) Line with invalid JSON data: b'/,
        name,
      );
    }
  } finally {
    await tmp.remove();
  }
});

Deno.test("process: a corrupt artifacts zip exits 1 with the reason in daemon.log, as the reference", async () => {
  const tmp = await tempDir("tachyon_process_zip_");
  try {
    const stream = new TextEncoder().encode(
      '{"status": "successful", "runner_ident": "1"}\n{"zipfile": 5}\nAQIDBAU={"eof": true}\n',
    );
    const { ref, ours } = await bothProcesses(tmp.path, stream, ["-i", "1"]);
    assert.equal(ref.code, 1);
    assert.equal(ours.code, 1);
    assert.notEqual(ref.tree["daemon.log"], "file 600 ");
    assert.match(ours.tree["daemon.log"], /^file 600 ansible-runner process: the artifacts zip/);
    assert.match(ours.stderr, /the artifacts zip could not be extracted/);
    const left = (tree: Record<string, string>) =>
      Object.keys(tree).filter((p) => p !== "daemon.log").sort();
    assert.deepEqual(left(ours.tree), left(ref.tree));
  } finally {
    await tmp.remove();
  }
});

Deno.test("process -q prints nothing and writes the same files", async () => {
  const tmp = await tempDir("tachyon_process_q_");
  try {
    const stream = await workerStream("tachyon", tmp.path, "51");
    const loud = await processWith("tachyon", join(tmp.path, "loud"), stream, ["-i", "51"]);
    const quiet = await processWith("tachyon", join(tmp.path, "quiet"), stream, ["-i", "51", "-q"]);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stdout, "");
    assert.notEqual(loud.stdout, "");
    assert.deepEqual(quiet.tree, loud.tree);
  } finally {
    await tmp.remove();
  }
});

Deno.test("process: a private data dir outside the binary's roots is one clear paragraph", async () => {
  const outside = `/var/tmp/tachyon_outside_${crypto.randomUUID()}`;
  const out = await runTachyon(["process", outside], { stdin: new TextEncoder().encode("") });
  assert.equal(out.code, 1);
  assert.equal(out.stdout.length, 0);
  assert.equal(out.stderr.split("\n").length, 1, out.stderr);
  assert.match(
    out.stderr,
    new RegExp(`^ansible-runner process: cannot read and write ${outside}:`),
  );
  assert.match(out.stderr, /\/runner and \/tmp/);
  assert.doesNotMatch(out.stderr, /NotCapable|at .*\.ts:\d+/);
});

Deno.test("process: usage errors exit 2 with the reference's message", async () => {
  const tmp = await tempDir("tachyon_process_usage_");
  try {
    const dir = join(tmp.path, "pdd");
    for (const args of [[], [dir, "-i"], [dir, "--bogus"], [dir, "-i", "1", "extra"]]) {
      const ref = await run(ANSIBLE_RUNNER, ["process", ...args]);
      const ours = await runTachyon(["process", ...args]);
      assert.equal(ref.code, 2, args.join(" "));
      assert.equal(ours.code, 2, args.join(" "));
      assert.equal(ours.stdout.length, 0);
      const last = (text: string) => text.trim().split("\n").at(-1);
      assert.equal(last(ours.stderr), last(ref.stderr), args.join(" "));
    }
  } finally {
    await tmp.remove();
  }
});
