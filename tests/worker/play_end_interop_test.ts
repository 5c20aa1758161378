/**
 * Engine fidelity against ansible-runner: when every host of a play has
 * failed, the play ends (no further task header) and no later play runs; a
 * host that failed is left out of later plays; "Gathering Facts" is the
 * `gather_facts` action.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  parseStream,
  ROOT,
  run,
  runTachyon,
  tempDir,
  withoutDecision,
} from "../_support/worker_process.ts";

type Message = Record<string, unknown>;

const INVENTORY = "[all]\n" +
  "alpha ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n" +
  "beta ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n";

/** One case: an automation and the playbook that does the same. */
interface Case {
  name: string;
  automation: string;
  playbook: string;
}

const HEADER = `import { defineAutomation } from "${ROOT}/mod.ts";\n`;

const CASES: Case[] = [
  {
    name: "every host fails: the play ends there and the next play never starts",
    automation: HEADER + `export default defineAutomation({ name: "x", async run(ctx) {
  await ctx.play("first", "all", async (play) => {
    await play.task("gather_facts", {}, { name: "Gathering Facts" });
    await play.command("false");
    await play.debug("after");
  });
  await ctx.play("second", "all", async (play) => { await play.debug("second"); });
} });
`,
    playbook: `- name: first
  hosts: all
  tasks:
    - command: "false"
    - debug: msg=after
- name: second
  hosts: all
  gather_facts: false
  tasks:
    - debug: msg=second
`,
  },
  {
    name: "one host fails: it is left out of the rest of the play and of later plays",
    automation: HEADER + `export default defineAutomation({ name: "x", async run(ctx) {
  await ctx.play("first", "all", async (play) => {
    await play.command((h) => h.name === "alpha" ? "false" : "true");
    await play.debug("after");
  });
  await ctx.play("second", "all", async (play) => { await play.debug("second"); });
} });
`,
    playbook: `- name: first
  hosts: all
  gather_facts: false
  tasks:
    - command: "{{ 'false' if inventory_hostname == 'alpha' else 'true' }}"
    - debug: msg=after
- name: second
  hosts: all
  gather_facts: false
  tasks:
    - debug: msg=second
`,
  },
];

/** The events' (event, host, task action) in order; the order of hosts within a task is sorted. */
function shape(messages: Message[]): string[] {
  return messages.filter((m) => typeof m.event === "string" && m.event !== "verbose").map((m) => {
    const data = (m.event_data ?? {}) as Message;
    return [m.event, data.host ?? "", data.task_action ?? ""].join(" ");
  });
}

/** Sorts each task's run of host events, so the order hosts finish in does not matter. */
function normalized(lines: string[]): string[] {
  const out: string[] = [];
  let group: string[] = [];
  const flush = () => {
    out.push(...group.sort());
    group = [];
  };
  for (const line of lines) {
    const kind = line.split(" ")[0];
    if (kind.startsWith("runner_on_")) group.push(line);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out;
}

Deno.test("plays end as Ansible's do when hosts fail; Gathering Facts is gather_facts", async (t) => {
  const tmp = await tempDir();
  try {
    for (const [i, c] of CASES.entries()) {
      await t.step(c.name, async () => {
        const src = join(tmp.path, `src${i}`);
        await Deno.mkdir(join(src, "project"), { recursive: true });
        await Deno.mkdir(join(src, "inventory"), { recursive: true });
        await Deno.writeTextFile(join(src, "inventory", "hosts"), INVENTORY);
        await Deno.writeTextFile(join(src, "project", "p.yml"), c.playbook);
        const reference = await run("/usr/bin/ansible-runner", [
          "run",
          src,
          "-p",
          "p.yml",
          "-j",
        ], { env: { PATH: "/usr/bin:/bin", HOME: tmp.path } });
        const refEvents = new TextDecoder().decode(reference.stdout).split("\n")
          .filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Message);

        const file = join(tmp.path, `a${i}.ts`);
        await Deno.writeTextFile(file, c.automation);
        const stream = new TextEncoder().encode(
          JSON.stringify({ kwargs: { ident: `e${i}`, playbook: "p.yml" } }) + "\n" +
            '{"eof": true}\n',
        );
        const pdd = join(tmp.path, `w${i}`);
        await Deno.mkdir(join(pdd, "inventory"), { recursive: true });
        await Deno.writeTextFile(join(pdd, "inventory", "hosts"), INVENTORY);
        const ours = await runTachyon(["worker", `--private-data-dir=${pdd}`], {
          stdin: stream,
          automation: file,
          cwd: ROOT,
        });
        assert.equal(ours.stderr, "");
        const ourEvents = withoutDecision(parseStream(ours.stdout));
        assert.deepEqual(normalized(shape(ourEvents)), normalized(shape(refEvents)));
        const stats = (m: Message[]) => {
          const d = m.find((e) => e.event === "playbook_on_stats")!.event_data as Message;
          return { ok: d.ok, failures: d.failures, processed: d.processed };
        };
        assert.deepEqual(stats(ourEvents), stats(refEvents));
      });
    }
  } finally {
    await tmp.remove();
  }
});
