/**
 * The library against the real ansible-runner's Python interface (2.3.1):
 * the same job through `run()` from `mod.ts` and through
 * `ansible_runner.run(…)` (Debian's `/usr/bin/python3`), on identical copies
 * of one private data dir, gives the same status, rc, status handler calls,
 * `events` (an event handler that returns false keeps its event out of both),
 * `stats`, `host_events('localhost')` and `stdout`. tachyon's first event,
 * the planner's decision, is its only addition. Both routes: an ad hoc
 * command tachyon runs, and a playbook its Ansible route hands to the EE's
 * ansible-runner. The artifacts themselves are compared with the reference's
 * `run` in `tests/cli/run_command_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { run, type RunOptions } from "../../mod.ts";
import { withDeadline } from "../_support/deadline.ts";
import { tempDir } from "../_support/worker_process.ts";
import { collect } from "./_runner_pdd.ts";

const PYTHON = "/usr/bin/python3";
const INVENTORY = "localhost ansible_connection=local\n";
const GREET = `- name: Greet
  hosts: all
  gather_facts: false
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: "hello from {{ inventory_hostname }}"
`;

/** What either library reports of a run. */
interface Summary {
  status: string;
  rc: number | null;
  statuses: string[];
  events: string[];
  stats: unknown;
  host: string[];
  stdout: string;
}

/** ansible_runner.run(**kwargs), with the same handlers as {@linkcode ours}. */
const REFERENCE = `
import ansible_runner, json, sys
kwargs = json.loads(sys.argv[1])
statuses = []
r = ansible_runner.run(
    quiet=True,
    status_handler=lambda data, runner_config: statuses.append(data["status"]),
    event_handler=lambda event: event.get("event") != "runner_on_start",
    **kwargs)
print(json.dumps({
    "status": r.status, "rc": r.rc, "statuses": statuses,
    "events": [e["event"] for e in r.events], "stats": r.stats,
    "host": [e["event"] for e in r.host_events("localhost")], "stdout": r.stdout.read(),
}))
`;

async function reference(kwargs: Record<string, unknown>): Promise<Summary> {
  const out = await new Deno.Command(PYTHON, {
    args: ["-c", REFERENCE, JSON.stringify(kwargs)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

async function ours(options: RunOptions): Promise<Summary> {
  const statuses: string[] = [];
  const runner = await withDeadline(120_000, "run()", () =>
    run({
      ...options,
      quiet: true,
      statusHandler: (status) => statuses.push(status.status),
      eventHandler: (event) => event.event !== "runner_on_start",
    }));
  const events = await collect(runner.events);
  assert.equal(events[0].event, "verbose");
  assert.match(String(events[0].stdout), /^tachyon: /);
  const stdout = runner.stdout;
  return {
    status: runner.status,
    rc: runner.rc ?? null,
    statuses,
    events: events.slice(1).map((e) => String(e.event)),
    stats: runner.stats,
    host: runner.hostEvents("localhost").map((e) => String(e.event)),
    // Python reads the file with universal newlines; tachyon's first line is its decision
    // (on the Ansible route the stdout artifact is the EE's ansible-runner's own).
    stdout: stdout.replace(/^tachyon: .*\n/, "").replaceAll("\r\n", "\n"),
  };
}

async function pdd(root: string, name: string): Promise<string> {
  const dir = join(root, name);
  await Deno.mkdir(join(dir, "inventory"), { recursive: true });
  await Deno.mkdir(join(dir, "project"), { recursive: true });
  await Deno.writeTextFile(join(dir, "inventory", "hosts"), INVENTORY);
  await Deno.writeTextFile(join(dir, "project", "greet.yml"), GREET);
  return dir;
}

for (
  const [label, kwargs, options] of [
    [
      "an ad hoc command tachyon runs",
      { host_pattern: "localhost", module: "command", module_args: "echo hi" },
      { hostPattern: "localhost", module: "command", moduleArgs: "echo hi" },
    ],
    ["a playbook run by the EE's ansible-runner", { playbook: "greet.yml" }, {
      playbook: "greet.yml",
    }],
  ] as const
) {
  Deno.test(`run(), ${label}: what ansible_runner.run() reports`, async () => {
    const tmp = await tempDir("tachyon_runner_cmp_");
    try {
      const theirs = await reference({
        private_data_dir: await pdd(tmp.path, "ref"),
        ident: "7",
        ...kwargs,
      });
      const mine = await ours({
        privateDataDir: await pdd(tmp.path, "ours"),
        ident: "7",
        ...options,
      });
      assert.equal(theirs.status, "successful");
      assert.ok(!theirs.events.includes("runner_on_start"));
      assert.deepEqual(mine, theirs);
    } finally {
      await tmp.remove();
    }
  });
}
