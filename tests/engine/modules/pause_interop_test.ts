/**
 * pause against the live Ansible 2.14 (its times cannot be recorded): the
 * same result keys and values, times aside, for seconds, minutes, a prompt
 * without a terminal and `echo`; then a worker job (`ansible-runner
 * transmit -m pause`) through tachyon's worker and the real `ansible-runner
 * worker`: the same `runner_on_ok` result.
 *
 * Measured differences, kept on purpose: with a `prompt` and no time, the
 * real ansible-runner gives Ansible a pty, so the job waits for an answer
 * nobody can type until `job_timeout` (status `timeout`); tachyon's worker
 * has no terminal and does not wait (Ansible's own non-interactive case).
 * Ansible runs pause once per play (`h1` only), and so does tachyon (the
 * module says `runOnce`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runModule, withTemp } from "./_support.ts";
import { parseStream, runWorker, tempDir, transmit } from "../../_support/worker_process.ts";
import { withDeadline } from "../../_support/deadline.ts";

const TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/;
const PAUSED = /^Paused for (\d+\.\d+) (seconds|minutes)$/;

/** The result with its times checked and masked, and its measured duration rounded to 0.1. */
function shape(result: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...result };
  for (const key of ["start", "stop"]) {
    assert.match(String(out[key]), TIME, key);
    out[key] = "<time>";
  }
  const paused = PAUSED.exec(String(out.stdout));
  assert.ok(paused, String(out.stdout));
  const tenths = paused[2] === "seconds" ? 10 : 100;
  out.stdout = `Paused for ~${Math.round(Number(paused[1]) * tenths) / tenths} ${paused[2]}`;
  delete out._ansible_no_log;
  delete out.action;
  return out;
}

/** The live Ansible's result of `pause` with `args` (its display lines before the JSON skipped). */
async function ansiblePause(dir: string, args: string | Record<string, unknown>) {
  const out = await new Deno.Command("/usr/bin/ansible", {
    args: [
      "localhost",
      "-i",
      "localhost,",
      "-c",
      "local",
      "-m",
      "pause",
      "-a",
      typeof args === "string" ? args : JSON.stringify(args),
    ],
    clearEnv: true,
    env: {
      PATH: "/usr/bin:/bin",
      HOME: dir,
      LANG: "C.UTF-8",
      ANSIBLE_CONFIG: "/nonexistent/ansible.cfg",
      ANSIBLE_LOAD_CALLBACK_PLUGINS: "1",
      ANSIBLE_STDOUT_CALLBACK: "json",
      ANSIBLE_LOCALHOST_WARNING: "0",
      ANSIBLE_PYTHON_INTERPRETER: "/usr/bin/python3",
      ANSIBLE_LOCAL_TEMP: join(dir, "tmp"),
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const json = text.slice(text.indexOf("\n{") + 1);
  return JSON.parse(json).plays[0].tasks[0].hosts.localhost as Record<string, unknown>;
}

Deno.test("pause: the same results as the live Ansible", async () => {
  await withDeadline(120_000, "pause parity", () =>
    withTemp(async (dir) => {
      const cases: (string | Record<string, unknown>)[] = [
        "seconds=1",
        { seconds: 0 },
        { minutes: 0, echo: false },
        { prompt: "Continue?" },
        "echo=no",
      ];
      for (const args of cases) {
        const theirs = await ansiblePause(dir, args);
        const started = performance.now();
        const ours = await runModule(dir, "pause", args);
        const waited = performance.now() - started;
        const label = JSON.stringify(args);
        assert.deepEqual(shape(ours), shape(theirs), label);
        if (theirs.delta === 1) assert.ok(waited >= 990, `${label}: waited ${waited} ms`);
        else assert.ok(waited < 900, `${label}: waited ${waited} ms`);
      }
    }));
});

Deno.test({
  name: "pause in a worker job: the same result as ansible-runner's",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const tmp = await tempDir();
    try {
      const src = join(tmp.path, "src");
      await Deno.mkdir(join(src, "inventory"), { recursive: true });
      await Deno.writeTextFile(
        join(src, "inventory", "hosts"),
        "h1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n" +
          "h2 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n",
      );
      const stream = await transmit(src, ["-m", "pause", "-a", "seconds=1", "--hosts", "all"]);
      const oks = async (name: "tachyon" | "ansible-runner") => {
        const out = await withDeadline(
          120_000,
          name,
          () => runWorker(name, join(tmp.path, name), stream),
        );
        const events = parseStream(out.stdout).filter((m) => m.event === "runner_on_ok");
        return events.map((m) => m.event_data as Record<string, unknown>);
      };
      const theirs = await oks("ansible-runner");
      const ours = await oks("tachyon");
      await t.step("h1's result", () => {
        assert.equal(ours[0].host, "h1");
        assert.equal(theirs[0].host, "h1");
        assert.deepEqual(
          shape(ours[0].res as Record<string, unknown>),
          shape(theirs[0].res as Record<string, unknown>),
        );
      });
      await t.step({
        name: "once per play, not per host",
        fn: () => {
          assert.deepEqual(theirs.map((e) => e.host), ["h1"]);
          assert.deepEqual(ours.map((e) => e.host), ["h1"]);
        },
      });
    } finally {
      await tmp.remove();
    }
  },
});
