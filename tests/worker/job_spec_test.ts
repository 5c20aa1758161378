/**
 * The resolved job: everything the run needs is decided by `loadJobSpec`
 * (cwd, reported env and command, event references, limits, ssh defaults),
 * from the kwargs, the private data dir and the worker's environment read
 * once; the result is frozen. A command line argparse rejects is an invalid
 * job (the worker process reports it as an error status and eof:
 * `job_spec_interop_test.ts`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { JobConfigError, loadJobSpec } from "../../src/worker/job_spec.ts";
import { tempDir } from "../_support/worker_process.ts";

/** A worker environment that records which variables were read. */
function environment(values: Record<string, string>) {
  const read: string[] = [];
  return { read, env: (name: string) => (read.push(name), values[name]) };
}

async function withPdd(
  files: Record<string, string>,
  body: (pdd: string) => Promise<void>,
): Promise<void> {
  const tmp = await tempDir();
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(join(tmp.path, path, ".."), { recursive: true });
      await Deno.writeTextFile(join(tmp.path, path), text);
    }
    await body(tmp.path);
  } finally {
    await tmp.remove();
  }
}

Deno.test("a playbook job: cwd, env, command, references and limits resolved once, frozen", async () => {
  await withPdd({
    "project/site.yml": "- hosts: all\n",
    "env/extravars": "x: 1\n",
    "env/envvars": "JOB_ID: 12\nMAX_EVENT_RES: '500'\nANSIBLE_HOST_KEY_CHECKING: 'yes'\n",
    "env/cmdline": "-u deploy --forks=3 -T 7 --ssh-extra-args='-o A=b'",
    "env/settings": "job_timeout: 30\nidle_timeout: 5\n",
  }, async (pdd) => {
    const { read, env } = environment({ HOME: "/home/w", PATH: "/bin", TMPDIR: "/var/tmp" });
    const job = await loadJobSpec(pdd, { ident: "j1", playbook: "site.yml" }, env);
    assert.equal(job.adhoc, false);
    assert.equal(job.cwd, join(pdd, "project"));
    assert.deepEqual(job.env, {
      HOME: "/home/w",
      PATH: "/bin",
      TMPDIR: "/var/tmp",
      JOB_ID: "12",
      MAX_EVENT_RES: "500",
      ANSIBLE_HOST_KEY_CHECKING: "yes",
    });
    assert.deepEqual(job.command, [
      "tachyon",
      "automation",
      "-u",
      "deploy",
      "--forks=3",
      "-T",
      "7",
      "--ssh-extra-args=-o A=b",
      "-e",
      `@${join(pdd, "env", "extravars")}`,
      "site.yml",
    ]);
    assert.deepEqual(job.references, { job_id: 12 });
    assert.deepEqual(job.limits, { maxEventRes: 500, jobTimeout: 30, idleTimeout: 5 });
    assert.deepEqual({ ...job.ssh }, {
      user: "deploy",
      privateKeyFile: undefined,
      connection: undefined,
      connectTimeout: 7,
      commonArgs: undefined,
      extraArgs: "-o A=b",
      hostKeyChecking: true,
      key: undefined,
      tempDir: "/var/tmp",
    });
    assert.equal(job.forks, 3);
    assert.deepEqual(job.extraVars, { x: 1 });
    // Every variable the run needs was read here, once.
    assert.deepEqual([...new Set(read)].sort(), [
      "HOME",
      "LANG",
      "LC_ALL",
      "LOGNAME",
      "PATH",
      "TERM",
      "TMPDIR",
      "USER",
    ]);
    // Frozen all the way down (but the values inside extra vars, shared with the automation).
    for (const part of [job, job.env, job.command, job.ssh, job.limits, job.cmdline.extraVars]) {
      assert.ok(Object.isFrozen(part));
    }
    assert.throws(() => (job.envvars as Record<string, string>).X = "1", TypeError);
  });
});

Deno.test("an ad hoc job: AD_HOC_COMMAND_ID, the pdd as cwd, the worker's host key setting", async () => {
  await withPdd({ "project/.keep": "" }, async (pdd) => {
    const { env } = environment({ ANSIBLE_HOST_KEY_CHECKING: "True" });
    const job = await loadJobSpec(pdd, { module: "ping", host_pattern: "web" }, env);
    assert.equal(job.adhoc, true);
    assert.equal(job.envvars.AD_HOC_COMMAND_ID, "1");
    assert.deepEqual(job.references, { ad_hoc_command_id: 1 });
    assert.equal(job.cwd, pdd);
    assert.deepEqual(job.command, ["tachyon", "adhoc", "-m", "ping", "web"]);
    assert.equal(job.ssh.hostKeyChecking, true);
    assert.equal(job.ssh.tempDir, "/tmp");
    assert.equal(job.limits.maxEventRes, 700000);
  });
});

Deno.test("a command line names its module: ad hoc, read as ansible reads it", async () => {
  await withPdd({ "env/cmdline": "-m shell -a 'echo hi' -t /tmp/tree web" }, async (pdd) => {
    const job = await loadJobSpec(pdd, {}, () => undefined);
    assert.equal(job.adhoc, true);
    assert.equal(job.module, "shell");
    assert.equal(job.moduleArgs, "echo hi");
    assert.equal(job.hostPattern, "web");
    assert.ok(job.warnings.some((w) => w.endsWith("tachyon does not support: -t")));
  });
});

Deno.test("a command line argparse rejects is an invalid job", async () => {
  await withPdd({ "env/cmdline": "-u root --forks five" }, async (pdd) => {
    await assert.rejects(
      () => loadJobSpec(pdd, { playbook: "site.yml" }, () => undefined),
      (error: unknown) =>
        error instanceof JobConfigError &&
        error.message === "Cannot parse the job's cmdline (ansible-playbook): argument " +
            "-f/--forks: invalid int value: 'five'",
    );
  });
});
