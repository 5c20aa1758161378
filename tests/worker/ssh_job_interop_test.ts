/**
 * Jobs over real ssh: transmit → worker → process against sshd on loopback
 * addresses, with the job's ssh_key and `-u` from env/cmdline, and a dead
 * address that must be unreachable (not failed).
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
import { type SshdHost, startSshd } from "../_support/sshd.ts";
import { inventoryLines, writeSshPdd } from "../_support/ssh_job.ts";

type Message = Record<string, unknown>;

async function sshPdd(dir: string, hosts: SshdHost[], key: string) {
  const lines = inventoryLines(hosts);
  await writeSshPdd(dir, {
    inventory: `[web]\n${
      lines.join("\n")
    }\n\n[dead]\nghost ansible_host=127.0.0.254 ansible_port=1\n`,
    sshKey: key,
    cmdline: "-u tachyon-test --forks=10",
  });
  await Deno.writeTextFile(
    join(dir, "project", "main.yml"),
    "# tachyon-automation: main\n- hosts: all\n  tasks: []\n",
  );
}

Deno.test("ssh: ad hoc job on 3 hosts + a dead one → ok ×3, unreachable ×1, dark stats, rc 4", async () => {
  const sshd = await startSshd({ hosts: 3 });
  const tmp = await tempDir();
  try {
    const key = await Deno.readTextFile(sshd.keyFile);
    const src = join(tmp.path, "src");
    await sshPdd(src, sshd.hosts, key);
    const stream = await transmit(src, [
      "-m",
      "shell",
      "-a",
      "echo $SSH_CONNECTION",
      "--hosts",
      "all",
      "-i",
      "21",
    ]);
    const pdd = join(tmp.path, "w");
    const out = await runTachyon(["worker", `--private-data-dir=${pdd}`], { stdin: stream });
    assert.equal(out.stderr, "");
    assert.equal(out.code, 4, "unreachable hosts → rc 4");
    const text = new TextDecoder().decode(out.stdout);
    assert.ok(!text.includes(key.split("\n")[1]), "the key never appears in the stream");
    const messages = parseStream(out.stdout);
    const oks = messages.filter((m) => m.event === "runner_on_ok");
    assert.equal(oks.length, 3);
    for (const ok of oks) {
      const data = ok.event_data as Message;
      const host = sshd.hosts.find((h) => h.name === data.host)!;
      const res = data.res as Message;
      assert.match(
        String(res.stdout),
        new RegExp(` ${host.address.replaceAll(".", "\\.")} ${host.port}$`),
      );
      assert.equal(data.remote_addr, host.address);
    }
    const unreachable = messages.find((m) => m.event === "runner_on_unreachable")!;
    const res = (unreachable.event_data as Message).res as Message;
    assert.match(String(res.msg), /Failed to connect to the host via ssh: .*Connection refused/);
    assert.equal(res.unreachable, true);
    const stats = messages.find((m) => m.event === "playbook_on_stats")!.event_data as Message;
    assert.deepEqual(stats.dark, { ghost: 1 });
    assert.deepEqual(Object.keys(stats.ok as Message).sort(), sshd.hosts.map((h) => h.name).sort());
    assert.ok(messages.some((m) => m.status === "failed"));
    const leftovers = [...Deno.readDirSync(pdd)].map((e) => e.name).filter((n) =>
      n.startsWith(".")
    );
    assert.deepEqual(leftovers, [], "the key file is removed at the end");

    const processed = await processStream(out.stdout, join(tmp.path, "p"), "21");
    assert.equal(processed.code, 0);
    assert.match(processed.stdout, /UNREACHABLE!/);
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
});

Deno.test("ssh: the default automation over ssh (playbook job) reports every reachable host", async () => {
  const sshd = await startSshd({ hosts: 4 });
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await sshPdd(src, sshd.hosts, await Deno.readTextFile(sshd.keyFile));
    const stream = await transmit(src, ["-p", "main.yml", "-i", "22"]);
    const out = await runTachyon(["worker", `--private-data-dir=${tmp.path}/w`], { stdin: stream });
    assert.equal(out.stderr, "");
    const messages = parseStream(out.stdout);
    const stats = messages.find((m) => m.event === "playbook_on_stats")!.event_data as Message;
    assert.deepEqual(
      Object.keys(stats.processed as Message).sort(),
      [
        ...sshd.hosts.map((h) => h.name),
        "ghost",
      ].sort(),
    );
    assert.deepEqual(stats.dark, { ghost: 1 });
    const artifactData = stats.artifact_data as Message;
    assert.deepEqual(artifactData.tachyon_unreachable as string[], ["ghost"]);
    assert.equal(out.code, 4);
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
});

Deno.test("ssh: ad hoc ping, command, raw, script, slurp and debug through the worker", async () => {
  const sshd = await startSshd({ hosts: 2 });
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await sshPdd(src, sshd.hosts, await Deno.readTextFile(sshd.keyFile));
    await Deno.writeTextFile(
      join(src, "project", "hello.sh"),
      '#!/bin/sh\necho "hello $1 from $(id -un)"\n',
    );
    const cases: [string, string, (res: Message) => void][] = [
      ["ping", "", (res) => assert.equal(res.ping, "pong")],
      ["command", "id -un", (res) => assert.equal(res.stdout, sshd.user)],
      ["raw", "echo raw-$((6 * 7))", (res) => assert.match(String(res.stdout), /raw-42/)],
      [
        "script",
        "project/hello.sh world",
        (res) => assert.match(String(res.stdout), new RegExp(`hello world from ${sshd.user}`)),
      ],
      ["slurp", "src=/etc/hostname", (res) => {
        assert.equal(res.encoding, "base64");
        assert.equal(atob(String(res.content)), Deno.readTextFileSync("/etc/hostname"));
      }],
      ["debug", "msg=hi", (res) => assert.equal(res.msg, "hi")],
    ];
    for (const [module, args, check] of cases) {
      const stream = await transmit(src, [
        "-m",
        module,
        ...(args ? ["-a", args] : []),
        "--hosts",
        "web",
        "-i",
        "23",
      ]);
      const out = await runTachyon(["worker", `--private-data-dir=${tmp.path}/w-${module}`], {
        stdin: stream,
      });
      assert.equal(out.code, 0, `${module}: ${new TextDecoder().decode(out.stdout).slice(-800)}`);
      const oks = parseStream(out.stdout).filter((m) => m.event === "runner_on_ok");
      assert.equal(oks.length, sshd.hosts.length, module);
      for (const ok of oks) check((ok.event_data as Message).res as Message);
    }
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
});
