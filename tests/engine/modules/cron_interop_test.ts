/**
 * cron on twin lab hosts, as root through sudo: the real Ansible 2.14 on
 * one, tachyon on the other, the same steps in the same order. Each step's
 * result (whole, the backup file's random name aside), check mode, diff,
 * idempotence (every change is run twice) and the final crontabs (`crontab
 * -l` of root and of another user, a file under `/etc/cron.d`) must match.
 *
 * Both sides drive the lab image's own `crontab` (Debian's cron). Files
 * under `/etc/cron.d` need no crontab at all (Ansible insists on finding
 * one; tachyon does not).
 */
import assert from "node:assert/strict";
import { startLabTwins, type TwinResult, type TwinStepOptions } from "./_twin_lab.ts";
import { KEY_USER } from "../../_support/lab/mod.ts";
import { withDeadline } from "../../_support/deadline.ts";

const BACKUP_NAME = /^\/tmp\/crontab[A-Za-z0-9_]{8}$/;

/** `result` with a backup file's random name replaced. */
function stable(result: TwinResult): TwinResult {
  const out = { ...result };
  if (typeof out.backup_file === "string") {
    assert.match(out.backup_file, BACKUP_NAME);
    out.backup_file = "<backup>";
  }
  return out;
}

Deno.test({
  name: "cron on lab hosts: user crontabs and /etc/cron.d, as Ansible",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withDeadline(300_000, "cron interop", async () => {
      await using twins = await startLabTwins("cron");
      const [crontabA, crontabOurs] = await twins.shell("command -v crontab");
      assert.deepEqual([crontabA, crontabOurs], ["/usr/bin/crontab\n", "/usr/bin/crontab\n"]);

      /** Runs `args` on both hosts, twice when it changes something, and compares. */
      const same = async (args: Record<string, unknown>, options: TwinStepOptions = {}) => {
        const [a, ours] = await twins.both("cron", args, options);
        assert.deepEqual(stable(ours), stable(a), JSON.stringify(args));
        if (a.changed && !options.check) {
          const [again, oursAgain] = await twins.both("cron", args, options);
          assert.equal(again.changed, false, `Ansible is idempotent: ${JSON.stringify(args)}`);
          assert.deepEqual(stable(oursAgain), stable(again), `again: ${JSON.stringify(args)}`);
        }
        return [a, ours];
      };
      const state = async (script: string) => {
        const [a, ours] = await twins.shell(script);
        assert.equal(ours, a, script);
        return ours;
      };

      await t.step({
        name: "root's crontab: add, change with a backup, variables, check mode, remove",
        fn: async () => {
          const nightly = {
            name: "nightly",
            minute: "0",
            hour: "2",
            job: "/usr/local/bin/nightly",
          };
          await same(nightly, { diff: true });
          assert.equal(
            await state("crontab -l"),
            "#Ansible: nightly\n0 2 * * * /usr/local/bin/nightly\n",
          );
          const [a, ours] = await same({ ...nightly, hour: "3", backup: true }, { diff: true });
          const theirBackup = await twins.ansibleHost.run(`cat ${a.backup_file}`);
          const oursBackup = await twins.tachyonHost.run(`cat ${ours.backup_file}`);
          assert.equal(oursBackup.stdout, theirBackup.stdout);
          assert.equal(oursBackup.stdout, "#Ansible: nightly\n0 2 * * * /usr/local/bin/nightly\n");
          await same({ name: "MAILTO", job: "root", env: true }, { diff: true });
          await same({ name: "PATH", job: "/usr/bin:/bin", env: true, insertafter: "MAILTO" });
          await same({ name: "weekly", special_time: "weekly", job: "/bin/true", disabled: true }, {
            check: true,
          });
          await same({ name: "nightly", state: "absent" }, { check: true, diff: true });
          await same({ name: "nightly", state: "absent" }, { diff: true });
          await state("crontab -l");
        },
      });

      await t.step({
        name: "another user's crontab (crontab -u), adopting an unmarked job",
        fn: async () => {
          await same({ name: "k", job: "/bin/true", user: KEY_USER.name }, { diff: true });
          await twins.shell(
            `{ crontab -u ${KEY_USER.name} -l; echo '*/5 * * * * /bin/echo hi'; } > /tmp/k.tab && ` +
              `crontab -u ${KEY_USER.name} /tmp/k.tab`,
          );
          await same({ name: "hi", minute: "*/5", job: "/bin/echo hi", user: KEY_USER.name });
          await same({ name: "k", state: "absent", user: KEY_USER.name }, { diff: true });
          await state(`crontab -u ${KEY_USER.name} -l`);
        },
      });

      await t.step("a file under /etc/cron.d: add, keep, change, check mode, remove", async () => {
        const job = {
          name: "tachyon",
          cron_file: "tachyon-job",
          user: "root",
          minute: "*/5",
          job: "/bin/true",
        };
        await same(job, { diff: true });
        await same({ ...job, cron_file: "/etc/cron.d/tachyon-job", minute: "*/10" }, {
          diff: true,
        });
        await same({ ...job, name: "second", job: "/bin/false", disabled: true });
        await same({ name: "tachyon", cron_file: "tachyon-job", state: "absent" }, { diff: true });
        await same({ name: "second", cron_file: "tachyon-job", state: "absent" }, {
          check: true,
          diff: true,
        });
        await state(
          "ls -l /etc/cron.d/tachyon-job | cut -d' ' -f1,3,4; cat /etc/cron.d/tachyon-job",
        );
        await same({ name: "second", cron_file: "tachyon-job", state: "absent" }, { diff: true });
        await state("ls /etc/cron.d");
      });
    });
  },
});
