/**
 * The agent socket path limit is the real ssh-agent's: it binds a 107-byte
 * path and refuses a 108-byte one.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { MAX_SOCKET_PATH_BYTES, socketPathFits } from "../../src/worker/agent_socket_dir.ts";
import { tempDir } from "../_support/worker_process.ts";
import { withDeadline } from "../_support/deadline.ts";
import { dirOfLength } from "./_dir_of_length.ts";

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
