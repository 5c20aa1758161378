/**
 * Test support: lab hosts whose pid 1 is systemd, for the `systemd` and
 * `service` modules. Their lower layer is the lab image's `systemd` flavour
 * (`ensureLabImage({ flavour: "systemd" })`: the lab recipe plus `systemd`
 * and `systemd-sysv`, debootstrapped from the Debian mirror, nothing taken
 * from this machine), under a small layer made per run that masks the units
 * that would reach outside the host (gettys on the real ttys, the audit
 * socket, sysctl, pstore, binfmt, module loading) and keeps journald off
 * the kernel log and console.
 *
 * Each host is like a lab host (`tests/_support/lab/host.ts`: overlay, own
 * mount, pid, uts, ipc and network namespaces, a veth on the lab bridge)
 * plus what systemd needs to stay inside it, measured: a cgroup namespace
 * rooted at a cgroup of its own (`<cgroup2 mount>/tachyon-lab-sd-<pid>-*`,
 * removed at stop), cgroup2 mounted read-write at `/sys/fs/cgroup`,
 * `/proc/sys` and `/proc/sysrq-trigger` read-only, `container=tachyon-lab`
 * and a bounding set without `CAP_SYS_MODULE`, `CAP_SYS_TIME`,
 * `CAP_SYS_RAWIO`, the audit and MAC capabilities. Without the cgroup
 * namespace systemd boots too, but makes its cgroups in this machine's own
 * hierarchies; with `/proc/sys` writable it raises this machine's
 * `fs.file-max` and applies its `sysctl.d`.
 *
 * A watcher `sh` holds the host: when the test process ends (even SIGKILLed)
 * its stdin closes and it SIGKILLs `unshare`, whose `--kill-child` kills
 * systemd and with it the namespace.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { ensureLabImage, type LabImage, SUDO_NOPASSWD_USER } from "../../_support/lab/mod.ts";
import {
  createHostLink,
  deleteHostLink,
  ensureBridge,
  LAB_PREFIX,
  linkGoneWithin,
} from "../../_support/lab/network.ts";
import {
  childrenOf,
  isRunning,
  type ProcessId,
  processStartTime,
  runTool,
  TOOL_ENV,
  type ToolOutput,
} from "../../_support/lab/process.ts";
import { pollUntil } from "../../_support/deadline.ts";

const START_DEADLINE_MS = 90_000;

/** Units masked in the layer: they would touch this machine (ttys, kernel state) or the network. */
const MASKED_UNITS = [
  "console-getty.service",
  "getty@.service",
  "getty-static.service",
  "container-getty@.service",
  "serial-getty@.service",
  "systemd-journald-audit.socket",
  "systemd-sysctl.service",
  "systemd-pstore.service",
  "systemd-binfmt.service",
  "proc-sys-fs-binfmt_misc.automount",
  "proc-sys-fs-binfmt_misc.mount",
  "systemd-modules-load.service",
  "kmod-static-nodes.service",
  "modprobe@.service",
  "systemd-random-seed.service",
  "systemd-remount-fs.service",
  "systemd-hwdb-update.service",
  "systemd-firstboot.service",
  "hwclock.service",
  "e2scrub_reap.service",
  "e2scrub_all.timer",
  "fstrim.timer",
  "apt-daily.timer",
  "apt-daily-upgrade.timer",
  "dpkg-db-backup.timer",
  "sys-kernel-debug.mount",
  "sys-kernel-tracing.mount",
  "sys-kernel-config.mount",
  "sys-fs-fuse-connections.mount",
  "dev-hugepages.mount",
  "dev-mqueue.mount",
];

/** Capabilities the hosts' systemd never gets. */
const DROPPED_CAPS = [
  "sys_module",
  "sys_rawio",
  "sys_time",
  "sys_pacct",
  "audit_control",
  "audit_read",
  "mac_admin",
  "mac_override",
  "syslog",
  "wake_alarm",
  "block_suspend",
  "bpf",
  "perfmon",
];

/** journald's settings on the hosts: nothing to this machine's kernel log or console. */
const JOURNALD_CONF = "[Journal]\nReadKMsg=no\nForwardToKMsg=no\nForwardToConsole=no\n";

/**
 * Runs as pid 1 of the host's namespaces (before systemd): mounts, then
 * systemd, or (`$5` = `shell`) a shell that runs sshd and reaps orphans.
 */
const SETUP_SCRIPT = `set -eu
rootfs=$1 layer=$2 dir=$3 name=$4 init=$5
m=$dir/merged
mount -t overlay overlay -o "lowerdir=$layer:$rootfs,upperdir=$dir/upper,workdir=$dir/work" "$m"
mount -t proc -o nosuid,nodev,noexec proc "$m/proc"
mount --bind "$m/proc/sys" "$m/proc/sys"
mount -o remount,bind,ro,nosuid,nodev,noexec "$m/proc/sys"
if [ -e "$m/proc/sysrq-trigger" ]; then
  mount --bind "$m/proc/sysrq-trigger" "$m/proc/sysrq-trigger"
  mount -o remount,bind,ro "$m/proc/sysrq-trigger"
fi
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$m/sys"
mount -t cgroup2 -o rw,nosuid,nodev,noexec cgroup2 "$m/sys/fs/cgroup"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "$m/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$m/dev/shm"
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$m/run"
printf '%s' "$name" > /proc/sys/kernel/hostname
cd "$m"
pivot_root . .
umount -l .
if [ "$init" = shell ]; then
  exec </dev/null >/dev/null 2>&1
  exec /bin/sh -c 'mkdir -p -m 755 /run/sshd; /usr/sbin/sshd -D -e & while :; do wait || :; sleep 1; done'
fi
exec /usr/bin/setpriv --bounding-set ${DROPPED_CAPS.map((c) => `-${c}`).join(",")} \\
  /usr/bin/env -i container=tachyon-lab PATH=/usr/sbin:/usr/bin:/sbin:/bin \\
  /lib/systemd/systemd --log-target=journal
`;

/** On this machine: puts \`unshare\` in the host's cgroup, then waits for the end of stdin. */
const WATCHER_SCRIPT = `cg=$1 log=$2; shift 2
/bin/sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' join "$cg" \\
  /usr/bin/unshare --cgroup --mount --pid --uts --net --ipc --fork --propagation private --kill-child \\
  "$@" </dev/null >"$log" 2>&1 &
u=$!
echo "unshare $u"
while read -r _; do :; done
kill -KILL "$u" 2>/dev/null
wait "$u" 2>/dev/null
exit 0
`;

/**
 * A systemd host could not be made here (what is missing is named).
 *
 * @example
 * ```ts
 * throw new SystemdHostError("no cgroup2 file system is mounted on this machine");
 * ```
 */
export class SystemdHostError extends Error {
  override name = "SystemdHostError";
}

/**
 * One running systemd host.
 *
 * @example
 * ```ts
 * const up = (await host.run("systemctl is-system-running")).stdout; // "running\n"
 * ```
 */
export interface SystemdHost {
  /** Inventory name and hostname. */
  readonly name: string;
  /** Its address on the lab bridge. */
  readonly address: string;
  /** sshd's port. */
  readonly port: number;
  /** systemd's pid as this machine sees it. */
  readonly initPid: number;
  /** Runs `/bin/sh -c script` on the host as root (nsenter, no ssh). */
  run(script: string): Promise<ToolOutput>;
  /** The host's `journalctl` and boot output, for failure messages. */
  logs(): Promise<string>;
}

/**
 * Running systemd hosts.
 *
 * @example
 * ```ts
 * await using lab: SystemdHosts = await startSystemdHosts({ count: 1, prefix: "sd" });
 * ```
 */
export interface SystemdHosts extends AsyncDisposable {
  /** The hosts, in order. */
  readonly hosts: readonly SystemdHost[];
  /** The lab image (keys, users). */
  readonly image: LabImage;
  /** Stops every host and removes what it left; idempotent. */
  stop(): Promise<void>;
}

/**
 * Options of {@linkcode startSystemdHosts}.
 *
 * @example
 * ```ts
 * const options: SystemdHostsOptions = { count: 2, prefix: "sd", files: { "/etc/motd": "hi\n" } };
 * ```
 */
export interface SystemdHostsOptions {
  /** How many hosts (named `prefix01`, `prefix02`, …). */
  count: number;
  /** The names' prefix. */
  prefix: string;
  /** Files by absolute path under `/etc` or `/usr/local`, on every host before systemd starts. */
  files?: Record<string, string | { content: string; mode: number }>;
  /** systemd installed but not running: pid 1 is a shell (as on the lab's hosts) running sshd. */
  offline?: boolean;
}

/** The cgroup2 mount point and this process's cgroup in it. */
async function cgroup2(): Promise<{ mount: string; own: string }> {
  const mounts = await Deno.readTextFile("/proc/self/mountinfo");
  const line = mounts.split("\n").find((l) => / - cgroup2 /.test(l));
  if (!line) throw new SystemdHostError("no cgroup2 file system is mounted on this machine");
  const mount = line.split(" ")[4];
  const own = /^0::(.*)$/m.exec(await Deno.readTextFile("/proc/self/cgroup"))?.[1] ?? "/";
  return { mount, own: join(mount, own) };
}

/** Removes a cgroup tree (deepest first) once its processes are gone. */
async function removeCgroup(path: string): Promise<boolean> {
  return await pollUntil(async () => {
    try {
      const dirs: string[] = [];
      const walk = async (dir: string) => {
        for await (const entry of Deno.readDir(dir)) {
          if (entry.isDirectory) await walk(join(dir, entry.name));
        }
        dirs.push(dir);
      };
      await walk(path);
      for (const dir of dirs) await Deno.remove(dir);
      return true;
    } catch (error) {
      return error instanceof Deno.errors.NotFound;
    }
  }, 15_000);
}

/** Removes `tachyon-lab-sd-<pid>-*` cgroups a killed test process left (its pid gone, the cgroup empty). */
async function removeStaleCgroups(mount: string): Promise<void> {
  for await (const entry of Deno.readDir(mount)) {
    const owner = /^tachyon-lab-sd-(\d+)-/.exec(entry.name)?.[1];
    if (!entry.isDirectory || owner === undefined) continue;
    if (await Deno.stat(`/proc/${owner}`).then(() => true, () => false)) continue;
    const procs = await Deno.readTextFile(join(mount, entry.name, "cgroup.procs")).catch(() => "x");
    if (procs.trim() === "") await removeCgroup(join(mount, entry.name)).catch(() => false);
  }
}

/** Removes the dirs of systemd hosts whose test process is gone (SIGKILLed: its hosts died with it). */
async function removeStaleDirs(): Promise<void> {
  const tmp = Deno.env.get("TMPDIR") || "/tmp";
  for await (const entry of Deno.readDir(tmp)) {
    if (!entry.isDirectory || !entry.name.startsWith("tachyon-sd-")) continue;
    const dir = join(tmp, entry.name);
    try {
      const owner: ProcessId = JSON.parse(await Deno.readTextFile(join(dir, "owner.json")));
      if (await isRunning(owner)) continue;
    } catch {
      continue; // being made, or not ours
    }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** A path under `/etc` or `/usr/local` with no symlink in the lower layers (else the upper dir would hide it). */
async function upperPath(lowers: string[], upper: string, path: string): Promise<string> {
  if (!/^\/(etc|usr\/local)\//.test(path)) {
    throw new SystemdHostError(`files go under /etc or /usr/local, not ${path}`);
  }
  const parts = path.split("/").filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    for (const lower of lowers) {
      const info = await Deno.lstat(join(lower, ...parts.slice(0, i))).catch(() => undefined);
      if (info?.isSymlink) throw new SystemdHostError(`${path}: a symlink on the way`);
    }
  }
  return join(upper, ...parts);
}

/**
 * Makes the per-run layer in `dir/layer`: the masked units (links to
 * `/dev/null`) and journald's settings, above the image's rootfs.
 */
async function buildLayer(dir: string): Promise<string> {
  const layer = join(dir, "layer");
  const units = join(layer, "etc", "systemd", "system");
  const journald = join(layer, "etc", "systemd", "journald.conf.d");
  await Deno.mkdir(units, { recursive: true });
  await Deno.mkdir(journald, { recursive: true });
  for (const unit of MASKED_UNITS) await Deno.symlink("/dev/null", join(units, unit));
  await Deno.writeTextFile(join(journald, "tachyon-lab.conf"), JOURNALD_CONF);
  return layer;
}

interface Started {
  host: SystemdHost;
  stop(): Promise<void>;
}

async function startOne(
  image: LabImage,
  layer: string,
  dir: string,
  name: string,
  files: SystemdHostsOptions["files"],
  offline = false,
): Promise<Started> {
  const { mount, own } = await cgroup2();
  const cgroup = join(
    mount,
    `tachyon-lab-sd-${Deno.pid}-${name}-${crypto.randomUUID().slice(0, 8)}`,
  );
  for (const sub of ["upper", "work", "merged"]) {
    await Deno.mkdir(join(dir, sub), { recursive: true });
  }
  const all = {
    "/etc/hostname": `${name}\n`,
    "/etc/hosts": `127.0.0.1\tlocalhost\n127.0.1.1\t${name}\n::1\tlocalhost\n`,
    // Its own (the image's is the same on every host).
    "/etc/machine-id": `${crypto.randomUUID().replaceAll("-", "")}\n`,
    ...files,
  };
  for (const [path, spec] of Object.entries(all)) {
    const target = await upperPath([layer, image.rootfs], join(dir, "upper"), path);
    await Deno.mkdir(dirname(target), { recursive: true });
    const { content, mode } = typeof spec === "string" ? { content: spec, mode: 0o644 } : spec;
    await Deno.writeTextFile(target, content);
    await Deno.chmod(target, mode);
  }
  await Deno.mkdir(cgroup);
  const log = join(dir, "boot.log");
  const watcher = new Deno.Command("/bin/sh", {
    args: [
      "-c",
      WATCHER_SCRIPT,
      "watch",
      cgroup,
      log,
      "/bin/sh",
      "-c",
      SETUP_SCRIPT,
      "setup",
      image.rootfs,
      layer,
      dir,
      name,
      offline ? "shell" : "systemd",
    ],
    clearEnv: true,
    env: TOOL_ENV,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const stdin = watcher.stdin.getWriter();
  const reader = watcher.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let veth: string | undefined;
  let initPid = 0;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      if (veth) await deleteHostLink(veth);
      await stdin.close().catch(() => {});
      await watcher.status;
      reader.cancel().catch(() => {});
      const left: string[] = [];
      if (!(await removeCgroup(cgroup))) left.push(`its cgroup ${cgroup} is not empty`);
      if (veth && !(await linkGoneWithin(veth, 10_000))) left.push(`${veth} outlived it`);
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      if (left.length) throw new SystemdHostError(`${name}: ${left.join("; ")}`);
    })();
  try {
    const first = await reader.read();
    const unshare = Number(/^unshare (\d+)/.exec(first.value ?? "")?.[1]);
    if (!unshare) throw new SystemdHostError(`${name}: the watcher did not start unshare`);
    await pollUntil(async () => (initPid = (await childrenOf(unshare))[0] ?? 0) !== 0, 10_000);
    if (!initPid) {
      throw new SystemdHostError(
        `${name}: no init: ${await Deno.readTextFile(log).catch(() => "")}`,
      );
    }
    await Deno.writeTextFile(join(own, "cgroup.procs"), `${unshare}\n`).catch(() => {});
    const link = await createHostLink(initPid);
    veth = link.veth;
    await runTool("/usr/bin/nsenter", [
      "--target",
      String(initPid),
      "--net",
      "--",
      "/usr/sbin/ip",
      "-batch",
      "-",
    ], {
      stdin: `link set lo up\naddr add ${link.address}/${LAB_PREFIX} dev eth0\nlink set eth0 up\n`,
    });
    const host: SystemdHost = {
      name,
      address: link.address,
      port: 22,
      initPid,
      run: (script) =>
        runTool("/usr/bin/nsenter", [
          "--target",
          String(initPid),
          "--mount",
          "--uts",
          "--ipc",
          "--net",
          "--pid",
          "--cgroup",
          "--root",
          "--wd",
          "--",
          "/bin/sh",
          "-c",
          script,
        ], { allowFailure: true }),
      logs: async () =>
        `${await Deno.readTextFile(log).catch(() => "")}\n${
          (await host.run("journalctl -b --no-pager 2>&1 | tail -n 80")).stdout
        }`,
    };
    let died = false;
    const up = await pollUntil(
      async () => {
        if (!(await Deno.stat(`/proc/${initPid}`).then(() => true, () => false))) {
          return died = true;
        }
        try {
          (await Deno.connect({ hostname: link.address, port: 22 })).close();
          return true;
        } catch {
          return false;
        }
      },
      START_DEADLINE_MS,
      100,
    );
    if (!up || died) {
      throw new SystemdHostError(`${name}: sshd did not listen\n${await host.logs()}`);
    }
    return { host, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

/**
 * Starts `count` systemd hosts (see the module docs). Needs root and the lab
 * image's `systemd` flavour (built on first use, from the Debian mirror);
 * fails with the reason when it cannot be had.
 *
 * @example
 * ```ts
 * await using lab = await startSystemdHosts({ count: 2, prefix: "sd" });
 * console.log((await lab.hosts[0].run("systemctl is-system-running")).stdout);
 * ```
 */
export async function startSystemdHosts(options: SystemdHostsOptions): Promise<SystemdHosts> {
  const image = await ensureLabImage({ flavour: "systemd" });
  await ensureBridge();
  await removeStaleCgroups((await cgroup2()).mount);
  await removeStaleDirs();
  const dir = await Deno.makeTempDir({ prefix: "tachyon-sd-" });
  const owner: ProcessId = { pid: Deno.pid, start: (await processStartTime(Deno.pid)) ?? "" };
  await Deno.writeTextFile(join(dir, "owner.json"), JSON.stringify(owner));
  const started: Started[] = [];
  const stop = async () => {
    const results = await Promise.allSettled(started.map((s) => s.stop()));
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    const failed = results.flatMap((r) => r.status === "rejected" ? [String(r.reason)] : []);
    if (failed.length) throw new SystemdHostError(failed.join("\n"));
  };
  try {
    const layer = await buildLayer(dir);
    for (let i = 0; i < options.count; i++) {
      const name = `${options.prefix}${String(i + 1).padStart(2, "0")}`;
      started.push(
        await startOne(image, layer, join(dir, name), name, options.files, options.offline),
      );
    }
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  return {
    hosts: started.map((s) => s.host),
    image,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/**
 * The user tests log in as (sudo without a password).
 *
 * @example
 * ```ts
 * const line = `sd01 ansible_user=${SYSTEMD_HOST_USER} ansible_become=true`;
 * ```
 */
export const SYSTEMD_HOST_USER: string = SUDO_NOPASSWD_USER.name;
