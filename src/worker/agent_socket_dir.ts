/**
 * Where the job's ssh-agent listens: a fresh 0700 directory holding one unix
 * socket, in the private data dir when the socket's path fits the kernel's
 * limit, else in the system temp dir.
 *
 * @module
 */
import { join } from "node:path";

/**
 * The longest unix socket path Linux binds: `sun_path` is 108 bytes,
 * including the final NUL. ssh-agent refuses longer ones ("path too long").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_SOCKET_PATH_BYTES, socketPathFits } from "./agent_socket_dir.ts";
 *
 * assert.equal(MAX_SOCKET_PATH_BYTES, 107);
 * assert.equal(socketPathFits("/runner/.tachyon-agent-0a1b2c3d/agent"), true);
 * ```
 */
export const MAX_SOCKET_PATH_BYTES = 107;

const DIR_PREFIX = ".tachyon-agent-";
const SOCKET_NAME = "agent";
const encoder = new TextEncoder();

/**
 * A private directory and the socket path inside it (the socket does not exist yet).
 *
 * @example
 * ```ts
 * import type { AgentSocketDir } from "./agent_socket_dir.ts";
 *
 * const place: AgentSocketDir = { dir: "/runner/.tachyon-agent-1", socket: "/runner/.tachyon-agent-1/agent" };
 * ```
 */
export interface AgentSocketDir {
  /** The 0700 directory (remove it to remove the socket). */
  readonly dir: string;
  /** The socket's path, at most {@linkcode MAX_SOCKET_PATH_BYTES} bytes. */
  readonly socket: string;
}

/**
 * No candidate directory could hold the socket (every path was too long or
 * could not be created).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AgentSocketDirError } from "./agent_socket_dir.ts";
 *
 * assert.equal(new AgentSocketDirError("no directory for the ssh-agent socket").name, "AgentSocketDirError");
 * ```
 */
export class AgentSocketDirError extends Error {
  /** The error name. */
  override name = "AgentSocketDirError";
}

/**
 * Whether `path` fits in a unix socket address.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { socketPathFits } from "./agent_socket_dir.ts";
 *
 * assert.equal(socketPathFits("/tmp/" + "x".repeat(200)), false);
 * ```
 */
export function socketPathFits(path: string): boolean {
  return encoder.encode(path).length <= MAX_SOCKET_PATH_BYTES;
}

/**
 * Creates `<parent>/.tachyon-agent-<random>/` with mode 0700 in the first of
 * `parents` where the socket path fits and the directory can be made.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createAgentSocketDir } from "./agent_socket_dir.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * const { dir, socket } = await createAgentSocketDir([pdd, "/tmp"]);
 * assert.ok(dir.startsWith(`${pdd}/.tachyon-agent-`));
 * assert.equal(socket, `${dir}/agent`);
 * await Deno.remove(pdd, { recursive: true });
 * ```
 */
export async function createAgentSocketDir(parents: readonly string[]): Promise<AgentSocketDir> {
  const problems: string[] = [];
  for (const parent of new Set(parents)) {
    const dir = join(parent, DIR_PREFIX + randomHex(4));
    const socket = join(dir, SOCKET_NAME);
    if (!socketPathFits(socket)) {
      problems.push(`${parent}: the socket path would exceed ${MAX_SOCKET_PATH_BYTES} bytes`);
      continue;
    }
    try {
      await Deno.mkdir(dir, { mode: 0o700 });
      await Deno.chmod(dir, 0o700); // the umask may have taken bits away, never added
      return { dir, socket };
    } catch (error) {
      problems.push(`${parent}: ${(error as Error).message}`);
    }
  }
  throw new AgentSocketDirError(`no directory for the ssh-agent socket: ${problems.join("; ")}`);
}

function randomHex(bytes: number): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("");
}
