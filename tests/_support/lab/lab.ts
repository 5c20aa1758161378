/**
 * Lab hosts, the entry point: `startLabHosts` makes sure the image and the
 * bridge exist, cleans what a crashed earlier run left, starts the hosts
 * (several at a time) in a fresh session dir and returns them with the keys
 * and a `stop()` that always leaves nothing behind (also via `await using`).
 *
 * @module
 */
import { ensureLabImage, type LabImage } from "./image.ts";
import {
  type HostHandle,
  type LabFiles,
  type LabHost,
  LabHostStartError,
  startHost,
} from "./host.ts";
import { ensureBridge } from "./network.ts";
import { cleanStaleSessions, registerSession } from "./sessions.ts";
import { KEY_USER } from "./users.ts";
import { join } from "node:path";

/** Options for {@linkcode startLabHosts}. */
export interface StartLabHostsOptions {
  /** How many hosts. */
  count: number;
  /** Names are the prefix and a 2-digit (or wider) number from 01 (default `lab`). */
  namePrefix?: string;
  /** Files placed on every host before sshd starts (e.g. `/etc/sudoers.d/x`). */
  files?: LabFiles;
  /** Files for one host (applied after `files`). */
  hostFiles?: (host: { index: number; name: string }) => LabFiles;
  /** Parent of the session dir (default: the system temp dir). */
  dir?: string;
  /** Hosts started at once (default 8). */
  parallel?: number;
}

/** Options for {@linkcode LabHosts.sshArgs}. */
export interface LabSshOptions {
  /** The private key (default: the lab's plain key; `null`: none, for password logins). */
  key?: string | null;
  /** `BatchMode=yes`: never prompt (default: true with a key, false without). */
  batch?: boolean;
}

/** Running lab hosts. */
export interface LabHosts extends AsyncDisposable {
  /** The hosts, in order. */
  readonly hosts: readonly LabHost[];
  /** The image they run. */
  readonly image: LabImage;
  /** The test key pairs (authorized for every user with `keyLogin`). */
  readonly keys: LabImage["keys"];
  /** The session dir (the hosts' dirs). */
  readonly dir: string;
  /**
   * Arguments for the system `ssh` client to log in to `host` as `user`
   * (default the key user): no known-hosts checks, no config files, errors only.
   */
  sshArgs(host: LabHost, user?: string, options?: LabSshOptions): string[];
  /** Stops every host, removes the session dir; idempotent. */
  stop(): Promise<void>;
}

/**
 * Stopping lab hosts left something behind.
 *
 * @example
 * ```ts
 * throw new LabStopError("web01: tlab-3-9 outlived its host");
 * ```
 */
export class LabStopError extends Error {
  override name = "LabStopError";
}

/**
 * Starts `count` isolated Debian hosts, each with its own sshd on its own
 * address; see the module docs of `host.ts` and `image.ts`. Needs root. The
 * first call on a machine builds the image (minutes).
 *
 * @example
 * ```ts
 * await using lab = await startLabHosts({ count: 3, namePrefix: "web" });
 * const [web01] = lab.hosts;
 * const ssh = new Deno.Command("/usr/bin/ssh", { args: [...lab.sshArgs(web01), "whoami"] });
 * ```
 */
export async function startLabHosts(options: StartLabHostsOptions): Promise<LabHosts> {
  if (!Number.isInteger(options.count) || options.count < 1) {
    throw new RangeError(`count must be a positive integer, not ${options.count}`);
  }
  if (Deno.uid() !== 0) throw new LabHostStartError("lab hosts need root (namespaces, mounts)");
  await cleanStaleSessions();
  const image = await ensureLabImage();
  await ensureBridge();
  const dir = await Deno.makeTempDir({ dir: options.dir, prefix: "tachyon-lab-" });
  const unregister = await registerSession(dir);
  const prefix = options.namePrefix ?? "lab";
  const width = Math.max(2, String(options.count).length);
  const handles: (HostHandle | undefined)[] = new Array(options.count);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    stopping ??= (async () => {
      const results = await Promise.allSettled(handles.map((handle) => handle?.stop()));
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      await unregister();
      const failed = results.flatMap((r) => r.status === "rejected" ? [String(r.reason)] : []);
      if (failed.length) throw new LabStopError(failed.join("\n"));
    })();

  try {
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (!failed && next < options.count) {
        const index = next++;
        const name = `${prefix}${String(index + 1).padStart(width, "0")}`;
        try {
          handles[index] = await startHost({
            image,
            dir: join(dir, name),
            name,
            index,
            files: { ...options.files, ...options.hostFiles?.({ index, name }) },
          });
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const parallel = Math.max(1, Math.min(options.parallel ?? 8, options.count));
    const started = await Promise.allSettled(Array.from({ length: parallel }, worker));
    const failure = started.find((r) => r.status === "rejected");
    if (failure) throw (failure as PromiseRejectedResult).reason;
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }

  const hosts = handles.map((handle) => handle!.host);
  return {
    hosts,
    image,
    keys: image.keys,
    dir,
    sshArgs: (host, user = KEY_USER.name, ssh = {}) => {
      const key = ssh.key === undefined ? image.keys.plain : ssh.key;
      const batch = ssh.batch ?? key !== null;
      return [
        "-F",
        "/dev/null",
        ...(key === null ? [] : ["-i", key, "-o", "IdentitiesOnly=yes"]),
        "-o",
        `BatchMode=${batch ? "yes" : "no"}`,
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "GlobalKnownHostsFile=/dev/null",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "ConnectTimeout=20",
        "-p",
        String(host.port),
        `${user}@${host.address}`,
      ];
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
