/**
 * Lab hosts, one host: `unshare --mount --pid --uts --net --ipc --fork` runs a
 * setup script as the pid 1 of the new namespaces. It mounts an overlay (lower:
 * the cached image, read-only, with debootstrap's device nodes in `/dev`;
 * upper and work: the host's own dir) with a fresh `/proc`, `/sys`, its own
 * ptys (`/dev/pts`, which the image's `/dev/ptmx` finds), `/dev/shm` and
 * `/run`, sets the hostname, waits for the controller to plug in `eth0` (a
 * veth pair on the lab bridge) and send the address, configures it, then
 * `pivot_root`s into the overlay and becomes the host's init: a `/bin/sh`
 * loop that runs `sshd -D`, reaps orphans and, when its stdin (a pipe from the
 * test process) reaches end of file, kills everything in the namespace and
 * exits. So a host dies with the test process that started it, even under
 * SIGKILL; its mounts die with its mount namespace and its veth with its
 * network namespace.
 *
 * @module
 */
import { dirname, join } from "node:path";
import type { LabImage } from "./image.ts";
import { labUserIds } from "./image.ts";
import { resolveInRoot } from "./root_path.ts";
import { createHostLink, deleteHostLink, LAB_PREFIX, linkGoneWithin } from "./network.ts";
import {
  childrenOf,
  isRunning,
  namespaceOf,
  pidsInNamespace,
  type ProcessId,
  processStartTime,
  runTool,
  TOOL_ENV,
  type ToolOutput,
  waitGone,
} from "./process.ts";

const UNSHARE = "/usr/bin/unshare";
const NSENTER = "/usr/bin/nsenter";
/** sshd's port on every host (each host has its own address). */
export const LAB_SSH_PORT = 22;
const START_DEADLINE_MS = 60_000;
const STOP_DEADLINE_MS = 10_000;

/** Runs as pid 1 of the new namespaces, on this machine's root: mounts, hostname, network. */
const SETUP_SCRIPT = `set -eu
rootfs=$1 dir=$2 name=$3
m=$dir/merged
mount -t overlay overlay -o "lowerdir=$rootfs,upperdir=$dir/upper,workdir=$dir/work" "$m"
mount -t proc -o nosuid,nodev,noexec proc "$m/proc"
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$m/sys"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "$m/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$m/dev/shm"
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$m/run"
printf '%s' "$name" > /proc/sys/kernel/hostname
echo ready
read -r go address prefix
[ "$go" = go ]
ip -batch - <<EOF
link set lo up
addr add $address/$prefix dev eth0
link set eth0 up
EOF
echo up
cd "$m"
pivot_root . .
umount -l .
exec /bin/sh /usr/local/sbin/lab-init
`;

/**
 * The host's init (`/usr/local/sbin/lab-init`, run by the image's dash as pid
 * 1): sshd in the foreground, orphans reaped by \`wait\`, and everything killed
 * when stdin closes or sshd dies.
 */
const INIT_SCRIPT = `# lab host init: ends the host when the test process's end of stdin closes
exec 3<&0 </dev/null >>/var/log/lab-init.log 2>&1
trap 'kill -KILL -1 2>/dev/null; exit 0' TERM INT HUP
mkdir -p -m 755 /run/sshd
/usr/sbin/sshd -D -e 2>>/var/log/sshd.log &
sshd=$!
{ while read -r _ <&3; do :; done; kill -TERM 1; } &
exec 3<&-
while kill -0 "$sshd" 2>/dev/null; do wait "$sshd" || :; done
kill -KILL -1 2>/dev/null
`;

/** A file to place on a host before its sshd starts. */
export type LabFileContent =
  | string
  | Uint8Array
  | {
    /** The bytes. */
    content: string | Uint8Array;
    /** Permission bits (default 0o644). */
    mode?: number;
    /** Owner and its group, by name in the lab image (default root). */
    owner?: string;
  };

/** Files by absolute path on the host. */
export type LabFiles = Record<string, LabFileContent>;

/** Options for {@linkcode LabHost.run}. */
export interface LabRunOptions {
  /** `$1`, `$2`, … of the script. */
  args?: string[];
  /** Text for stdin. */
  stdin?: string;
  /** Run as this user (`runuser -u`) instead of root. */
  user?: string;
  /** Return a failed run instead of throwing. */
  allowFailure?: boolean;
}

/** The record a crashed test process leaves for the next start to clean up. */
export interface HostRecord {
  /** The host's name. */
  name: string;
  /** The `unshare` process (outside the namespaces). */
  unshare: ProcessId;
  /** The host's init, once known. */
  init?: ProcessId;
  /** The outer veth end, once created. */
  veth?: string;
}

/** One running lab host. */
export interface LabHost {
  /** Inventory name and hostname (`web01`). */
  readonly name: string;
  /** Position in the lab (0-based). */
  readonly index: number;
  /** Its address on the lab bridge (10.213.X.Y). */
  readonly address: string;
  /** sshd's port. */
  readonly port: number;
  /** The outer end of its veth pair (`tlab-X-Y`). */
  readonly veth: string;
  /** Its init's pid as this machine sees it. */
  readonly initPid: number;
  /** Its namespaces (`"pid:[…]"`, …) by kind, to find what runs inside. */
  readonly namespaces: Readonly<Record<"pid" | "net" | "mnt" | "uts", string>>;
  /** Its dir on this machine (the overlay's upper and work dirs). */
  readonly dir: string;
  /**
   * This machine's path to `path` on the host (through `/proc/<init>/root`,
   * every symlink resolved inside the host), for `Deno.readTextFile`,
   * `Deno.stat`, `Deno.writeTextFile`, ….
   */
  path(path: string): Promise<string>;
  /** Runs `/bin/sh -c script` on the host as root (or `user`), without ssh (`nsenter`). */
  run(script: string, options?: LabRunOptions): Promise<ToolOutput>;
  /** `user:group` owning `path` on the host. */
  fileOwner(path: string): Promise<string>;
  /** The pids (as this machine sees them) of the host's processes, `unshare` included. */
  pids(): Promise<number[]>;
  /** sshd's and init's log text (kept in the upper dir). */
  logs(): Promise<string>;
}

/** A started host and how to stop it. */
export interface HostHandle {
  /** The host. */
  host: LabHost;
  /** Ends every process of the host, its veth, and removes its dir; idempotent. */
  stop(): Promise<void>;
}

/** What {@linkcode startHost} needs. */
export interface StartHostOptions {
  /** The lab image. */
  image: LabImage;
  /** Dir of the host (created; removed by stop). */
  dir: string;
  /** Hostname. */
  name: string;
  /** Position in the lab. */
  index: number;
  /** Files to place before sshd starts (after `/etc/hostname` and `/etc/hosts`). */
  files: LabFiles;
}

/**
 * A lab host did not come up.
 *
 * @example
 * ```ts
 * throw new LabHostStartError("web01: sshd did not listen within 60000 ms");
 * ```
 */
export class LabHostStartError extends Error {
  override name = "LabHostStartError";
}

/**
 * Stopping a lab host left something behind (named in the message).
 *
 * @example
 * ```ts
 * throw new LabHostStopError("web01: tlab-3-9 outlived the host");
 * ```
 */
export class LabHostStopError extends Error {
  override name = "LabHostStopError";
}

/**
 * Starts one host and waits until its sshd accepts connections. On any
 * failure the host is stopped and its dir removed before the error is thrown.
 *
 * @example
 * ```ts
 * const { host, stop } = await startHost({ image, dir, name: "web01", index: 0, files: {} });
 * try {
 *   console.log(host.address);
 * } finally {
 *   await stop();
 * }
 * ```
 */
export async function startHost(options: StartHostOptions): Promise<HostHandle> {
  const { dir, name } = options;
  for (const sub of ["upper", "work", "merged"]) {
    await Deno.mkdir(join(dir, sub), { recursive: true, mode: 0o755 });
  }
  const child = new Deno.Command(UNSHARE, {
    args: [
      "--mount",
      "--pid",
      "--uts",
      "--net",
      "--ipc",
      "--fork",
      "--propagation",
      "private",
      "--kill-child",
      "/bin/sh",
      "-c",
      SETUP_SCRIPT,
      "lab-setup",
      options.image.rootfs,
      dir,
      name,
    ],
    clearEnv: true,
    env: TOOL_ENV,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdin = child.stdin.getWriter();
  const stdout = lines(child.stdout);
  const stderr = new Response(child.stderr).text().catch(() => "");
  const record: HostRecord = {
    name,
    unshare: { pid: child.pid, start: (await processStartTime(child.pid)) ?? "" },
  };
  const writeRecord = () => Deno.writeTextFile(join(dir, "host.json"), JSON.stringify(record));
  await writeRecord();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      const left: string[] = [];
      try {
        // While the host runs, the veth's name is surely its own: delete it first.
        if (record.veth && record.init && await isRunning(record.init)) {
          await deleteHostLink(record.veth);
        }
        await stdin.close().catch(() => {});
        if ((await withTimeout(child.status, STOP_DEADLINE_MS)) === undefined) {
          left.push(`its init ignored the end of its stdin for ${STOP_DEADLINE_MS} ms`);
          // --kill-child: the init gets SIGKILL too, and with it the namespace.
          for (const id of [record.unshare, record.init]) {
            if (id && await isRunning(id)) Deno.kill(id.pid, "SIGKILL");
          }
        }
        await child.status;
        await Promise.all([stdout.drain(), stderr]);
        if (record.init && !(await waitGone(record.init, STOP_DEADLINE_MS))) {
          left.push(`its init ${record.init.pid} still runs`);
        }
        if (record.veth && !(await linkGoneWithin(record.veth, STOP_DEADLINE_MS))) {
          left.push(`${record.veth} outlived the host`);
        }
      } finally {
        await Deno.remove(dir, { recursive: true }).catch(() => {});
      }
      if (left.length) throw new LabHostStopError(`${name}: ${left.join("; ")}`);
    })();

  try {
    const ready = await withTimeout(stdout.next(), START_DEADLINE_MS);
    if (ready !== "ready") {
      throw new LabHostStartError(
        `${name}: the setup failed (${ready ?? "no answer"}): ${(await stopped(child, stderr))}`,
      );
    }
    const [initPid] = await childrenOf(child.pid);
    const initStart = initPid === undefined ? undefined : await processStartTime(initPid);
    if (initPid === undefined || initStart === undefined) {
      throw new LabHostStartError(`${name}: its init is gone: ${await stopped(child, stderr)}`);
    }
    record.init = { pid: initPid, start: initStart };
    await writeRecord();
    const namespaces = {
      pid: await namespaceOf(initPid, "pid") ?? "",
      net: await namespaceOf(initPid, "net") ?? "",
      mnt: await namespaceOf(initPid, "mnt") ?? "",
      uts: await namespaceOf(initPid, "uts") ?? "",
    };

    // The overlay as this machine reaches it before the host's pivot_root.
    const merged = `/proc/${initPid}/root${join(dir, "merged")}`;
    const base: LabFiles = {
      "/etc/hostname": `${name}\n`,
      "/etc/hosts": `127.0.0.1\tlocalhost\n127.0.1.1\t${name}\n::1\tlocalhost\n`,
      "/usr/local/sbin/lab-init": { content: INIT_SCRIPT, mode: 0o755 },
    };
    for (const [path, content] of Object.entries({ ...base, ...options.files })) {
      await placeFile(options.image, merged, path, content);
    }

    const link = await createHostLink(initPid);
    record.veth = link.veth;
    await writeRecord();
    await stdin.write(new TextEncoder().encode(`go ${link.address} ${LAB_PREFIX}\n`));
    // Only then connect: a SYN sent before eth0 answers ARP waits a full ARP
    // retransmit (1 s) before the neighbor resolves.
    const up = await withTimeout(stdout.next(), START_DEADLINE_MS);
    if (up !== "up") {
      throw new LabHostStartError(
        `${name}: the network setup failed (${up ?? "no answer"}): ${await stopped(child, stderr)}`,
      );
    }
    await waitListening(child, link.address, name, dir);

    const host: LabHost = {
      name,
      index: options.index,
      address: link.address,
      port: LAB_SSH_PORT,
      veth: link.veth,
      initPid,
      namespaces,
      dir,
      path: (path) => resolveInRoot(`/proc/${initPid}/root`, path),
      run: (script, runOptions = {}) => runOnHost(initPid, script, runOptions),
      fileOwner: async (path) =>
        (await runOnHost(initPid, 'stat -c %U:%G -- "$1"', { args: [path] })).stdout.trim(),
      pids: async () => {
        const inside = await pidsInNamespace("pid", namespaces.pid);
        return (await isRunning(record.unshare)) ? [record.unshare.pid, ...inside] : inside;
      },
      logs: () => hostLogs(dir),
    };
    return { host, stop };
  } catch (error) {
    const logs = await hostLogs(dir);
    await stop().catch(() => {});
    if (error instanceof LabHostStartError) {
      error.message += logs ? `\n${logs}` : "";
      throw error;
    }
    throw new LabHostStartError(`${name}: ${error}${logs ? `\n${logs}` : ""}`, { cause: error });
  }
}

/** Runs `script` inside the host's namespaces and root as root, or as `options.user`. */
function runOnHost(initPid: number, script: string, options: LabRunOptions): Promise<ToolOutput> {
  const shell = ["/bin/sh", "-c", script, "sh", ...(options.args ?? [])];
  const command = options.user ? ["/usr/sbin/runuser", "-u", options.user, "--", ...shell] : shell;
  return runTool(NSENTER, [
    "--target",
    String(initPid),
    "--mount",
    "--uts",
    "--ipc",
    "--net",
    "--pid",
    "--root",
    "--wd",
    "--",
    ...command,
  ], { stdin: options.stdin, allowFailure: options.allowFailure });
}

/** Writes one file into the host's overlay (`merged` as this machine reaches it). */
async function placeFile(
  image: LabImage,
  merged: string,
  path: string,
  content: LabFileContent,
): Promise<void> {
  if (!path.startsWith("/")) throw new LabHostStartError(`not an absolute path: ${path}`);
  const spec = typeof content === "string" || content instanceof Uint8Array ? { content } : content;
  const target = await resolveInRoot(merged, path);
  await Deno.mkdir(dirname(target), { recursive: true });
  const bytes = typeof spec.content === "string"
    ? new TextEncoder().encode(spec.content)
    : spec.content;
  await Deno.writeFile(target, bytes);
  await Deno.chmod(target, spec.mode ?? 0o644);
  const owner = spec.owner ? await labUserIds(image, spec.owner) : { uid: 0, gid: 0 };
  await Deno.chown(target, owner.uid, owner.gid);
}

/** Resolves once `address:22` accepts TCP; throws if the host exits or the deadline passes. */
async function waitListening(
  child: Deno.ChildProcess,
  address: string,
  name: string,
  dir: string,
): Promise<void> {
  let exited = false;
  child.status.then(() => exited = true);
  const deadline = Date.now() + START_DEADLINE_MS;
  for (;;) {
    if (exited) throw new LabHostStartError(`${name}: the host exited while starting`);
    try {
      const socket = await Deno.connect({ hostname: address, port: LAB_SSH_PORT });
      socket.close();
      return;
    } catch {
      if (Date.now() > deadline) {
        throw new LabHostStartError(
          `${name}: sshd did not listen on ${address}:${LAB_SSH_PORT} within ${START_DEADLINE_MS} ms (${dir})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

async function hostLogs(dir: string): Promise<string> {
  const texts = await Promise.all(
    ["lab-init.log", "sshd.log"].map(async (file) => {
      const text = await Deno.readTextFile(join(dir, "upper", "var", "log", file)).catch(() => "");
      return text ? `--- ${file}\n${text}` : "";
    }),
  );
  return texts.filter(Boolean).join("\n");
}

/** Waits briefly for the setup process to end and returns its stderr. */
async function stopped(child: Deno.ChildProcess, stderr: Promise<string>): Promise<string> {
  const code = await withTimeout(child.status.then((s) => s.code), 2_000);
  const text = await withTimeout(stderr, 1_000);
  return `exit ${code ?? "?"}: ${(text ?? "").trim()}`;
}

/** `promise`'s value, or `undefined` after `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) =>
    timer = setTimeout(() => resolve(undefined), ms)
  );
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a byte stream line by line: `next()` gives one line (`undefined` at the end). */
function lines(stream: ReadableStream<Uint8Array>): {
  next(): Promise<string | undefined>;
  drain(): Promise<void>;
} {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let done = false;
  const read = async () => {
    const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (chunk.done) done = true;
    else buffer += chunk.value;
  };
  return {
    async next() {
      for (;;) {
        const newline = buffer.indexOf("\n");
        if (newline >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          return line;
        }
        if (done) {
          const last = buffer;
          buffer = "";
          return last || undefined;
        }
        await read();
      }
    },
    async drain() {
      while (!done) await read();
    },
  };
}
