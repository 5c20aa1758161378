/**
 * cron on a `cron_file`: the same edits, results, diffs and failures as
 * Ansible 2.14's (recorded, `ansible localhost -c local`), step after step
 * on twin files; argument errors with Ansible's texts.
 *
 * Ansible's cron insists on a `crontab` program even for a `cron_file`,
 * which it never runs then; this machine has none, so Ansible's side gets a
 * placeholder `crontab` (exit 1) first on its PATH. tachyon's needs none.
 * The user crontab (`crontab -l`/`crontab FILE`) is in `cron_interop_test.ts`,
 * on lab hosts with Debian's own cron: never this machine's crontab.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runModule, withTemp } from "./_support.ts";
import { placeAnswer } from "../../_oracles/ansible_cli.ts";
import { ansibleModule, type JsonObject } from "../../_oracles/ansible_module.ts";
import { cronModule } from "../../../src/engine/modules/cron.ts";
import { ModuleArgsError } from "../../../src/engine/modules/module.ts";

/** Ansible's side finds a `crontab` here (never run for a `cron_file`). */
const PLACEHOLDER_CRONTAB = { text: "#!/bin/sh\nexit 1\n", mode: 0o755 };

interface Step {
  /** The module's arguments (`cron_file` is added: the twin file). */
  args: JsonObject;
  check?: boolean;
  diff?: boolean;
}

/**
 * Runs `steps` with Ansible (recorded) and tachyon on twin cron files that
 * start as `initial` (missing when null); compares every step's result
 * (whole, `invocation` aside) and the file after it.
 */
async function cronParity(
  dir: string,
  initial: string | null,
  steps: Step[],
  file = "cron.d/job",
): Promise<void> {
  const theirs = await ansibleModule({
    files: {
      "bin/crontab": PLACEHOLDER_CRONTAB,
      ...(initial === null ? { "cron.d/.keep": "" } : { [file]: initial }),
    },
    steps: steps.map((step) => ({
      module: "cron",
      args: { ...step.args, cron_file: `<DIR>/${file}` },
      check: step.check,
      diff: step.diff,
      env: { PATH: "<DIR>/bin:/usr/bin:/bin" },
      read: [file],
    })),
  });
  const ours = join(dir, file);
  await Deno.mkdir(join(dir, "cron.d"), { recursive: true });
  await Deno.remove(ours).catch(() => {});
  if (initial !== null) await Deno.writeTextFile(ours, initial);
  for (const [i, step] of steps.entries()) {
    const label = `step ${i}: ${JSON.stringify(step)}`;
    const r = await runModule(dir, "cron", { ...step.args, cron_file: ours }, {
      check: step.check,
      diff: step.diff,
    });
    const a = placeAnswer(theirs[i].result, dir);
    assert.deepEqual(r, a, label);
    const text = await Deno.readTextFile(ours).catch(() => null);
    assert.equal(text, placeAnswer(theirs[i].read?.[file] ?? null, dir), label);
  }
}

const BACKUP = {
  name: "backup",
  minute: "0",
  hour: "2",
  job: "/usr/local/bin/backup",
  user: "root",
};

Deno.test("cron job in a cron_file: add, keep, change, disable, special time, remove: same as Ansible", async () => {
  await withTemp(async (dir) => {
    await cronParity(dir, null, [
      { args: BACKUP, diff: true },
      { args: BACKUP, diff: true },
      { args: { ...BACKUP, hour: "3", weekday: "1-5" }, diff: true },
      { args: { ...BACKUP, hour: "3", dow: "1-5", disabled: true } },
      { args: { name: "boot", special_time: "reboot", job: "/bin/true", user: "nobody" } },
      { args: { name: "boot", special_time: "reboot", job: "/bin/true", user: "nobody" } },
      { args: { name: "backup", state: "absent" }, diff: true },
      { args: { name: "backup", state: "absent" } },
      { args: { name: "boot", state: "absent" }, diff: true },
      { args: { name: "boot", state: "absent" } },
    ]);
  });
});

Deno.test("cron variables: add first, insertafter, insertbefore, update, remove: same as Ansible", async () => {
  await withTemp(async (dir) => {
    await cronParity(
      dir,
      "SHELL=/bin/sh\nPATH=/usr/bin:/bin\n# keep me\n* * * * * root /bin/true\n",
      [
        { args: { name: "MAILTO", job: "ops@example.org", env: true, user: "root" }, diff: true },
        { args: { name: "HOME", value: "/root", env: true, insertafter: "PATH", user: "root" } },
        { args: { name: "LANG", job: "C", env: true, insertbefore: "SHELL", user: "root" } },
        { args: { name: "LANG", job: "C", env: true, insertbefore: "SHELL", user: "root" } },
        { args: { name: "MAILTO", job: "root", env: true, user: "root" }, diff: true },
        { args: { name: "HOME", env: true, state: "absent" } },
        { args: { name: "NOPE", job: "x", env: true, insertafter: "MISSING", user: "root" } },
        { args: { name: "BAD NAME", job: "x", env: true, user: "root" } },
      ],
    );
  });
});

Deno.test("cron adopts an unmarked identical job, and adds a missing final newline: same as Ansible", async () => {
  await withTemp(async (dir) => {
    await cronParity(dir, "* * * * * root /bin/true\n5 4 * * * root /bin/other", [
      { args: { name: "true", job: "/bin/true", user: "root" }, diff: true },
      { args: { name: "true", job: "/bin/true", user: "root" } },
      { args: { name: "other", minute: "5", hour: "4", job: "/bin/other", user: "root" } },
    ]);
    await cronParity(dir, "#Ansible: x\n* * * * * root /bin/x", [
      { args: { name: "x", job: "/bin/x", user: "root" }, diff: true },
      { args: { name: "x", job: "/bin/x", user: "root" } },
    ]);
  });
});

Deno.test("cron check mode predicts and changes nothing: same as Ansible", async () => {
  await withTemp(async (dir) => {
    await cronParity(dir, null, [
      { args: BACKUP, check: true, diff: true },
      { args: BACKUP, check: true },
    ]);
    await cronParity(dir, "#Ansible: backup\n0 2 * * * root /usr/local/bin/backup\n", [
      { args: { name: "backup", state: "absent" }, check: true, diff: true },
      { args: { ...BACKUP, minute: "30" }, check: true, diff: true },
    ]);
  });
});

Deno.test("cron failures and warnings: same as Ansible", async () => {
  await withTemp(async (dir) => {
    await cronParity(dir, "PATH=/bin\n", [
      { args: { name: "x", job: "/bin/x" } },
      { args: { name: "x", minute: "5", special_time: "daily", job: "/bin/x", user: "root" } },
      { args: { name: "x", insertafter: "PATH", job: "/bin/x", user: "root" } },
      { args: { name: "x", user: "root" } },
      { args: { name: "x", job: "/bin/a\n/bin/b\n", user: "root" } },
    ]);
    await cronParity(
      dir,
      null,
      [{ args: { name: "x", job: "/bin/x", user: "root" } }],
      "cron.d/my.job",
    );
  });
});

Deno.test("cron refuses /etc/crontab before touching anything", async () => {
  await withTemp(async (dir) => {
    const r = await runModule(dir, "cron", {
      name: "x",
      job: "/bin/x",
      user: "root",
      cron_file: "/etc/crontab",
    });
    assert.deepEqual(r, {
      changed: false,
      failed: true,
      msg: "Will not manage /etc/crontab via cron_file, see documentation.",
    });
  });
});

Deno.test("cron argument errors have Ansible's texts", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ job: "x" }, "missing required arguments: name"],
    [{ name: "x", state: "gone" }, "value of state must be one of: present, absent, got: gone"],
    [
      { name: "x", special_time: "often" },
      "value of special_time must be one of: reboot, yearly, annually, monthly, weekly, daily, " +
      "hourly, got: often",
    ],
    [
      { name: "x", insertafter: "A", insertbefore: "B" },
      "parameters are mutually exclusive: insertafter|insertbefore",
    ],
    [{ name: "x", disabled: "maybe" }, "argument 'disabled' is of type <class 'str'>"],
    [{ name: "x", frequency: 1 }, "Unsupported parameters for (cron) module: frequency."],
  ];
  for (const [args, message] of cases) {
    assert.throws(
      () => cronModule.parseArgs(args),
      (e: unknown) => e instanceof ModuleArgsError && e.message.startsWith(message),
      message,
    );
  }
  const aliases = cronModule.parseArgs({ name: "x", value: "/bin/x", dom: "1", dow: "2" });
  assert.deepEqual([aliases.job, aliases.day, aliases.weekday], ["/bin/x", "1", "2"]);
  assert.equal(cronModule.parseArgs("name=x minute=5 job=true").minute, "5");
});
