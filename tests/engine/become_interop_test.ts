/**
 * Become through the automation API on a lab host: a play-level `become`,
 * tasks that override it (another become user, `become: false`), the host's
 * `ansible_become_user` over the task's, and every module that touches the target running
 * as the become user (files it writes belong to that user). One login per
 * host and become identity, however many tasks: the host's sshd log counts
 * them.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defineAutomation } from "../../mod.ts";
import { runAutomation } from "../../src/engine/run.ts";
import { loadInventory } from "../../src/engine/inventory/mod.ts";
import type { HostResultInfo, RunObserver } from "../../src/engine/observer.ts";
import { KEY_USER, startLabHosts, SUDO_NOPASSWD_USER } from "../_support/lab/mod.ts";
import { SYSTEM_PATH } from "./_support.ts";

Deno.test("become on a lab host: precedence, every module as the become user, one login per identity", async () => {
  await using lab = await startLabHosts({ count: 1, namePrefix: "become" });
  const [host] = lab.hosts;
  const dir = await Deno.makeTempDir({ prefix: "tachyon_become_test_" });
  try {
    await Deno.writeTextFile(
      join(dir, "hosts"),
      `${host.name} ansible_host=${host.address} ansible_user=${SUDO_NOPASSWD_USER.name} ` +
        `ansible_ssh_private_key_file=${lab.keys.plain} ansible_host_key_checking=false\n` +
        // The same host under another name, whose ansible_become_user beats the task's.
        `${host.name}-alias ansible_host=${host.address} ansible_user=${SUDO_NOPASSWD_USER.name} ` +
        `ansible_ssh_private_key_file=${lab.keys.plain} ansible_host_key_checking=false ` +
        `ansible_become_user=${KEY_USER.name}\n`,
    );
    await Deno.writeTextFile(join(dir, "script.sh"), "#!/bin/sh\nid -un\n");
    const results: HostResultInfo[] = [];
    const observer: RunObserver = {
      playStart() {},
      taskStart() {},
      hostStart() {},
      hostResult: (_task, r) => results.push(r),
      message() {},
    };
    const automation = defineAutomation({
      name: "become",
      async run(ctx) {
        await ctx.play("host vars first", `${host.name}-alias`, async (play) => {
          await play.command("id -un", { name: "host var user", becomeUser: "root" });
        }, { become: true });
        await ctx.play("as root", host.name, async (play) => {
          await play.command("id -un", { name: "root by the play" });
          await play.command("id -un", { name: "task user", becomeUser: KEY_USER.name });
          await play.command("id -un", { name: "no become", become: false });
          await play.shell("id -un", { name: "shell" });
          await play.task("raw", { _raw_params: "id -un" }, { name: "raw" });
          await play.task("script", { _raw_params: join(dir, "script.sh") }, { name: "script" });
          await play.task("copy", { content: "root's\n", dest: "/root/become.txt", mode: "0600" }, {
            name: "copy",
          });
          await play.task("file", { path: "/opt/become", state: "directory" }, { name: "file" });
          await play.task("lineinfile", { path: "/etc/become.conf", line: "a=1", create: true }, {
            name: "lineinfile",
          });
          await play.task("blockinfile", { path: "/etc/become.conf", block: "b=2" }, {
            name: "blockinfile",
          });
          await play.task("stat", { path: "/root/become.txt" }, { name: "stat" });
          await play.task("slurp", { src: "/root/become.txt" }, { name: "slurp" });
          await play.task(
            "fetch",
            { src: "/root/become.txt", dest: `${dir}/fetched`, flat: true },
            {
              name: "fetch",
            },
          );
          await play.task("wait_for", { path: "/root/become.txt", timeout: 5 }, {
            name: "wait_for",
          });
          await play.task("setup", { gather_subset: ["min"] }, { name: "setup" });
          await play.ping({ name: "ping" });
          await play.task("copy", { content: "key's\n", dest: "/tmp/key.txt" }, {
            name: "copy as the key user",
            becomeUser: KEY_USER.name,
          });
        }, { become: true });
      },
    });
    const summary = await runAutomation(automation, {
      inventory: await loadInventory([join(dir, "hosts")]),
      extraVars: {},
      signal: new AbortController().signal,
      observer,
      env: { PATH: SYSTEM_PATH },
      controller: { projectDir: dir, privateDataDir: dir },
    });
    const failed = results.filter((r) => r.outcome === "failed" || r.outcome === "unreachable");
    assert.deepEqual(failed.map((r) => r.result), [], "every task ran");
    assert.equal(summary.rc, 0);
    assert.equal(results[0].result.stdout, KEY_USER.name, "ansible_become_user beats the task");
    const byTask = (index: number) => results[index + 1].result;
    assert.equal(byTask(0).stdout, "root");
    assert.equal(byTask(1).stdout, KEY_USER.name);
    assert.equal(byTask(2).stdout, SUDO_NOPASSWD_USER.name);
    assert.equal(byTask(3).stdout, "root");
    assert.match(String(byTask(4).stdout), /^root\r?\n?$/);
    assert.match(String(byTask(5).stdout), /^root\r?\n?$/);
    assert.equal(await host.fileOwner("/root/become.txt"), "root:root");
    assert.equal(await host.fileOwner("/opt/become"), "root:root");
    assert.equal(await host.fileOwner("/etc/become.conf"), "root:root");
    assert.equal((byTask(10).stat as Record<string, unknown>).pw_name, "root");
    assert.equal(atob(String(byTask(11).content)), "root's\n");
    assert.equal(await Deno.readTextFile(`${dir}/fetched`), "root's\n");
    const facts = byTask(14).ansible_facts as Record<string, unknown>;
    assert.equal(facts.ansible_user_id, "root");
    assert.equal(await host.fileOwner("/tmp/key.txt"), `${KEY_USER.name}:${KEY_USER.name}`);

    // Three identities (plain, root, the key user) and the alias's one: four logins, not one per task.
    const logins = (await host.logs()).split("\n").filter((l) => /Accepted publickey/.test(l));
    assert.equal(logins.length, 4, logins.join("\n"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
