/**
 * Lab hosts work as real, isolated targets: every credential shape logs in
 * with the system OpenSSH client (key, key with passphrase, password), sudo
 * with and without a password and su to root work, hosts do not share files,
 * users or hostnames with each other or this machine, real ansible-core
 * reaches them, and stopping (or crashing) leaves no process, mount, veth or
 * dir behind. Last, a measurement (not an assertion) of what N hosts cost.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { deadlineOutput, withDeadline } from "../deadline.ts";
import {
  cleanStaleSessions,
  KEY_PASSPHRASE,
  KEY_USER,
  labCacheDir,
  type LabFiles,
  type LabHost,
  type LabHosts,
  linkExists,
  PASSWORD_USER,
  ROOT_USER,
  startLabHosts,
  SUDO_NOPASSWD_USER,
  SUDO_PASSWORD_USER,
} from "./mod.ts";
import {
  isRunning,
  pidsInNamespace,
  type ProcessId,
  processStartTime,
  startTool,
} from "./process.ts";

const SSH = "/usr/bin/ssh";
const SSHPASS = "/usr/bin/sshpass";
const ANSIBLE = "/usr/bin/ansible";
/** The first start on a machine builds the image (debootstrap: minutes). */
const START_DEADLINE_MS = 25 * 60_000;
const COMMAND_DEADLINE_MS = 90_000;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a client command on this machine with a deadline. */
async function run(
  command: string,
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<Ran> {
  const child = await startTool(command, args, options);
  const out = await deadlineOutput(child, COMMAND_DEADLINE_MS);
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** `ssh … user@host script`, logging in with the lab's plain key. */
function ssh(lab: LabHosts, host: LabHost, user: string, script: string, stdin?: string) {
  return run(SSH, [...lab.sshArgs(host, user), script], { stdin });
}

/** `sshpass -p password ssh … user@host script`: a password login. */
function sshWithPassword(
  lab: LabHosts,
  host: LabHost,
  user: string,
  password: string,
  script: string,
) {
  return run(SSHPASS, [
    "-p",
    password,
    SSH,
    ...lab.sshArgs(host, user, { key: null }),
    "-o",
    "PreferredAuthentications=password",
    script,
  ]);
}

/**
 * What a stopped lab must not leave behind, captured just before it stops:
 * every process of every host (outer `unshare`, and all that runs in the
 * host's pid namespace). A pid namespace dies with its init, so once these are
 * gone nothing of the host runs (its namespace's number may then be reused by
 * any new namespace on this busy machine, so it is no evidence afterwards).
 */
interface Footprint {
  processes: ProcessId[];
  veths: string[];
  dir: string;
}

async function footprint(lab: LabHosts): Promise<Footprint> {
  const processes: ProcessId[] = [];
  for (const host of lab.hosts) {
    for (const pid of await host.pids()) {
      const start = await processStartTime(pid);
      if (start) processes.push({ pid, start });
    }
  }
  return {
    processes,
    veths: lab.hosts.map((host) => host.veth),
    dir: lab.dir,
  };
}

/** Asserts that nothing of a stopped lab remains on this machine. */
async function assertNothingLeft(left: Footprint): Promise<void> {
  for (const id of left.processes) {
    assert.ok(!(await isRunning(id)), `process ${id.pid} of the lab still runs`);
  }
  for (const veth of left.veths) assert.ok(!(await linkExists(veth)), `${veth} still exists`);
  const mounts = await Deno.readTextFile("/proc/self/mountinfo");
  assert.ok(!mounts.includes(left.dir), `a mount under ${left.dir} remains`);
  await Deno.lstat(left.dir).then(
    () => assert.ok(false, `${left.dir} still exists`),
    () => {},
  );
  const sessions = join(labCacheDir(), "sessions");
  for await (const entry of Deno.readDir(sessions)) {
    const text = await Deno.readTextFile(join(sessions, entry.name)).catch(() => "");
    assert.ok(!text.includes(left.dir), `the session entry ${entry.name} remains`);
  }
}

Deno.test("lab hosts: credentials, become, isolation and ansible-core on real targets", async (t) => {
  const marker = `/etc/lab-marker-${crypto.randomUUID().slice(0, 8)}`;
  // Debian's /var/run is a symlink to the absolute /run: placed through it,
  // the file must land in the host's /run, never in this machine's.
  const throughSymlink = `lab-files-${crypto.randomUUID().slice(0, 8)}`;
  const lab = await withDeadline(START_DEADLINE_MS, "startLabHosts", () =>
    startLabHosts({
      count: 2,
      namePrefix: "web",
      files: { [`/var/run/${throughSymlink}`]: "placed\n" },
      // Only web02 lets the key user sudo: per-host files reach sshd and sudo.
      hostFiles: ({ index }): LabFiles =>
        index === 1
          ? {
            "/etc/sudoers.d/lab-key": {
              content: `${KEY_USER.name} ALL=(ALL) NOPASSWD: ALL\n`,
              mode: 0o440,
            },
          }
          : {},
    }));
  const [web01, web02] = lab.hosts;
  let left: Footprint | undefined;
  try {
    await t.step("the key user logs in with the plain key (BatchMode)", async () => {
      const out = await ssh(lab, web01, KEY_USER.name, "whoami; hostname");
      assert.deepEqual(out.stdout, `${KEY_USER.name}\nweb01\n`, out.stderr);
    });

    await t.step("the key user logs in with the passphrase key (sshpass answers)", async () => {
      const out = await run(SSHPASS, [
        "-P",
        "passphrase",
        "-p",
        KEY_PASSPHRASE,
        SSH,
        ...lab.sshArgs(web01, KEY_USER.name, { key: lab.keys.passphrase, batch: false }),
        "whoami",
      ]);
      assert.deepEqual(out.stdout, `${KEY_USER.name}\n`, out.stderr);
    });

    await t.step("a session with a pty (ssh -tt) gets one of the host's own ptys", async () => {
      const out = await run(SSH, ["-tt", ...lab.sshArgs(web01, KEY_USER.name), "tty"]);
      assert.match(out.stdout, /^\/dev\/pts\/\d+\r?\n$/, out.stderr);
    });

    await t.step("the key user has no password login", async () => {
      const out = await sshWithPassword(lab, web01, KEY_USER.name, "anything", "whoami");
      assert.notEqual(out.code, 0);
      assert.deepEqual(out.stdout, "");
    });

    await t.step("the password user logs in with its password, not a wrong one", async () => {
      const out = await sshWithPassword(
        lab,
        web01,
        PASSWORD_USER.name,
        PASSWORD_USER.password!,
        "whoami",
      );
      assert.deepEqual(out.stdout, `${PASSWORD_USER.name}\n`, out.stderr);
      const wrong = await sshWithPassword(lab, web01, PASSWORD_USER.name, "wrong-pw", "whoami");
      assert.notEqual(wrong.code, 0);
      assert.deepEqual(wrong.stdout, "");
    });

    await t.step("the password user has no key login", async () => {
      const out = await ssh(lab, web01, PASSWORD_USER.name, "whoami");
      assert.deepEqual(out.code, 255);
      assert.match(out.stderr, /Permission denied/);
    });

    await t.step("root does not log in over ssh", async () => {
      const out = await sshWithPassword(lab, web01, "root", ROOT_USER.password!, "whoami");
      assert.notEqual(out.code, 0);
      assert.deepEqual(out.stdout, "");
    });

    await t.step("the NOPASSWD sudoer: sudo -n whoami is root", async () => {
      const out = await ssh(lab, web01, SUDO_NOPASSWD_USER.name, "sudo -n whoami");
      assert.deepEqual(out.stdout, "root\n", out.stderr);
    });

    await t.step("the password sudoer: sudo -S with its password is root", async () => {
      const user = SUDO_PASSWORD_USER.name;
      const none = await ssh(lab, web01, user, "sudo -n whoami");
      assert.notEqual(none.code, 0);
      assert.match(none.stderr, /password is required/);
      const ok = await ssh(
        lab,
        web01,
        user,
        "sudo -S -p '' whoami",
        `${SUDO_PASSWORD_USER.password}\n`,
      );
      assert.deepEqual(ok.stdout, "root\n", ok.stderr);
      const wrong = await ssh(lab, web02, user, "sudo -S -p '' whoami", "wrong-pw\n");
      assert.notEqual(wrong.code, 0);
      assert.deepEqual(wrong.stdout, "");
    });

    await t.step("su with root's password is root, not with a wrong one", async () => {
      const ok = await ssh(
        lab,
        web01,
        KEY_USER.name,
        "su -c whoami root",
        `${ROOT_USER.password}\n`,
      );
      assert.deepEqual(ok.stdout, "root\n", ok.stderr);
      const wrong = await ssh(lab, web01, KEY_USER.name, "su -c whoami root", "wrong-pw\n");
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.stderr, /Authentication failure/);
    });

    await t.step("files written under sudo belong to root, others to the user", async () => {
      const user = SUDO_NOPASSWD_USER.name;
      const out = await ssh(lab, web01, user, `touch ~/mine && sudo -n touch ${marker}`);
      assert.deepEqual(out.code, 0, out.stderr);
      assert.deepEqual(await web01.fileOwner(`/home/${user}/mine`), `${user}:${user}`);
      assert.deepEqual(await web01.fileOwner(marker), "root:root");
      assert.deepEqual((await Deno.stat(await web01.path(marker))).uid, 0);
      const asUser = await web01.run("whoami; touch /tmp/by-run", { user: KEY_USER.name });
      assert.deepEqual(asUser.stdout, `${KEY_USER.name}\n`);
      assert.deepEqual(await web01.fileOwner("/tmp/by-run"), `${KEY_USER.name}:${KEY_USER.name}`);
    });

    await t.step("hosts are isolated from each other and from this machine", async () => {
      assert.deepEqual((await web01.run(`test -e ${marker}`, { allowFailure: true })).code, 0);
      assert.deepEqual((await web02.run(`test -e ${marker}`, { allowFailure: true })).code, 1);
      await Deno.lstat(marker).then(
        () => assert.ok(false, `${marker} is on this machine`),
        () => {},
      );
      for (const user of [KEY_USER, PASSWORD_USER, SUDO_NOPASSWD_USER, SUDO_PASSWORD_USER]) {
        for (const key of [user.name, String(user.uid)]) {
          const here = await run("/usr/bin/getent", ["passwd", key]);
          assert.deepEqual(here.code, 2, `${key} (${user.name}) is a user of this machine`);
        }
        const there = await web01.run(`id -u ${user.name}`);
        assert.deepEqual(there.stdout, `${user.uid}\n`);
      }
      const names = [
        (await ssh(lab, web01, KEY_USER.name, "hostname")).stdout.trim(),
        (await ssh(lab, web02, KEY_USER.name, "hostname")).stdout.trim(),
      ];
      assert.deepEqual(names, ["web01", "web02"]);
      assert.ok(!names.includes(Deno.hostname()), "a lab host has this machine's hostname");
      const init = await web01.run(
        "cat /proc/1/cmdline | tr '\\0' ' '; echo; ps -e -o pid= | wc -l",
      );
      assert.match(init.stdout, /^\/bin\/sh \/usr\/local\/sbin\/lab-init/);
      assert.ok(
        Number(init.stdout.split("\n")[1]) < 20,
        `web01 sees many processes:\n${init.stdout}`,
      );
    });

    await t.step("files follow the host's own symlinks, never this machine's", async () => {
      const placed = await web01.run(`cat /run/${throughSymlink}`);
      assert.deepEqual(placed.stdout, "placed\n");
      await Deno.lstat(`/run/${throughSymlink}`).then(
        () => assert.ok(false, `/run/${throughSymlink} was written on this machine`),
        () => {},
      );
      assert.deepEqual(await web01.path("/var/run/x"), `/proc/${web01.initPid}/root/run/x`);
    });

    await t.step("per-host files: only web02 lets the key user sudo", async () => {
      const one = await ssh(lab, web01, KEY_USER.name, "sudo -n whoami");
      assert.notEqual(one.code, 0);
      const two = await ssh(lab, web02, KEY_USER.name, "sudo -n whoami");
      assert.deepEqual(two.stdout, "root\n", two.stderr);
    });

    await t.step("real ansible-core reaches every host: ping → pong", async () => {
      const home = await Deno.makeTempDir({ prefix: "tachyon-lab-ansible-" });
      try {
        const out = await run(ANSIBLE, [
          "all",
          "-i",
          `${web01.address},${web02.address},`,
          "-u",
          KEY_USER.name,
          "--private-key",
          lab.keys.plain,
          "-e",
          "ansible_python_interpreter=/usr/bin/python3",
          "-m",
          "ping",
        ], {
          env: {
            HOME: home,
            ANSIBLE_HOST_KEY_CHECKING: "False",
            ANSIBLE_SSH_ARGS: "-o ControlMaster=no -o UserKnownHostsFile=/dev/null",
            ANSIBLE_LOCAL_TEMP: join(home, "tmp"),
            ANSIBLE_NOCOLOR: "1",
          },
        });
        for (const host of [web01, web02]) {
          assert.match(
            out.stdout,
            new RegExp(`${host.address.replaceAll(".", "\\.")} \\| SUCCESS`),
          );
        }
        assert.deepEqual(out.stdout.match(/"ping": "pong"/g)?.length, 2, out.stdout + out.stderr);
      } finally {
        await Deno.remove(home, { recursive: true });
      }
    });
  } finally {
    left = await footprint(lab);
    await lab.stop();
  }
  await t.step("stop() leaves no process, mount, veth, dir or session entry", async () => {
    await assertNothingLeft(left!);
  });
});

/** A test process that starts one host, prints what it made, then waits to be killed. */
const CRASHING_OWNER = `
import { startLabHosts } from ${JSON.stringify(new URL("./mod.ts", import.meta.url).href)};
const lab = await startLabHosts({ count: 1, namePrefix: "crash" });
const [host] = lab.hosts;
console.log(JSON.stringify({ dir: lab.dir, veth: host.veth, pids: await host.pids(), pidNs: host.namespaces.pid }));
await new Promise(() => {});
`;

Deno.test("lab hosts: a crashed run's hosts and files are cleaned at the next start", async () => {
  const scratch = await Deno.makeTempDir({ prefix: "tachyon-lab-crash-test-" });
  const script = join(scratch, "owner.ts");
  await Deno.writeTextFile(script, CRASHING_OWNER);
  const owner = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-lock", script],
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const reader = owner.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    await withDeadline(START_DEADLINE_MS, "the crashing owner's host", async () => {
      while (!text.includes("\n")) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the owner exited: ${text}`);
        text += chunk.value;
      }
    });
    const made: { dir: string; veth: string; pids: number[]; pidNs: string } = JSON.parse(text);
    // Freeze the host so it cannot notice its owner's death by itself (the
    // end of its init's stdin): the next start must find it and kill it.
    const processes: ProcessId[] = [];
    const inside = await pidsInNamespace("pid", made.pidNs);
    for (const pid of new Set([...made.pids, ...inside])) {
      processes.push({ pid, start: (await processStartTime(pid))! });
      if (inside.includes(pid)) Deno.kill(pid, "SIGSTOP");
    }
    owner.kill("SIGKILL");
    await owner.status;
    assert.ok(await linkExists(made.veth), "the frozen host lost its veth");
    assert.ok((await Deno.stat(made.dir)).isDirectory);

    const next = await withDeadline(
      START_DEADLINE_MS,
      "the next start",
      () => startLabHosts({ count: 1, namePrefix: "next" }),
    );
    await next.stop();
    await assertNothingLeft({
      processes,
      veths: [made.veth],
      dir: made.dir,
    });
  } finally {
    // Whatever failed, nothing of the crashed run may stay frozen here.
    try {
      owner.kill("SIGKILL");
    } catch {
      // already killed
    }
    await owner.status;
    await owner.stdout.cancel().catch(() => {});
    await cleanStaleSessions();
    await Deno.remove(scratch, { recursive: true });
  }
});

/** The memory of a set of processes: resident (sum of VmRSS) and proportional (sum of Pss). */
async function memoryOf(pids: number[]): Promise<{ rssKiB: number; pssKiB: number }> {
  let rssKiB = 0;
  let pssKiB = 0;
  for (const pid of pids) {
    const status = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => "");
    rssKiB += Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
    const rollup = await Deno.readTextFile(`/proc/${pid}/smaps_rollup`).catch(() => "");
    pssKiB += Number(rollup.match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
  }
  return { rssKiB, pssKiB };
}

async function memAvailableKiB(): Promise<number> {
  const info = await Deno.readTextFile("/proc/meminfo");
  return Number(info.match(/^MemAvailable:\s+(\d+)/m)?.[1]);
}

Deno.test("lab hosts: what N hosts cost (measurement, TACHYON_LAB_MEASURE_HOSTS, default 50)", async () => {
  const count = Number(Deno.env.get("TACHYON_LAB_MEASURE_HOSTS") || 50);
  // The image and bridge exist before the clock starts.
  await withDeadline(START_DEADLINE_MS, "warm-up", async () => {
    const warm = await startLabHosts({ count: 1 });
    await warm.stop();
  });
  const before = await memAvailableKiB();
  const started = performance.now();
  const lab = await withDeadline(
    START_DEADLINE_MS,
    `startLabHosts(${count})`,
    () => startLabHosts({ count, namePrefix: "m" }),
  );
  const startMs = performance.now() - started;
  let left: Footprint | undefined;
  try {
    left = await footprint(lab);
    const after = await memAvailableKiB();
    const perHost = await Promise.all(lab.hosts.map(async (host) => memoryOf(await host.pids())));
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    for (const host of [lab.hosts[0], lab.hosts[count - 1]]) {
      const out = await ssh(lab, host, KEY_USER.name, "hostname");
      assert.deepEqual(out.stdout, `${host.name}\n`, out.stderr);
    }
    const stopStarted = performance.now();
    await lab.stop();
    const stopMs = performance.now() - stopStarted;
    console.log(
      [
        `lab measurement: ${count} hosts`,
        `  start: ${Math.round(startMs)} ms total, ${Math.round(startMs / count)} ms per host`,
        `  stop: ${Math.round(stopMs)} ms total`,
        `  per host: RSS sum ${Math.round(mean(perHost.map((m) => m.rssKiB)))} KiB, ` +
        `PSS sum ${Math.round(mean(perHost.map((m) => m.pssKiB)))} KiB ` +
        `(${(left.processes.length / count).toFixed(1)} processes)`,
        `  MemAvailable: ${Math.round(before / 1024)} MiB before, ${
          Math.round(after / 1024)
        } MiB after, ` +
        `${Math.round((before - after) / count)} KiB per host`,
      ].join("\n"),
    );
  } finally {
    await lab.stop();
  }
  await assertNothingLeft(left!);
});
