/**
 * Diffs on screen, end to end against the reference: the same tasks (copy,
 * lineinfile, blockinfile, file: new, changed and unchanged files, files
 * without a final newline, attributes, directories created and removed) run
 * by the real ansible-runner as a playbook and by the tachyon worker as an
 * automation, with `--diff` and with `--check --diff`. Every
 * `runner_on_file_diff` event comes at the same place (right before its
 * host's ok result, none for failed results or results without a diff) with
 * the same `stdout`, byte for byte once the run's own paths are named alike.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDeadline } from "../_support/deadline.ts";
import {
  parseStream,
  ROOT,
  run,
  runTachyon,
  tempDir,
  withoutDecision,
} from "../_support/worker_process.ts";

type Message = Record<string, unknown>;

const INVENTORY =
  "localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n";

/** One task, written as a playbook task and as an automation task. `<T>` is the target dir. */
interface Task {
  name: string;
  module: string;
  args: Record<string, unknown>;
  ignoreErrors?: boolean;
}

const TASKS: Task[] = [
  { name: "new file", module: "copy", args: { dest: "<T>/new.txt", content: "one\ntwo\n" } },
  {
    name: "change, no final newline",
    module: "copy",
    args: { dest: "<T>/a.txt", content: "zero\nONE\n2\n3\n4\n5\n6\n7\n8\nnine" },
  },
  {
    name: "same content",
    module: "copy",
    args: { dest: "<T>/a.txt", content: "zero\nONE\n2\n3\n4\n5\n6\n7\n8\nnine" },
  },
  { name: "from a file", module: "copy", args: { dest: "<T>/c.txt", src: "src.txt" } },
  { name: "add a line", module: "lineinfile", args: { path: "<T>/a.txt", line: "ten" } },
  {
    name: "replace a line",
    module: "lineinfile",
    args: { path: "<T>/a.txt", regexp: "^ONE", line: "one" },
  },
  {
    name: "create with a mode",
    module: "lineinfile",
    args: { path: "<T>/b.txt", line: "x", create: true, mode: "0600" },
  },
  { name: "line already there", module: "lineinfile", args: { path: "<T>/a.txt", line: "ten" } },
  { name: "block", module: "blockinfile", args: { path: "<T>/a.txt", block: "b1\nb2" } },
  { name: "directory", module: "file", args: { path: "<T>/d", state: "directory" } },
  { name: "directory again", module: "file", args: { path: "<T>/d", state: "directory" } },
  { name: "mode", module: "file", args: { path: "<T>/a.txt", mode: "0640" } },
  { name: "remove a directory", module: "file", args: { path: "<T>/full", state: "absent" } },
  { name: "no diff", module: "debug", args: { msg: "hello" } },
  {
    name: "failed",
    module: "file",
    args: { path: "<T>/none/f", state: "file" },
    ignoreErrors: true,
  },
];

const PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
${
  TASKS.map((t) =>
    `    - name: ${JSON.stringify(t.name)}\n      ${t.module}: ${JSON.stringify(t.args)}\n` +
    (t.ignoreErrors ? "      ignore_errors: true\n" : "")
  ).join("")
}`;

const AUTOMATION = `import { defineAutomation } from "${ROOT}/mod.ts";
export default defineAutomation({ name: "diffs", async run(ctx) {
  await ctx.play("all", "all", async (play) => {
${
  TASKS.map((t) =>
    `    await play.task(${JSON.stringify(t.module)}, ${JSON.stringify(t.args)}, ${
      JSON.stringify({ name: t.name, ignoreErrors: t.ignoreErrors ?? false })
    });\n`
  ).join("")
}  });
} });
`;

/** A private data dir with the inventory, the cmdline, the copy source and a target dir. */
async function preparePdd(pdd: string, cmdline: string): Promise<string> {
  const target = join(pdd, "target");
  await Deno.mkdir(join(pdd, "inventory"), { recursive: true });
  await Deno.mkdir(join(pdd, "env"), { recursive: true });
  await Deno.mkdir(join(pdd, "project", "files"), { recursive: true });
  await Deno.mkdir(join(target, "full", "sub"), { recursive: true });
  await Deno.writeTextFile(join(pdd, "inventory", "hosts"), INVENTORY);
  await Deno.writeTextFile(join(pdd, "env", "cmdline"), cmdline);
  await Deno.writeTextFile(join(pdd, "project", "files", "src.txt"), "from\nthe\nsource\n");
  await Deno.writeTextFile(join(target, "a.txt"), "zero\none\n2\n3\n4\n5\n6\n7\n8\n9\n");
  await Deno.writeTextFile(join(target, "full", "f"), "f\n");
  await Deno.writeTextFile(join(target, "full", "sub", "g"), "g\n");
  return target;
}

/**
 * The run's events as comparable lines: each event's name (and host), with
 * the line count and full stdout of `runner_on_file_diff` events, the pdd written `<PDD>`
 * and the header of content given inline written `after: <content>`:
 * Ansible names the controller temp file it wrote the content to, tachyon
 * says "dynamically generated" (Ansible's words for content without a file).
 */
function diffView(messages: Message[], pdd: string): string[] {
  const lines: string[] = [];
  for (const m of messages) {
    const event = m.event;
    if (typeof event !== "string" || event === "verbose" || event === "runner_on_start") continue;
    const data = (m.event_data ?? {}) as Message;
    if (event === "playbook_on_task_start") lines.push(`TASK ${data.task}`);
    else if (event === "runner_on_file_diff") {
      const stdout = String(m.stdout).replaceAll(pdd, "<PDD>")
        .replace(/after: [^\s"]*\/ansible-local-\w+\/tmp\w+/g, "after: <content>")
        .replaceAll("after: dynamically generated", "after: <content>");
      const span = Number(m.end_line) - Number(m.start_line);
      lines.push(`${event} ${data.host} ${span} ${JSON.stringify(stdout)}`);
    } else lines.push(`${event} ${data.host ?? ""}`);
  }
  return lines;
}

/** The `diff` of each `runner_on_file_diff` event's `event_data`, paths named alike. */
function diffData(messages: Message[], pdd: string): unknown[] {
  return messages.filter((m) => m.event === "runner_on_file_diff").map((m) =>
    JSON.parse(
      JSON.stringify((m.event_data as Message).diff).replaceAll(pdd, "<PDD>")
        .replace(/"[^"]*ansible-local-[^"]*"/g, '"<content>"')
        .replaceAll('"dynamically generated"', '"<content>"'),
    )
  );
}

for (const cmdline of ["--diff", "--check --diff"]) {
  Deno.test(`runner_on_file_diff events as ansible-runner's, ${cmdline}`, async () => {
    const tmp = await tempDir();
    try {
      const refPdd = join(tmp.path, "ref");
      await preparePdd(refPdd, cmdline);
      await Deno.writeTextFile(
        join(refPdd, "project", "p.yml"),
        PLAYBOOK.replaceAll("<T>", join(refPdd, "target")),
      );
      const reference = await withDeadline(
        240_000,
        "ansible-runner",
        () =>
          run("/usr/bin/ansible-runner", ["run", refPdd, "-p", "p.yml", "-j", "--ident", "r"], {
            env: {
              PATH: "/usr/bin:/bin",
              HOME: tmp.path,
              TERM: "xterm",
              ANSIBLE_NOCOLOR: "",
              ANSIBLE_FORCE_COLOR: "",
            },
          }),
      );
      const refEvents = new TextDecoder().decode(reference.stdout).split("\n")
        .filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Message);

      const ourPdd = join(tmp.path, "ours");
      await preparePdd(ourPdd, cmdline);
      const file = join(tmp.path, "diffs.ts");
      await Deno.writeTextFile(file, AUTOMATION.replaceAll("<T>", join(ourPdd, "target")));
      const stream = new TextEncoder().encode(
        JSON.stringify({ kwargs: { ident: "t", playbook: "p.yml" } }) + "\n" + '{"eof": true}\n',
      );
      const ours = await withDeadline(
        240_000,
        "tachyon worker",
        () =>
          runTachyon(["worker", `--private-data-dir=${ourPdd}`], {
            stdin: stream,
            automation: file,
            cwd: ROOT,
          }),
      );
      assert.equal(ours.stderr, "");
      const ourEvents = withoutDecision(parseStream(ours.stdout));

      const expected = diffView(refEvents, refPdd);
      assert.ok(
        expected.filter((l) => l.startsWith("runner_on_file_diff")).length >= 10,
        `the reference shows diffs: ${expected.join("\n")}`,
      );
      assert.deepEqual(diffView(ourEvents, ourPdd), expected);
      assert.deepEqual(diffData(ourEvents, ourPdd), diffData(refEvents, refPdd));
      // The diff event is a task event of its host: same keys, parent and context.
      const ourDiff = ourEvents.find((m) => m.event === "runner_on_file_diff")!;
      const refDiff = refEvents.find((m) => m.event === "runner_on_file_diff")!;
      assert.deepEqual(Object.keys(ourDiff), Object.keys(refDiff));
      assert.deepEqual(
        Object.keys(ourDiff.event_data as Message),
        Object.keys(refDiff.event_data as Message),
      );
      const task = ourEvents.find((m) =>
        m.event === "playbook_on_task_start" && (m.event_data as Message).uuid ===
          (ourDiff.event_data as Message).task_uuid
      );
      assert.equal(ourDiff.parent_uuid, (task?.event_data as Message)?.uuid);
    } finally {
      await tmp.remove();
    }
  });
}

Deno.test("ad hoc --diff: the minimal callback's diff, changed and then unchanged", async () => {
  const tmp = await tempDir();
  try {
    const views: string[][][] = [[], []];
    for (const [w, worker] of (["ansible-runner", "tachyon"] as const).entries()) {
      const pdd = join(tmp.path, worker);
      const target = await preparePdd(pdd, "--diff");
      const args = `path=${target}/made state=directory`;
      for (const round of [1, 2]) {
        let messages: Message[];
        if (worker === "ansible-runner") {
          const out = await withDeadline(240_000, "ansible-runner", () =>
            run(
              "/usr/bin/ansible-runner",
              ["run", pdd, "-m", "file", "-a", args, "--hosts", "localhost", "-j"],
              {
                env: {
                  PATH: "/usr/bin:/bin",
                  HOME: tmp.path,
                  TERM: "xterm",
                  ANSIBLE_NOCOLOR: "",
                  ANSIBLE_FORCE_COLOR: "",
                },
              },
            ));
          messages = new TextDecoder().decode(out.stdout).split("\n")
            .filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Message);
        } else {
          const kwargs = { ident: `a${round}`, module: "file", module_args: args };
          const stream = new TextEncoder().encode(
            JSON.stringify({ kwargs: { ...kwargs, host_pattern: "localhost" } }) + "\n" +
              '{"eof": true}\n',
          );
          const out = await withDeadline(
            240_000,
            "tachyon worker",
            () => runTachyon(["worker", `--private-data-dir=${pdd}`], { stdin: stream }),
          );
          assert.equal(out.stderr, "");
          messages = withoutDecision(parseStream(out.stdout));
        }
        views[w].push(diffView(messages, pdd));
      }
    }
    const [reference, ours] = views;
    assert.ok(reference[0].some((l) => l.startsWith("runner_on_file_diff localhost 9 ")));
    assert.ok(reference[1].includes('runner_on_file_diff localhost 1 ""'));
    assert.deepEqual(ours, reference);
  } finally {
    await tmp.remove();
  }
});
