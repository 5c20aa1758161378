/**
 * wait_for in real time, against the live Ansible: a path appearing later,
 * timeout messages, content appended later, ports started and stopped, and
 * an abort by the run's signal.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { keys, liveAnsibleResult, reducedPath, runModule, withTemp } from "./_support.ts";

Deno.test("wait_for path: appearing later, and timeout messages like Ansible", async () => {
  await withTemp(async (dir) => {
    const f = join(dir, "f.txt");
    await Deno.writeTextFile(f, "hello\n");
    const later = join(dir, "later");
    setTimeout(() => Deno.writeTextFileSync(later, "x"), 1200);
    const waited = await runModule(dir, "wait_for", { path: later, timeout: 10 });
    assert.equal(waited.failed, undefined);
    assert.ok((waited.elapsed as number) >= 1);
    for (
      const args of [
        (root: string) => ({ path: `${root}/never`, timeout: 1 }),
        (root: string) => ({ path: `${root}/f.txt`, search_regex: "zzz", timeout: 1 }),
        (root: string) => ({ path: `${root}/f.txt`, state: "absent", timeout: 1 }),
      ]
    ) {
      const o = await runModule(dir, "wait_for", args(dir));
      const t = await liveAnsibleResult(dir, { "f.txt": "hello\n" }, "wait_for", args("<DIR>"));
      assert.equal(o.msg, t.msg, JSON.stringify(args(dir)));
      assert.equal(o.failed, true);
      assert.deepEqual(keys(o), keys(t));
    }
  });
});

Deno.test("wait_for search_regex sees content appended later", async () => {
  await withTemp(async (dir) => {
    const log = join(dir, "log");
    await Deno.writeTextFile(log, "starting\n");
    setTimeout(
      () => Deno.writeTextFileSync(log, "listening on port 8080\n", { append: true }),
      1200,
    );
    const r = await runModule(dir, "wait_for", {
      path: log,
      search_regex: "port (?P<port>\\d+)",
      timeout: 10,
    });
    assert.equal(r.failed, undefined, JSON.stringify(r));
    assert.deepEqual(r.match_groups, ["8080"]);
    assert.deepEqual(r.match_groupdict, { port: "8080" });
    assert.equal(r.search_regex, "port (?P<port>\\d+)");
  });
});

function listener(): { port: number; close: () => void } {
  const server = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepting = (async () => {
    try {
      for await (const conn of server) conn.close();
    } catch {
      // closed
    }
  })();
  return {
    port: (server.addr as Deno.NetAddr).port,
    close: () => {
      server.close();
      void accepting;
    },
  };
}

Deno.test("wait_for port started/stopped, with bash, and with /proc/net/tcp only", async () => {
  await withTemp(async (dir) => {
    const server = listener();
    try {
      const ours = await runModule(dir, "wait_for", { port: server.port, timeout: 5 });
      const theirs = await liveAnsibleResult(dir, {}, "wait_for", {
        port: server.port,
        timeout: 5,
      });
      assert.deepEqual(ours, theirs);
      const env = { PATH: await reducedPath(dir, ["bash", "nc", "ncat", "netcat"]) };
      const proc = await runModule(dir, "wait_for", { port: server.port, timeout: 5 }, { env });
      assert.equal(proc.failed, undefined, JSON.stringify(proc));
      const stop = await runModule(dir, "wait_for", {
        port: server.port,
        state: "stopped",
        timeout: 1,
      });
      assert.equal(stop.msg, `Timeout when waiting for 127.0.0.1:${server.port} to stop.`);
    } finally {
      server.close();
    }
    const closed = await runModule(dir, "wait_for", { port: server.port, timeout: 1 });
    const theirs = await liveAnsibleResult(dir, {}, "wait_for", { port: server.port, timeout: 1 });
    // Whole seconds measured on two clocks: never less than the timeout, at most one more.
    assert.ok(closed.elapsed === 1 || closed.elapsed === 2, `elapsed ${closed.elapsed}`);
    assert.deepEqual({ ...closed, elapsed: theirs.elapsed }, theirs);
    const stopped = await runModule(dir, "wait_for", { port: server.port, state: "stopped" });
    assert.equal(stopped.failed, undefined);
    assert.equal(stopped.state, "stopped");
  });
});

Deno.test("wait_for is aborted by the run's signal", async () => {
  await withTemp(async (dir) => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error("stop")), 500);
    const start = Date.now();
    await assert.rejects(
      runModule(dir, "wait_for", { path: join(dir, "never"), timeout: 60 }, {
        signal: abort.signal,
      }),
    );
    assert.ok(Date.now() - start < 5000);
  });
});
