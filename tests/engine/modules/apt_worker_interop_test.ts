/**
 * An ad hoc `apt` job through the worker, as AWX sends one (the real
 * `ansible_runner` API's transmit stream: the key as `ssh_key`, `-u
 * lab-sudo --become --diff` as the cmdline): tachyon's entrypoint, with the
 * binary's permission set, runs it natively on one lab host; the real
 * `ansible-runner worker` runs it on an identical host. The result, the
 * diff AWX shows and the installed package are the same.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startAptTwins } from "./_apt_lab.ts";
import type { LabHost } from "../../_support/lab/mod.ts";
import { SUDO_NOPASSWD_USER } from "../../_support/lab/mod.ts";
import { apiTransmit } from "../../_support/api_transmit.ts";
import {
  decisionOf,
  parseStream,
  runWorker,
  tempDir,
  type WorkerName,
} from "../../_support/worker_process.ts";
import { twinClean } from "./_twin_lab.ts";
import { withDeadline } from "../../_support/deadline.ts";

Deno.test({
  name: "an ad hoc apt job: tachyon's worker does what ansible-runner's does",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withDeadline(300_000, "apt worker interop", async () => {
      await using apt = await startAptTwins("aptw");
      const tmp = await tempDir("tachyon_apt_worker_");
      try {
        const key = await Deno.readTextFile(apt.twins.lab.keys.plain);
        const job = async (name: WorkerName, host: LabHost) => {
          const src = join(tmp.path, `src-${name}`);
          await Deno.mkdir(join(src, "inventory"), { recursive: true });
          await Deno.writeTextFile(
            join(src, "inventory", "hosts"),
            `${host.name} ansible_host=${host.address} ansible_port=${host.port} ` +
              "ansible_python_interpreter=/usr/bin/python3\n",
          );
          const stream = await apiTransmit(src, {
            module: "apt",
            module_args: "name=tachyon-hello=1.1 update_cache=yes",
            host_pattern: "all",
            ident: "apt",
            ssh_key: key,
            cmdline: `-u ${SUDO_NOPASSWD_USER.name} --become --diff`,
            envvars: {
              ANSIBLE_HOST_KEY_CHECKING: "False",
              ANSIBLE_SSH_CONTROL_PATH_DIR: join(tmp.path, `cp-${name}`),
            },
          });
          const out = await runWorker(name, join(tmp.path, `w-${name}`), stream);
          const messages = parseStream(out.stdout);
          const events = messages.filter((m) => typeof m.event === "string");
          const result = events.find((e) =>
            ["runner_on_ok", "runner_on_failed", "runner_on_unreachable"].includes(String(e.event))
          );
          const data = result?.event_data as Record<string, unknown> | undefined;
          assert.ok(data, `${name}: no result event: ${new TextDecoder().decode(out.stdout)}`);
          const res = twinClean(data.res as Record<string, unknown>);
          assert.equal(typeof res.cache_update_time, "number", `${name}: ${JSON.stringify(res)}`);
          res.cache_update_time = "<time>";
          const diff = events.find((e) => e.event === "runner_on_file_diff");
          return { code: out.code, messages, event: result!.event, res, diff: diff?.stdout };
        };
        const [theirs, ours] = await Promise.all([
          job("ansible-runner", apt.twins.ansibleHost),
          job("tachyon", apt.twins.tachyonHost),
        ]);
        assert.match(decisionOf(ours.messages), /the ad hoc apt job runs natively/);
        assert.equal(ours.code, theirs.code);
        assert.equal(ours.event, theirs.event);
        assert.deepEqual(ours.res, theirs.res);
        assert.equal(theirs.res.changed, true);
        assert.equal(ours.diff, theirs.diff, "the diff AWX shows");
        assert.match(await apt.state(), /^tachyon-hello ii 1\.1$/m);
      } finally {
        await tmp.remove();
      }
    });
  },
});
