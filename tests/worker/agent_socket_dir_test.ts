/**
 * The agent socket's directory: 0700, in the first parent where the socket
 * path fits the 107-byte limit. That the real ssh-agent enforces exactly
 * that limit is shown in `agent_socket_dir_interop_test.ts`.
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
import { dirOfLength } from "./_dir_of_length.ts";

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

Deno.test("socketPathFits: 107 bytes fit, 108 do not; bytes count, not characters", async () => {
  const tmp = await tempDir();
  try {
    const parent = await dirOfLength(tmp.path, 60);
    const fits = join(parent, "s".repeat(MAX_SOCKET_PATH_BYTES - parent.length - 1));
    assert.equal(fits.length, 107);
    assert.ok(socketPathFits(fits));
    assert.ok(!socketPathFits(fits + "s"));
    assert.ok(!socketPathFits("/tmp/" + "\u00e9".repeat(52)), "bytes count, not characters");
  } finally {
    await tmp.remove();
  }
});
