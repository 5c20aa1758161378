/**
 * The agent socket's directory: 0700, in the first parent where the socket
 * path fits the 107-byte limit, which the real ssh-agent enforces.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import {
  AgentSocketDirError,
  createAgentSocketDir,
  MAX_SOCKET_PATH_BYTES,
  socketPathFits,
} from "../../src/worker/agent_socket_dir.ts";
import { tempDir } from "../_support/worker_process.ts";
import { withDeadline } from "../_support/deadline.ts";

/** A directory under `root` whose path is exactly `length` bytes. */
async function dirOfLength(root: string, length: number): Promise<string> {
  const path = join(root, "d".repeat(length - root.length - 1));
  assert.equal(path.length, length);
  await Deno.mkdir(path, { recursive: true });
  return path;
}

/** Whether the real ssh-agent listens on `socket` (it prints its announcement once bound). */
async function sshAgentListens(socket: string): Promise<{ listens: boolean; stderr: string }> {
  const child = new Deno.Command("/usr/bin/ssh-agent", {
    args: ["-D", "-a", socket],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.getReader();
  const first = await withDeadline(15_000, "ssh-agent", () => reader.read());
  const listens = !first.done && new TextDecoder().decode(first.value).includes("SSH_AUTH_SOCK=");
  try {
    child.kill("SIGTERM");
  } catch {
    // exited already
  }
  reader.releaseLock();
  const out = await child.output();
  return { listens, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("agent socket dir: a fresh 0700 dir in the first parent, socket path within the limit", async () => {
  const tmp = await tempDir();
  try {
    const { dir, socket } = await createAgentSocketDir([tmp.path, "/tmp"]);
    assert.equal(dirname(dir), tmp.path);
    assert.match(dir, /\/\.tachyon-agent-[0-9a-f]{8}$/);
    assert.equal(dirname(socket), dir);
    assert.equal((await Deno.stat(dir)).mode! & 0o777, 0o700);
    assert.ok(socketPathFits(socket));
    const again = await createAgentSocketDir([tmp.path]);
    assert.notEqual(again.dir, dir, "every job gets its own dir");
  } finally {
    await tmp.remove();
  }
});

Deno.test("agent socket dir: a parent too long for a socket path falls back to the next one", async () => {
  const tmp = await tempDir();
  try {
    const long = await dirOfLength(tmp.path, 90);
    const fallback = join(tmp.path, "t");
    await Deno.mkdir(fallback);
    const { dir, socket } = await createAgentSocketDir([long, fallback]);
    assert.equal(dirname(dir), fallback);
    assert.ok(socket.length <= MAX_SOCKET_PATH_BYTES);
    assert.deepEqual([...Deno.readDirSync(long)], [], "nothing was created in the long parent");

    await assert.rejects(
      createAgentSocketDir([long, join(tmp.path, "missing")]),
      (error: Error) =>
        error instanceof AgentSocketDirError && /exceed 107 bytes/.test(error.message) &&
        /NotFound|No such file/.test(error.message),
    );
  } finally {
    await tmp.remove();
  }
});

Deno.test("agent socket dir: 107 bytes is what ssh-agent binds, 108 it refuses", async () => {
  const tmp = await tempDir();
  try {
    const parent = await dirOfLength(tmp.path, 60);
    const fits = join(parent, "s".repeat(MAX_SOCKET_PATH_BYTES - parent.length - 1));
    const tooLong = fits + "s";
    assert.equal(fits.length, 107);
    assert.ok(socketPathFits(fits));
    assert.ok(!socketPathFits(tooLong));
    assert.ok(!socketPathFits("/tmp/" + "é".repeat(52)), "bytes count, not characters");
    assert.equal((await sshAgentListens(fits)).listens, true);
    const refused = await sshAgentListens(tooLong);
    assert.equal(refused.listens, false);
    assert.match(refused.stderr, /too long/);
  } finally {
    await tmp.remove();
  }
});
