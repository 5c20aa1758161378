/**
 * The remote loop's temp dir on hosts whose /dev/shm, /tmp or home is full or
 * read-only: sshd runs in a private mount namespace (tests/_support/sshd.ts
 * `privateMounts`), so this machine's own directories are never touched.
 */
import assert from "node:assert/strict";
import { UnreachableError } from "../../../src/engine/connection/connection.ts";
import type { ProcessRegistry } from "../../../src/engine/process_registry.ts";
import { openSshHost, withSshHost } from "./_ssh_host.ts";

Deno.test("a full /dev/shm: the loop falls back to /tmp and commands succeed", async () => {
  await withSshHost(async (sshd, registry) => {
    const ssh = await openSshHost(sshd, registry);
    try {
      const full = await ssh.exec("printf x > /dev/shm/probe");
      assert.notEqual(full.rc, 0, "the host's /dev/shm really is full");
      assert.deepEqual(await ssh.exec("command true"), { rc: 0, stdout: "", stderr: "" });
      assert.deepEqual(await ssh.exec("echo hi; echo err >&2"), {
        rc: 0,
        stdout: "hi\n",
        stderr: "err\n",
      });
      const piped = await ssh.exec("cat", { stdin: new TextEncoder().encode("piped") });
      assert.equal(piped.stdout, "piped");
      const dirs = await ssh.exec("ls -d /dev/shm/tachyon.* /tmp/tachyon.* 2>/dev/null");
      assert.match(dirs.stdout, /^\/tmp\/tachyon\.\S+\n$/, "one private dir, in /tmp");
    } finally {
      await ssh.close();
    }
  }, { devShm: "full" });
});

Deno.test("/dev/shm full and /tmp read-only: the loop uses ~/.ansible/tmp, created 0700", async () => {
  await withSshHost(async (sshd, registry) => {
    const ssh = await openSshHost(sshd, registry);
    try {
      assert.equal((await ssh.exec("command true")).rc, 0);
      const modes = await ssh.exec(
        "stat -c '%a %n' ~/.ansible ~/.ansible/tmp ~/.ansible/tmp/tachyon.*",
      );
      assert.match(
        modes.stdout,
        /^700 \/home\/tachyon-test\/\.ansible\n700 \/home\/tachyon-test\/\.ansible\/tmp\n700 \/home\/tachyon-test\/\.ansible\/tmp\/tachyon\.\S+\n$/,
      );
    } finally {
      await ssh.close();
    }
  }, { devShm: "full", tmp: "readonly", home: "small" });
});

/** The failed open's ssh process exits (it may take a moment after the error). */
async function sshExited(registry: ProcessRegistry): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (registry.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(registry.size, 0, "ssh has exited");
}

Deno.test("no writable temp dir: the open fails, naming every directory tried", async () => {
  await withSshHost(async (sshd, registry) => {
    const error = await openSshHost(sshd, registry).then(() => null, (e) => e);
    assert.ok(error instanceof UnreachableError, String(error));
    assert.match(
      error.message,
      /^Failed to create a writable temporary directory on the host: tried \/dev\/shm \(a test write failed: .+\), \/tmp \(Read-only file system\), \/home\/tachyon-test\/\.ansible\/tmp \(Read-only file system\)$/,
    );
    await sshExited(registry);
  }, { devShm: "full", tmp: "readonly", home: "readonly" });
  await withSshHost(async (sshd, registry) => {
    const error = await openSshHost(sshd, registry).then(() => null, (e) => e);
    assert.ok(error instanceof UnreachableError, String(error));
    assert.match(
      error.message,
      /tried \/dev\/shm \(a test write failed: .+\), \/tmp \(a test write failed: .+\), \/home\/tachyon-test\/\.ansible\/tmp \(.+\)$/,
    );
  }, { devShm: "full", tmp: "full", home: "full" });
});

Deno.test("a disk that fills up mid-job: the result says so; unstorable stdin ends the channel with a message", async () => {
  await withSshHost(async (sshd, registry) => {
    const ssh = await openSshHost(sshd, registry);
    try {
      const big = await ssh.exec("head -c 400000 /dev/zero");
      assert.notEqual(big.rc, 0);
      assert.ok(big.stdout.length < 400000);
      assert.match(
        big.stderr,
        /^tachyon: writing the output of this command to \/dev\/shm\/tachyon\.\S+ failed \(.+; is the disk full\?\), so it may be incomplete\n$/,
      );
      // The failed command's files are removed: the next one has room again.
      assert.deepEqual(await ssh.exec("echo ok"), { rc: 0, stdout: "ok\n", stderr: "" });
      assert.deepEqual(await ssh.exec("exit 3"), { rc: 3, stdout: "", stderr: "" });
      const error = await ssh.exec("wc -c", { stdin: new Uint8Array(400000) }).then(
        () => null,
        (e) => e,
      );
      assert.ok(error instanceof UnreachableError, String(error));
      assert.match(
        error.message,
        /tachyon: storing the stdin of a command in \/dev\/shm\/tachyon\.\S+ failed \(is the disk full\?\)/,
      );
    } finally {
      await ssh.close();
    }
  }, { devShm: "small" });
});
