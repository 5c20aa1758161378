/**
 * `run` against the real `ansible-runner run` (2.3.1), on identical copies of
 * one private data dir (localhost on the local connection): the same exit
 * code, the same console text (tachyon's first line is the planner's
 * decision; without colours, because stdout is a pipe: the reference prints
 * them anyway), the same artifacts (names and modes), the same `status` and
 * `rc`, and job_events with the same events, keys and `event_data` keys.
 * Both routes: an ad hoc module tachyon runs itself, and a playbook it hands
 * to the EE's ansible-runner. Then `-j`, `-q`, `-h`, and SIGINT (canceled,
 * 254, nothing left running). Deliberate differences: the reference's
 * `fact_cache/localhost` (Ansible caches the interpreter it discovered;
 * tachyon runs no Python on the target) is not compared.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withoutColours } from "../../src/runner/console.ts";
import { deadlineOutput, eventually } from "../_support/deadline.ts";
import {
  ANSIBLE_RUNNER,
  ROOT,
  run,
  runTachyon,
  tachyonCommand,
  tempDir,
} from "../_support/worker_process.ts";
import {
  killSleepProcesses,
  sleepMarker,
  sleepProcesses,
  waitForSleep,
} from "../_support/sleep_processes.ts";

const INVENTORY = "localhost ansible_connection=local\n";
const GREET = `- name: Greet
  hosts: all
  gather_facts: false
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: "hello from {{ inventory_hostname }}"
`;

interface Side {
  code: number;
  stdout: string;
  stderr: string;
  artifactDir: string;
}

/** Runs `run <pdd> ARGS` with the reference and with tachyon, each on its own copy. */
async function bothRuns(
  root: string,
  args: string[],
  ident: string,
): Promise<{ ref: Side; ours: Side }> {
  const sides: Record<string, Side> = {};
  for (const name of ["ref", "ours"]) {
    const pdd = join(root, name);
    await Deno.mkdir(join(pdd, "inventory"), { recursive: true });
    await Deno.mkdir(join(pdd, "project"), { recursive: true });
    await Deno.writeTextFile(join(pdd, "inventory", "hosts"), INVENTORY);
    await Deno.writeTextFile(join(pdd, "project", "greet.yml"), GREET);
    const argv = ["run", pdd, ...args, "-i", ident];
    const out = name === "ref" ? await run(ANSIBLE_RUNNER, argv) : await runTachyon(argv);
    sides[name] = {
      code: out.code,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: out.stderr,
      artifactDir: join(pdd, "artifacts", ident),
    };
  }
  return { ref: sides.ref, ours: sides.ours };
}

/**
 * Every path under `dir` with its mode, the job_events files as one
 * `job_events/*.json` line per mode (they are compared one by one below);
 * the fact cache left out.
 */
async function tree(dir: string, rel = ""): Promise<string[]> {
  const out = new Set<string>();
  for await (const entry of Deno.readDir(join(dir, rel))) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (path === "fact_cache") continue;
    const mode = ((await Deno.lstat(join(dir, path))).mode! & 0o777).toString(8);
    out.add(`${mode} ${path.replace(/^job_events\/\d+-.*\.json$/, "job_events/*.json")}`);
    if (entry.isDirectory) { for (const inner of await tree(dir, path)) out.add(inner); }
  }
  return [...out].sort();
}

/** The events of an artifact dir: name, top-level keys, `event_data` keys. */
async function eventShapes(artifactDir: string): Promise<string[]> {
  const dir = join(artifactDir, "job_events");
  const names = [...Deno.readDirSync(dir)].map((e) => e.name);
  names.sort((a, b) => parseInt(a) - parseInt(b));
  const shapes: string[] = [];
  for (const name of names) {
    const event = JSON.parse(await Deno.readTextFile(join(dir, name)));
    shapes.push(
      `${event.event} [${Object.keys(event)}] {${Object.keys(event.event_data ?? {}).sort()}}`,
    );
  }
  return shapes;
}

/** tachyon's output without the planner's decision: its first event, first console line. */
function withoutDecision(shapes: string[]): string[] {
  assert.match(shapes[0], /^verbose /);
  return shapes.slice(1);
}

function consoleAfterDecision(stdout: string): string {
  assert.match(stdout, /^tachyon: /);
  return stdout.slice(stdout.indexOf("\n") + 1);
}

async function assertSameRun(ref: Side, ours: Side, route: "tachyon" | "ansible"): Promise<void> {
  assert.equal(ours.code, ref.code, `exit codes; ours: ${ours.stderr}`);
  assert.equal(ours.stderr, "");
  assert.equal(consoleAfterDecision(ours.stdout), withoutColours(ref.stdout));
  assert.ok(!ours.stdout.includes("\x1b["), "no colours when stdout is not a terminal");
  assert.deepEqual(await tree(ours.artifactDir), await tree(ref.artifactDir));
  for (const file of ["status", "rc"]) {
    assert.equal(
      await Deno.readTextFile(join(ours.artifactDir, file)),
      await Deno.readTextFile(join(ref.artifactDir, file)),
      file,
    );
  }
  assert.deepEqual(
    withoutDecision(await eventShapes(ours.artifactDir)),
    await eventShapes(ref.artifactDir),
  );
  // The stdout artifact keeps the colours, as the reference's does. On the Ansible route it
  // is the EE's ansible-runner's own, without tachyon's decision (as in worker mode), and
  // without colours here: the test runs tachyon with NO_COLOR=1, which Ansible honours.
  const stdoutArtifact = await Deno.readTextFile(join(ours.artifactDir, "stdout"));
  const refArtifact = await Deno.readTextFile(join(ref.artifactDir, "stdout"));
  if (route === "tachyon") assert.equal(consoleAfterDecision(stdoutArtifact), refArtifact);
  else assert.equal(stdoutArtifact, withoutColours(refArtifact));
}

for (
  const [label, route, args] of [
    ["an ad hoc command tachyon runs", "tachyon", ["-m", "command", "-a", "echo hi"]],
    ["a failing ad hoc command (rc 2)", "tachyon", ["-m", "command", "-a", "false"]],
    ["a playbook run by the EE's ansible-runner", "ansible", ["-p", "greet.yml"]],
  ] as const
) {
  Deno.test(`run, ${label}: the reference's exit code, console, artifacts and events`, async () => {
    const tmp = await tempDir("tachyon_run_cmp_");
    try {
      const hosts = route === "tachyon" ? ["--hosts", "localhost"] : [];
      const { ref, ours } = await bothRuns(tmp.path, [...args, ...hosts], "7");
      await assertSameRun(ref, ours, route);
    } finally {
      await tmp.remove();
    }
  });
}

Deno.test("run -j: one JSON event per line, as the reference; -q: nothing on stdout", async () => {
  const tmp = await tempDir("tachyon_run_cmp_");
  try {
    const adhoc = ["-m", "command", "-a", "echo hello", "--hosts", "localhost"];
    const json = await bothRuns(join(tmp.path, "json"), [...adhoc, "-j"], "j");
    assert.equal(json.ours.code, 0);
    assert.equal(json.ref.code, 0);
    const lines = (side: Side) =>
      side.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      lines(json.ours).slice(1).map((e) => [e.event, Object.keys(e)]),
      lines(json.ref).map((e) => [e.event, Object.keys(e)]),
    );
    assert.equal(await Deno.readTextFile(join(json.ours.artifactDir, "stdout")), json.ours.stdout);

    const quiet = await bothRuns(join(tmp.path, "quiet"), [...adhoc, "-q"], "q");
    assert.equal(quiet.ref.stdout, "");
    assert.equal(quiet.ours.stdout, "");
    assert.equal(quiet.ours.code, 0);
  } finally {
    await tmp.remove();
  }
});

/** The help text with the `-i IDENT` entry on one line (its white space collapsed). */
function unwrapIdentHelp(text: string): string {
  return text.replace(
    /( {2}-i IDENT, --ident IDENT[^]*?)(\n {2}-)/,
    (_, entry: string, next: string) => entry.replace(/\s+/g, " ") + next,
  );
}

Deno.test("run -h: the reference's help, plus tachyon's --ssh-key", async () => {
  const ref = await run(ANSIBLE_RUNNER, ["run", "-h"], { env: { COLUMNS: "80" } });
  const ours = await runTachyon(["run", "-h"]);
  assert.equal(ref.code, 0);
  assert.equal(ours.code, 0);
  // The reference's `-i` default is a fresh uuid4, which argparse may wrap at any hyphen.
  const theirs = unwrapIdentHelp(
    new TextDecoder().decode(ref.stdout).replace(
      /\(default=[0-9a-f]{8}(?:-\s*[0-9a-f]{4}){3}-\s*[0-9a-f]{12}\)/,
      "(default=a random uuid4)",
    ),
  );
  const mine = unwrapIdentHelp(new TextDecoder().decode(ours.stdout))
    .replace("                          [--ssh-key SSH_KEY]\n", "")
    .replace(/\ntachyon Options:\n[^]*$/, "");
  assert.equal(mine, theirs);
});

Deno.test("run: SIGINT cancels the job at once (254, canceled), leaving no process", async () => {
  const tmp = await tempDir("tachyon_run_sigint_");
  const marker = sleepMarker();
  try {
    await Deno.mkdir(join(tmp.path, "inventory"));
    await Deno.writeTextFile(join(tmp.path, "inventory", "hosts"), INVENTORY);
    // Quoted: tachyon's own command line must not hold the words `sleep MARKER`.
    const task = `sleep "${marker}"`;
    const args = ["run", tmp.path, "-m", "shell", "-a", task, "--hosts", "localhost", "-i", "s"];
    const child = tachyonCommand(args, {}, "null").spawn();
    await waitForSleep(marker, 60_000);
    const sent = performance.now();
    child.kill("SIGINT");
    const out = await deadlineOutput(child, 30_000);
    const took = performance.now() - sent;
    assert.equal(out.code, 254);
    assert.ok(took < 2000, `exited ${took.toFixed(0)} ms after SIGINT`);
    assert.equal(await Deno.readTextFile(join(tmp.path, "artifacts", "s", "status")), "canceled");
    assert.equal(await Deno.readTextFile(join(tmp.path, "artifacts", "s", "rc")), "254");
    await eventually("no sleep left", 2000, () => sleepProcesses(marker).length === 0);
  } finally {
    killSleepProcesses(marker);
    await tmp.remove();
  }
});

Deno.test("run on a terminal: the events' colours, as the stdout artifact keeps them", async () => {
  const tmp = await tempDir("tachyon_run_tty_");
  try {
    await Deno.mkdir(join(tmp.path, "inventory"));
    await Deno.writeTextFile(join(tmp.path, "inventory", "hosts"), INVENTORY);
    const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
    const command = [
      Deno.execPath(),
      "run",
      "-P",
      "--no-prompt",
      "--quiet",
      join(ROOT, "main.ts"),
      "run",
      tmp.path,
      "-m",
      "command",
      "-a",
      "echo hi",
      "--hosts",
      "localhost",
      "-i",
      "tty",
    ].map(quote).join(" ");
    // script(1) gives the command a pseudo-terminal as its stdout.
    const out = await new Deno.Command("/usr/bin/script", {
      args: ["-q", "-e", "-c", command, "/dev/null"],
      cwd: tmp.path,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const shown = new TextDecoder().decode(out.stdout).replaceAll("\r\n", "\n");
    const artifact = await Deno.readTextFile(join(tmp.path, "artifacts", "tty", "stdout"));
    assert.ok(artifact.includes("\x1b[0;33mlocalhost | CHANGED | rc=0 >>\x1b[0m"), artifact);
    assert.equal(shown.replaceAll("\r", ""), artifact.replaceAll("\r", ""));
  } finally {
    await tmp.remove();
  }
});
