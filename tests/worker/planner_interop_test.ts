/**
 * The planner through the worker: what runs a job under each playbook mode,
 * the decision as the job's first event, a project's own automation in a
 * build that allows it, and the error status of an image without Ansible.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  decisionOf,
  parseStream,
  ROOT,
  runTachyon,
  tempDir,
  transmit,
} from "../_support/worker_process.ts";
import { repoCopy } from "../_support/repo_copy.ts";
import { ANSIBLE_RUNNER, run } from "../_support/worker_process.ts";

type Message = Record<string, unknown>;

const PLAYBOOK = `- name: YAML play
  hosts: all
  gather_facts: false
  tasks:
    - name: Say hello
      debug:
        msg: hello from site.yml
`;

const PROJECT_AUTOMATION = `import * as v from "valibot";
export default {
  name: "site",
  vars: { greeting: v.optional(v.string(), "hello from project/site.ts") },
  async run(ctx) {
    await ctx.play("Project automation", "all", async (play) => {
      await play.debug(ctx.vars.greeting, { name: "Greet" });
    });
  },
};
`;

async function writeSource(dir: string, files: Record<string, string>): Promise<void> {
  const all = {
    "inventory/hosts":
      "localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, path), text);
  }
}

interface WorkerRun {
  code: number;
  messages: Message[];
  stdout: string;
}

async function worker(
  pdd: string,
  stream: Uint8Array,
  options: { env?: Record<string, string>; root?: string } = {},
): Promise<WorkerRun> {
  const out = await runTachyon(["worker", `--private-data-dir=${pdd}`], {
    stdin: stream,
    ...options,
  });
  assert.equal(out.stderr, "", "nothing on stderr");
  const messages = parseStream(out.stdout);
  assert.deepEqual(messages.at(-1), { eof: true });
  const stdout = messages.map((m) => typeof m.stdout === "string" ? m.stdout : "").join("\n");
  return { code: out.code, messages, stdout };
}

const lastStatus = (messages: Message[]) => messages.filter((m) => "status" in m).at(-1)?.status;

Deno.test("the planner routes each job, says so first, and never runs the wrong thing", async (t) => {
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await writeSource(src, { "project/site.yml": PLAYBOOK, "project/site.ts": PROJECT_AUTOMATION });
    const stream = await transmit(src, ["-p", "site.yml", "-i", "7"]);
    let n = 0;
    const pdd = () => join(tmp.path, `w${++n}`);

    await t.step(
      "shipped policy: a playbook without an automation runs under the EE's Ansible",
      async () => {
        const out = await worker(pdd(), stream);
        assert.equal(
          decisionOf(out.messages),
          "tachyon: site.yml runs under the EE's Ansible: no automation is named site " +
            "(playbook mode auto, from the build policy).",
        );
        assert.match(out.stdout, /hello from site\.yml/);
        assert.doesNotMatch(
          out.stdout,
          /project\/site\.ts/,
          "the project's automation is not loaded",
        );
        assert.equal(lastStatus(out.messages), "successful");
        assert.equal(out.code, 0);
      },
    );

    await t.step(
      "a build that allows project automations runs project/site.ts natively",
      async () => {
        const shipped = JSON.parse(await Deno.readTextFile(join(ROOT, "tachyon.policy.json")));
        const root = await repoCopy(join(tmp.path, "repo"), {
          policy: { ...shipped, project_automations: true },
        });
        const out = await worker(pdd(), stream, { root });
        assert.match(
          decisionOf(out.messages),
          /^tachyon: site\.yml runs the automation site\.ts natively: the job's project has it/,
        );
        assert.match(out.stdout, /TASK \[Greet\]/);
        assert.match(out.stdout, /hello from project\/site\.ts/);
        assert.doesNotMatch(out.stdout, /hello from site\.yml/);
        assert.equal(lastStatus(out.messages), "successful");
      },
    );

    await t.step(
      "TACHYON_PLAYBOOK_MODE=default-automation: the seed's fixed script, said first",
      async () => {
        const out = await worker(pdd(), stream, {
          env: { TACHYON_PLAYBOOK_MODE: "default-automation" },
        });
        assert.match(
          decisionOf(out.messages),
          /^tachyon: site\.yml runs the default automation main: no automation is named site; .*which itself is not run \(playbook mode default-automation, from TACHYON_PLAYBOOK_MODE\)\.$/,
        );
        assert.match(out.stdout, /PLAY \[tachyon: reachability and host summary\]/);
        assert.doesNotMatch(out.stdout, /hello from site\.yml/);
      },
    );

    await t.step(
      "TACHYON_PLAYBOOK_MODE=automation refuses it: an error status, eof, exit 1",
      async () => {
        const out = await worker(pdd(), stream, { env: { TACHYON_PLAYBOOK_MODE: "automation" } });
        assert.equal(out.messages.length, 2);
        assert.equal(out.messages[0].status, "error");
        assert.match(
          String(out.messages[0].job_explanation),
          /^tachyon: site\.yml cannot run in this image: no automation is named site, and this playbook mode allows nothing but automations/,
        );
        assert.equal(out.code, 1);
      },
    );

    await t.step(
      "an image without any usable python: an error status naming what was tried",
      async () => {
        const missing = await worker(pdd(), stream, {
          env: { TACHYON_ANSIBLE_PYTHON: "/nonexistent/python3" },
        });
        assert.equal(missing.messages.length, 2);
        assert.equal(missing.messages[0].status, "error");
        assert.match(
          String(missing.messages[0].job_explanation),
          /But this image has no Ansible to run it: \/nonexistent\/python3: not in this binary's permission set; no python for ansible-core\./,
        );
        assert.equal(missing.code, 1);
      },
    );

    await t.step(
      "an image with ansible-core but no ansible-runner: tachyon runs ansible-playbook itself",
      async () => {
        // A real interpreter without the package: a venv of this machine's python.
        const venv = join(tmp.path, "venv");
        const made = await run("/usr/bin/python3", ["-m", "venv", "--without-pip", venv]);
        assert.equal(made.code, 0, made.stderr);
        const python = join(venv, "bin", "python3");
        const root = await repoCopy(join(tmp.path, "repo-venv"), {
          policy: { ansible_python: [python] },
          extraRun: [python],
        });
        const out = await worker(pdd(), stream, { root });
        assert.match(decisionOf(out.messages), /site\.yml runs under the EE's Ansible/);
        assert.match(out.stdout, /hello from site\.yml/);
        assert.match(out.stdout, /PLAY RECAP/);
        assert.equal(lastStatus(out.messages), "successful");
        assert.equal(out.code, 0);
      },
    );
  } finally {
    await tmp.remove();
  }
});

Deno.test("env/settings may narrow the playbook mode; widening it is an invalid job", async (t) => {
  const tmp = await tempDir();
  try {
    const narrow = join(tmp.path, "narrow");
    await writeSource(narrow, {
      "project/main.yml": PLAYBOOK.replace("site.yml", "main.yml"),
      "env/settings": '{"tachyon_playbook_mode": "ansible"}\n',
    });
    const widen = join(tmp.path, "widen");
    await writeSource(widen, {
      "project/site.yml": PLAYBOOK,
      "env/settings": '{"tachyon_playbook_mode": "default-automation"}\n',
    });

    await t.step("ansible: even main.yml (an automation's name) runs under Ansible", async () => {
      const out = await worker(
        join(tmp.path, "w1"),
        await transmit(narrow, ["-p", "main.yml", "-i", "8"]),
      );
      assert.match(
        decisionOf(out.messages),
        /^tachyon: main\.yml runs under the EE's Ansible: the playbook mode runs every job there \(playbook mode ansible, from env\/settings\)\.$/,
      );
      assert.match(out.stdout, /hello from main\.yml/);
      assert.equal(lastStatus(out.messages), "successful");
    });

    await t.step("default-automation would widen auto: an error status, nothing runs", async () => {
      const out = await worker(
        join(tmp.path, "w2"),
        await transmit(widen, ["-p", "site.yml", "-i", "9"]),
      );
      assert.equal(out.messages.length, 2);
      assert.equal(out.messages[0].status, "error");
      assert.match(
        String(out.messages[0].job_explanation),
        /^Invalid job: env\/settings asks for playbook mode default-automation, which would widen this image's policy \(auto\): a job may only narrow it$/,
      );
      assert.equal(out.code, 1);
    });
  } finally {
    await tmp.remove();
  }
});

Deno.test("the Ansible route keeps the worker's guarantees: keepalives between whole messages, --delete", async () => {
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await writeSource(src, {
      "project/pause.yml": `- hosts: all
  gather_facts: false
  tasks:
    - command: sleep 3
`,
    });
    const stream = await transmit(src, ["-p", "pause.yml", "-i", "11"]);
    const pdd = join(tmp.path, "w");
    const out = await runTachyon(
      ["worker", `--private-data-dir=${pdd}`, "--delete", "--keepalive-seconds", "1"],
      { stdin: stream },
    );
    assert.equal(out.stderr, "");
    assert.equal(out.code, 0);
    // parseStream demands whole JSON lines and an intact zip payload.
    const messages = parseStream(out.stdout);
    const keepalives = messages.filter((m) => m.event === "keepalive");
    assert.ok(keepalives.length >= 1, "a keepalive during the 3 s task");
    for (const k of keepalives) assert.deepEqual(k, { event: "keepalive", counter: 0, uuid: 0 });
    assert.match(decisionOf(messages), /pause\.yml runs under the EE's Ansible/);
    assert.equal(lastStatus(messages), "successful");
    assert.deepEqual(messages.at(-1), { eof: true });
    await assert.rejects(Deno.stat(pdd), "--delete removed the private data dir");
  } finally {
    await tmp.remove();
  }
});

Deno.test("a project's own playbook named like a baked-in automation runs as written, like the reference", async () => {
  const tmp = await tempDir();
  try {
    const own = join(tmp.path, "own");
    await writeSource(own, { "project/main.yml": PLAYBOOK.replace("site.yml", "main.yml") });
    const stream = await transmit(own, ["-p", "main.yml", "-i", "8"]);
    const ours = await worker(join(tmp.path, "w1"), stream);
    assert.equal(
      decisionOf(ours.messages),
      "tachyon: main.yml runs under the EE's Ansible: it is the project's own playbook: it has " +
        'no "# tachyon-automation: main" line, so the automation main baked into this binary ' +
        "does not replace it (playbook mode auto, from the build policy).",
    );
    assert.match(ours.stdout, /hello from main\.yml/);
    const reference = await run(ANSIBLE_RUNNER, ["worker", `--private-data-dir=${tmp.path}/r`], {
      stdin: stream,
    });
    const stats = (messages: Message[]) =>
      messages.find((m) => m.event === "playbook_on_stats")?.event_data;
    const refStats = stats(parseStream(reference.stdout)) as Record<string, unknown>;
    const ourStats = stats(ours.messages) as Record<string, unknown>;
    for (const key of ["ok", "changed", "failures", "skipped"]) {
      assert.deepEqual(ourStats[key], refStats[key], key);
    }
    assert.equal(lastStatus(ours.messages), "successful");

    const twin = join(tmp.path, "twin");
    await writeSource(twin, {
      "project/deploy.yml": `# tachyon-automation: main\n${PLAYBOOK}`,
    });
    const named = await worker(
      join(tmp.path, "w2"),
      await transmit(twin, ["-p", "deploy.yml", "-i", "9"]),
    );
    assert.equal(
      decisionOf(named.messages),
      "tachyon: deploy.yml runs the automation main natively: the playbook names it " +
        '("# tachyon-automation: main") (playbook mode auto, from the build policy).',
    );
    assert.match(named.stdout, /PLAY \[tachyon: reachability and host summary\]/);
    assert.equal(lastStatus(named.messages), "successful");
  } finally {
    await tmp.remove();
  }
});
