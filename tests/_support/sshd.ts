/**
 * Test support: real OpenSSH daemons on loopback addresses, one address per
 * test host, logging in as a dedicated user with a clean `/bin/sh`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { SshConnectionOptions } from "../../src/engine/connection/ssh.ts";
import type { ProcessRegistry } from "../../src/engine/process_registry.ts";

/** The user tests log in as (created when missing; needs root). */
export const TEST_USER = "tachyon-test";
const TEST_HOME = `/home/${TEST_USER}`;
const SSHD = "/usr/sbin/sshd";
const SSH_KEYGEN = "/usr/bin/ssh-keygen";
/** Addresses per daemon (one sshd listens on up to this many addresses). */
const ADDRESSES_PER_DAEMON = 15;
const FIRST_ADDRESS = 10;
const START_DEADLINE_MS = 15_000;
const UNSHARE = "/usr/bin/unshare";

/**
 * Run by `sh` inside the new mount namespace: `$1` the fixture dir, `$2`..`$4`
 * the states of /dev/shm, /tmp and the home dir `$5`, then the sshd command,
 * which it execs (so the daemon keeps the spawned pid). The fixture dir is
 * moved into a replaced /tmp through /mnt.
 */
const MOUNT_SCRIPT = `set -e
replace() {
  case $2 in
  full) mount -t tmpfs -o size=64k,mode=1777 tmpfs "$1" ;;
  small) mount -t tmpfs -o size=256k,mode=1777 tmpfs "$1" ;;
  readonly) mount -t tmpfs -o mode=1777 tmpfs "$1" ;;
  *) return 0 ;;
  esac
  if [ -n "$3" ]; then mkdir -p "$3"; mount --move /mnt "$3"; fi
  case $2 in
  full) dd if=/dev/zero of="$1/fill" bs=4096 2>/dev/null || true ;;
  readonly) mount -o remount,ro "$1" ;;
  esac
}
dir=$1 shm=$2 tmp=$3 home=$4 homedir=$5; shift 5
replace /dev/shm "$shm"
if [ -n "$tmp" ]; then mount --bind "$dir" /mnt; replace /tmp "$tmp" "$dir"; fi
replace "$homedir" "$home"
exec "$@"
`;

/** One test host: an sshd listening on its own loopback address. */
export interface SshdHost {
  /** Inventory name (`node01`, …). */
  name: string;
  /** Loopback address (`127.0.0.10`, …). */
  address: string;
  /** TCP port. */
  port: number;
}

/** Running daemons; `stop()` ends them and removes every file. */
export interface SshdFixture {
  /** The hosts, in order. */
  hosts: SshdHost[];
  /** The user to log in as. */
  user: string;
  /** The client's private key (ed25519, no passphrase). */
  keyFile: string;
  /** The fixture's temp dir (keys, configs, logs). */
  dir: string;
  /** The daemons' log text (for failure messages). */
  logs(): Promise<string>;
  /** Processes under the daemons (sessions and what they run) whose command line has `needle`. */
  processes(needle: string): Promise<string[]>;
  /** Stops every daemon and its sessions, removes the temp dir. */
  stop(): Promise<void>;
}

/**
 * How a directory looks to the daemons' sessions under
 * {@linkcode StartSshdOptions.privateMounts}: `full` is a 64 KiB tmpfs filled
 * to the last byte, `small` an empty 256 KiB tmpfs (to fill during a test),
 * `readonly` an empty read-only tmpfs.
 */
export type MountState = "full" | "small" | "readonly";

/** Directories replaced for the daemons and their sessions only. */
export interface PrivateMounts {
  /** `/dev/shm`. */
  devShm?: MountState;
  /** `/tmp` (the fixture's own dir stays visible inside it). */
  tmp?: MountState;
  /** The test user's home directory. */
  home?: MountState;
}

/** Options for {@linkcode startSshd}. */
export interface StartSshdOptions {
  /** How many hosts (distinct loopback addresses). */
  hosts: number;
  /**
   * Run the daemons in a private mount namespace (`unshare --mount`, needs
   * root) where these directories are replaced by small tmpfs mounts; this
   * machine's own directories are never touched.
   */
  privateMounts?: PrivateMounts;
}

/**
 * The daemon harness could not start.
 *
 * @example
 * ```ts
 * throw new SshdStartError("sshd exited: …");
 * ```
 */
export class SshdStartError extends Error {
  override name = "SshdStartError";
}

interface Daemon {
  child: Deno.ChildProcess;
  log: string;
}

/**
 * Starts enough sshd processes for `hosts` hosts (one per 15 addresses), each
 * listening on `127.0.0.X:PORT` lines, and waits until every address accepts.
 *
 * @example
 * ```ts
 * const sshd = await startSshd({ hosts: 3 });
 * try {
 *   // ssh -i sshd.keyFile -p sshd.hosts[0].port tachyon-test@sshd.hosts[0].address
 * } finally {
 *   await sshd.stop();
 * }
 * ```
 */
export async function startSshd(options: StartSshdOptions): Promise<SshdFixture> {
  if (options.hosts < 1 || FIRST_ADDRESS + options.hosts > 250) {
    throw new RangeError(`hosts must be 1..${250 - FIRST_ADDRESS}`);
  }
  if (options.privateMounts && Deno.uid() !== 0) {
    throw new SshdStartError("private mounts need root (unshare --mount)");
  }
  await ensureTestUser();
  await Deno.mkdir("/run/sshd", { recursive: true, mode: 0o755 });
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "tachyon-sshd-" });
  const daemons: Daemon[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      await Promise.all(daemons.map(stopDaemon));
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    })();
  try {
    // The test user must read authorized_keys (sshd opens it as that user).
    await Deno.chmod(dir, 0o755);
    const hostKey = join(dir, "host_ed25519");
    const keyFile = join(dir, "client_ed25519");
    await Promise.all([sshKeygen(hostKey), sshKeygen(keyFile)]);
    const authorizedKeys = join(dir, "authorized_keys");
    await Deno.copyFile(`${keyFile}.pub`, authorizedKeys);
    await Deno.chmod(authorizedKeys, 0o644);

    const hosts: SshdHost[] = [];
    for (let start = 0; start < options.hosts; start += ADDRESSES_PER_DAEMON) {
      const count = Math.min(ADDRESSES_PER_DAEMON, options.hosts - start);
      const addresses = Array.from(
        { length: count },
        (_, i) => `127.0.0.${FIRST_ADDRESS + start + i}`,
      );
      const index = daemons.length;
      const { daemon, port } = await startDaemon(
        dir,
        index,
        addresses,
        hostKey,
        authorizedKeys,
        options.privateMounts,
      );
      daemons.push(daemon);
      addresses.forEach((address, i) => {
        hosts.push({ name: `node${String(start + i + 1).padStart(2, "0")}`, address, port });
      });
    }
    return {
      hosts,
      user: TEST_USER,
      keyFile,
      dir,
      logs: async () => {
        const texts = await Promise.all(
          daemons.map((_, i) => Deno.readTextFile(join(dir, `sshd-${i}.log`)).catch(() => "")),
        );
        return texts.join("");
      },
      processes: (needle) => descendantsMatching(daemons.map((d) => d.child.pid), needle),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Creates an ed25519 key pair without passphrase at `path` (and `path.pub`).
 *
 * @example
 * ```ts
 * await sshKeygen("/tmp/x/id_ed25519");
 * ```
 */
export async function sshKeygen(path: string): Promise<void> {
  await run(SSH_KEYGEN, ["-q", "-t", "ed25519", "-N", "", "-C", "tachyon-test", "-f", path]);
}

/**
 * The lines of a private key's base64 body that hold key material (past the
 * fixed header lines): text that, found anywhere, means the key leaked.
 *
 * @example
 * ```ts
 * const needles = keySecretLines(await Deno.readTextFile(sshd.keyFile));
 * ```
 */
export function keySecretLines(key: string): string[] {
  const lines = key.split("\n").filter((l) => l && !l.startsWith("-----")).slice(2);
  assert.ok(lines.length >= 2 && lines.every((l) => l.length >= 20), "a key with a body");
  return lines;
}

/**
 * Process ids (with command lines) of processes owned by the test user whose
 * command line contains `needle`.
 *
 * @example
 * ```ts
 * await testUserProcesses("sleep 60.123"); // [] once the command is gone
 * ```
 */
export async function testUserProcesses(needle: string): Promise<string[]> {
  const uid = Number(await run("/usr/bin/id", ["-u", TEST_USER]));
  const found: string[] = [];
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const info = await Deno.stat(`/proc/${entry.name}`);
      if (info.uid !== uid) continue;
      const cmdline = (await Deno.readTextFile(`/proc/${entry.name}/cmdline`)).replaceAll(
        "\0",
        " ",
      );
      if (cmdline.includes(needle)) found.push(`${entry.name} ${cmdline.trim()}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Creates the test user (shell /bin/sh, not locked, empty home) unless present. */
async function ensureTestUser(): Promise<void> {
  const exists = async () =>
    (await new Deno.Command("/usr/bin/id", {
      args: ["-u", TEST_USER],
      stdout: "null",
      stderr: "null",
    })
      .output()).success;
  if (!(await exists())) {
    if (Deno.uid() !== 0) {
      throw new SshdStartError(`the test user ${TEST_USER} is missing and only root can add it`);
    }
    // "*" as password: no password login, yet not "locked" (sshd without PAM
    // refuses locked accounts).
    const added = await new Deno.Command("/usr/sbin/useradd", {
      args: ["-M", "-d", TEST_HOME, "-s", "/bin/sh", "-p", "*", TEST_USER],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!added.success && !(await exists())) {
      throw new SshdStartError(`useradd failed: ${new TextDecoder().decode(added.stderr)}`);
    }
  }
  const uid = Number(await run("/usr/bin/id", ["-u", TEST_USER]));
  const gid = Number(await run("/usr/bin/id", ["-g", TEST_USER]));
  await Deno.mkdir(TEST_HOME, { recursive: true });
  const home = await Deno.stat(TEST_HOME);
  if (home.uid !== uid && Deno.uid() === 0) await Deno.chown(TEST_HOME, uid, gid);
}

async function startDaemon(
  dir: string,
  index: number,
  addresses: string[],
  hostKey: string,
  authorizedKeys: string,
  privateMounts?: PrivateMounts,
): Promise<{ daemon: Daemon; port: number }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = freePort(addresses[0]);
    const config = join(dir, `sshd-${index}.conf`);
    const log = join(dir, `sshd-${index}.log`);
    await Deno.writeTextFile(
      config,
      [
        ...addresses.map((address) => `ListenAddress ${address}:${port}`),
        `HostKey ${hostKey}`,
        `PidFile ${join(dir, `sshd-${index}.pid`)}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        `AllowUsers ${TEST_USER}`,
        "UsePAM no",
        "StrictModes no",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PermitRootLogin no",
        "PrintMotd no",
        "PrintLastLog no",
        "UseDNS no",
        "MaxStartups 200",
        "MaxSessions 50",
        "LogLevel INFO",
        "",
      ].join("\n"),
    );
    const sshd = [SSHD, "-D", "-f", config, "-E", log];
    const [command, ...args] = privateMounts
      ? [UNSHARE, "--mount", "--propagation", "private", "/bin/sh", "-c", MOUNT_SCRIPT, "sh"]
        .concat(dir, privateMounts.devShm ?? "", privateMounts.tmp ?? "")
        .concat(privateMounts.home ?? "", TEST_HOME, ...sshd)
      : sshd;
    const child = new Deno.Command(command, {
      args,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    const daemon: Daemon = { child, log };
    try {
      await waitAccepting(child, addresses, port, log);
      return { daemon, port };
    } catch (error) {
      lastError = error;
      await stopDaemon(daemon);
    }
  }
  throw lastError;
}

/** Resolves once every address accepts TCP; throws if sshd exits or the deadline passes. */
async function waitAccepting(
  child: Deno.ChildProcess,
  addresses: string[],
  port: number,
  log: string,
): Promise<void> {
  let exited = false;
  child.status.then(() => exited = true);
  const deadline = Date.now() + START_DEADLINE_MS;
  for (const address of addresses) {
    for (;;) {
      if (exited) {
        throw new SshdStartError(`sshd exited: ${await Deno.readTextFile(log).catch(() => "")}`);
      }
      try {
        const socket = await Deno.connect({ hostname: address, port });
        socket.close();
        break;
      } catch {
        if (Date.now() > deadline) {
          throw new SshdStartError(`sshd did not accept on ${address}:${port} in time`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }
}

/** Ends a daemon and the session processes it forked. */
async function stopDaemon(daemon: Daemon): Promise<void> {
  const sessions = await childrenOf(daemon.child.pid);
  for (const pid of [daemon.child.pid, ...sessions]) {
    try {
      Deno.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => timer = setTimeout(() => resolve("late"), 5_000));
  if ((await Promise.race([daemon.child.status, late])) === "late") {
    try {
      daemon.child.kill("SIGKILL");
    } catch {
      // gone
    }
  }
  clearTimeout(timer);
  await daemon.child.status;
}

/** `pid cmdline` of the descendants of `roots` whose command line contains `needle`. */
async function descendantsMatching(roots: number[], needle: string): Promise<string[]> {
  const table = await processTable();
  const found: string[] = [];
  for (const [pid, { cmdline }] of table) {
    let parent = table.get(pid)?.ppid;
    for (let hops = 0; parent !== undefined && hops < 64; hops++) {
      if (roots.includes(parent)) {
        if (cmdline.includes(needle)) found.push(`${pid} ${cmdline}`);
        break;
      }
      parent = table.get(parent)?.ppid;
    }
  }
  return found;
}

async function processTable(): Promise<Map<number, { ppid: number; cmdline: string }>> {
  const table = new Map<number, { ppid: number; cmdline: string }>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`);
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmdline = (await Deno.readTextFile(`/proc/${entry.name}/cmdline`))
        .replaceAll("\0", " ").trim();
      table.set(Number(entry.name), { ppid, cmdline });
    } catch {
      // exited meanwhile
    }
  }
  return table;
}

async function childrenOf(parent: number): Promise<number[]> {
  const table = await processTable();
  return [...table].filter(([, { ppid }]) => ppid === parent).map(([pid]) => pid);
}

function freePort(hostname: string): number {
  const listener = Deno.listen({ hostname, port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function run(command: string, args: string[]): Promise<string> {
  const output = await new Deno.Command(command, { args, stdin: "null" }).output();
  const decoder = new TextDecoder();
  if (!output.success) {
    throw new SshdStartError(
      `${command} ${args.join(" ")} failed: ${decoder.decode(output.stderr).trim()}`,
    );
  }
  return decoder.decode(output.stdout).trim();
}

/**
 * Options for `SshConnection.open` to `host` of `sshd` as its test user with
 * its key (host keys unchecked), plus `extra`.
 *
 * @example
 * ```ts
 * const ssh = await SshConnection.open(sshConnectionOptions(sshd, sshd.hosts[0], registry));
 * ```
 */
export function sshConnectionOptions(
  sshd: SshdFixture,
  host: SshdHost,
  registry: ProcessRegistry,
  extra: Partial<SshConnectionOptions> = {},
): SshConnectionOptions {
  return {
    host: host.name,
    address: host.address,
    port: host.port,
    user: sshd.user,
    privateKeyFile: sshd.keyFile,
    hostKeyChecking: false,
    registry,
    ...extra,
  };
}
