/**
 * The showcase automation (setup, file, copy, lineinfile, blockinfile, link,
 * shell handler, stat, assert, wait_for, fetch) on several real ssh hosts
 * through transmit → worker → process: results on disk, idempotence on the
 * second run, and check mode that changes nothing.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  parseStream,
  processStream,
  runTachyon,
  tempDir,
  transmit,
} from "../_support/worker_process.ts";
import { type SshdFixture, startSshd } from "../_support/sshd.ts";
import { inventoryLines, writeSshPdd } from "../_support/ssh_job.ts";

type Message = Record<string, unknown>;

async function showcaseStream(
  sshd: SshdFixture,
  src: string,
  root: string,
  extraCmdline = "",
): Promise<Uint8Array> {
  await writeSshPdd(src, {
    inventory: `[app]\n${inventoryLines(sshd.hosts).join("\n")}\n`,
    sshKey: await Deno.readTextFile(sshd.keyFile),
    cmdline: `-u ${sshd.user} ${extraCmdline}`,
  });
  await Deno.writeTextFile(
    join(src, "env", "extravars"),
    JSON.stringify({ showcase_root: root, app_port: 9090 }),
  );
  await Deno.writeTextFile(
    join(src, "project", "showcase.yml"),
    "# tachyon-automation: showcase\n- hosts: all\n",
  );
  return await transmit(src, ["-p", "showcase.yml", "-i", "31"]);
}

async function runJob(stream: Uint8Array, pdd: string) {
  const out = await runTachyon(["worker", `--private-data-dir=${pdd}`], { stdin: stream });
  assert.equal(out.stderr, "");
  const messages = parseStream(out.stdout);
  const stats = messages.find((m) => m.event === "playbook_on_stats")?.event_data as Message;
  return { out, messages, stats };
}

Deno.test("ssh: showcase on 3 hosts — files on disk, idempotent second run, check mode changes nothing", async () => {
  const sshd = await startSshd({ hosts: 3 });
  const tmp = await tempDir();
  try {
    const root = join(tmp.path, "root");
    await Deno.mkdir(root);
    await Deno.chmod(tmp.path, 0o755);
    await Deno.chmod(root, 0o777);
    const stream = await showcaseStream(sshd, join(tmp.path, "src"), root);

    const first = await runJob(stream, join(tmp.path, "w1"));
    assert.equal(first.out.code, 0);
    assert.deepEqual(first.stats.failures, {});
    assert.deepEqual(first.stats.dark, {});
    for (const host of sshd.hosts) {
      const dir = join(root, host.name);
      const config = await Deno.readTextFile(join(dir, "app.conf"));
      assert.match(config, /^listen = 0\.0\.0\.0:9090$/m);
      assert.match(config, new RegExp(`^node = ${host.name}$`, "m"));
      assert.equal(await Deno.readTextFile(join(dir, "app.env")), "LOG_LEVEL=info\n");
      assert.equal((await Deno.stat(join(dir, "app.conf"))).mode! & 0o777, 0o644);
      assert.equal(await Deno.readLink(join(dir, "current.conf")), join(dir, "app.conf"));
      assert.match(await Deno.readTextFile(join(dir, "motd")), /managed by tachyon/);
      assert.ok((await Deno.stat(join(dir, "restarted-at"))).isFile, "handler ran");
      const owner = (await Deno.stat(join(dir, "app.conf"))).uid;
      assert.notEqual(owner, 0, "written over ssh as the test user, not by the worker");
    }
    const artifact = first.stats.artifact_data as Message;
    assert.deepEqual(
      (artifact.showcase_restarted as string[]).sort(),
      sshd.hosts.map((h) => h.name).sort(),
    );
    const processed = await processStream(first.out.stdout, join(tmp.path, "p1"), "31");
    assert.equal(processed.code, 0);
    assert.match(processed.stdout, /RUNNING HANDLER \[Restart the app\]/);

    // Same private data dir: the fetched copies from the first run are there too.
    const second = await runJob(stream, join(tmp.path, "w1"));
    assert.equal(second.out.code, 0);
    const changedTasks = second.messages.filter((m) =>
      m.event === "runner_on_ok" && ((m.event_data as Message).res as Message).changed
    ).map((m) =>
      `${(m.event_data as Message).task}: ${JSON.stringify((m.event_data as Message).res)}`
    );
    assert.deepEqual(changedTasks, [], "second run changes nothing");
    assert.deepEqual(second.stats.changed, {}, "second run changes nothing");
    assert.ok(!second.messages.some((m) => String(m.stdout).includes("RUNNING HANDLER")));

    // A dry run with a new port: changes are reported, nothing on disk moves.
    const before = new Map<string, string>();
    for (const host of sshd.hosts) {
      before.set(host.name, await Deno.readTextFile(join(root, host.name, "app.conf")));
    }
    const restartedAt = (await Deno.stat(join(root, sshd.hosts[0].name, "restarted-at"))).mtime;
    const checkStream = await showcaseStream(
      sshd,
      join(tmp.path, "src-check"),
      root,
      "--check -e app_port=9191",
    );
    const check = await runJob(checkStream, join(tmp.path, "w3"));
    const failedTasks = check.messages.filter((m) => m.event === "runner_on_failed").map((m) =>
      `${(m.event_data as Message).task}: ${((m.event_data as Message).res as Message).msg}`
    );
    assert.deepEqual(failedTasks, [], "no task fails in check mode");
    assert.equal(check.out.code, 0);
    assert.deepEqual(
      Object.keys(check.stats.changed as Message).sort(),
      sshd.hosts.map((h) => h.name).sort(),
      "check mode reports the config change",
    );
    for (const host of sshd.hosts) {
      assert.equal(
        await Deno.readTextFile(join(root, host.name, "app.conf")),
        before.get(host.name),
        "check mode wrote nothing",
      );
    }
    assert.deepEqual(
      (await Deno.stat(join(root, sshd.hosts[0].name, "restarted-at"))).mtime,
      restartedAt,
      "the handler did not run for real",
    );
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
});
