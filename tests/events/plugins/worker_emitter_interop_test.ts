/**
 * The HTTP emitter in the worker, run as the binary runs (`deno run
 * -P=emitter main.ts worker`): a loopback TCP receiver and a unix socket
 * receiver get every status line and event the worker printed, byte for
 * byte and in order; a receiver down for a while gets everything once it is
 * up, after the job's stream already ended; one down for good delays the
 * exit by at most the drain bound and still sees the final status; a full
 * queue drops events, never statuses. Under the default permission set the
 * job runs and says, in a warning event, why nothing is sent and how to
 * build a binary that sends.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { tempDir } from "../../_support/worker_process.ts";
import { freePort, type Receiver, startHangUpReceiver, startReceiver } from "./_receiver.ts";
import { jobStream, localHosts, pluginLines, runEmitterWorker } from "./_emitter_worker.ts";

const PING = { ident: "e1", module: "ping", host_pattern: "all" };

/** Whether `part` is `whole` with some elements left out (same order). */
function isSubsequence(part: string[], whole: string[]): boolean {
  let i = 0;
  for (const item of whole) if (i < part.length && part[i] === item) i++;
  return i === part.length;
}

function statusesOf(lines: string[]): string[] {
  return lines.filter((line) => typeof JSON.parse(line).status === "string");
}

Deno.test("a TCP receiver gets every status and event the worker printed, in order, byte for byte", async () => {
  const tmp = await tempDir();
  const receiver = await startReceiver();
  try {
    const stream = await jobStream(tmp.path, PING, {
      runner_http_url: receiver.url,
      runner_http_headers: { Authorization: "Bearer t0ken", "X-Job": "e1" },
    }, localHosts(3));
    const out = await runEmitterWorker(join(tmp.path, "pdd"), stream);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stderr, "");
    const printed = pluginLines(out.stdout);
    assert.ok(printed.length >= 8, printed.join("\n"));
    assert.deepEqual(receiver.requests.map((r) => r.body), printed);
    assert.deepEqual(statusesOf(printed).map((l) => JSON.parse(l).status), [
      "starting",
      "running",
      "successful",
    ]);
    for (const request of receiver.requests) {
      assert.equal(request.path, "/events");
      assert.equal(request.headers["content-type"], "application/json");
      assert.equal(request.headers.authorization, "Bearer t0ken");
      assert.equal(request.headers["x-job"], "e1");
    }
    assert.ok(!out.stdout.includes("t0ken"), "the headers stay out of the stream");
  } finally {
    await receiver.close();
    await tmp.remove();
  }
});

Deno.test("a unix socket receiver named by RUNNER_HTTP_URL gets them all on RUNNER_HTTP_PATH", async () => {
  const tmp = await tempDir();
  const socketPath = join(tmp.path, "events.sock");
  const receiver = await startReceiver({ socketPath });
  try {
    const stream = await jobStream(tmp.path, PING, {
      runner_http_url: "http://127.0.0.1:9/never-used",
    }, localHosts(2));
    const out = await runEmitterWorker(join(tmp.path, "pdd"), stream, {
      env: { RUNNER_HTTP_URL: socketPath, RUNNER_HTTP_PATH: "/v1/runner" },
    });
    assert.equal(out.code, 0, out.stderr);
    const printed = pluginLines(out.stdout);
    assert.deepEqual(receiver.requests.map((r) => r.body), printed);
    assert.ok(receiver.requests.every((r) => r.path === "/v1/runner"));
  } finally {
    await receiver.close();
    await tmp.remove();
  }
});

Deno.test("a receiver down while the job runs gets everything once it is up; the stream did not wait", async () => {
  const tmp = await tempDir();
  const port = freePort();
  let receiver: Receiver | undefined;
  let upAt = 0;
  try {
    const stream = await jobStream(tmp.path, PING, {
      runner_http_url: `http://127.0.0.1:${port}/events`,
      tachyon_http_drain_timeout: 30,
    }, localHosts(3));
    const out = await runEmitterWorker(join(tmp.path, "pdd"), stream, {
      // The receiver comes up a second after the job's stream has ended.
      onEof: () =>
        setTimeout(async () => {
          receiver = await startReceiver({ port });
          upAt = performance.now();
        }, 1000),
    });
    assert.equal(out.code, 0, out.stderr);
    assert.ok(receiver !== undefined && out.eofAt! < upAt, "eof was written before it was up");
    assert.deepEqual(receiver.requests.map((r) => r.body), pluginLines(out.stdout));
  } finally {
    await receiver?.close();
    await tmp.remove();
  }
});

Deno.test("a receiver down for good: the exit waits at most the drain bound, the final status is attempted", async () => {
  const tmp = await tempDir();
  const hangUp = startHangUpReceiver();
  try {
    const stream = await jobStream(tmp.path, PING, {
      runner_http_url: hangUp.url,
      tachyon_http_drain_timeout: 2,
    }, localHosts(3));
    const out = await runEmitterWorker(join(tmp.path, "pdd"), stream);
    assert.equal(out.code, 0, out.stderr);
    const waited = out.exitAt - out.eofAt!;
    assert.ok(waited < 2000 + 1500, `the exit came ${waited} ms after eof`);
    assert.ok(waited > 1500, `the emitter kept trying (${waited} ms)`);
    const printed = pluginLines(out.stdout);
    assert.equal(hangUp.attempts[0], printed[0], "the first message was tried first");
    assert.equal(hangUp.attempts.at(-1), printed.at(-1), "the final status was attempted last");
    assert.match(printed.at(-1)!, /"status": "successful"/);
  } finally {
    await hangUp.close();
    await tmp.remove();
  }
});

Deno.test("a full queue drops events, oldest first, never a status; what arrives is in order", async () => {
  const tmp = await tempDir();
  let release!: () => void;
  const released = new Promise<void>((resolve) => release = resolve);
  // The first request is held until the job's stream has ended: everything
  // after it waits in a queue of 3.
  const receiver = await startReceiver({ hold: (index) => index === 0 ? released : undefined });
  try {
    const stream = await jobStream(tmp.path, PING, {
      runner_http_url: receiver.url,
      tachyon_http_queue_size: 3,
      tachyon_http_drain_timeout: 30,
    }, localHosts(6));
    const out = await runEmitterWorker(join(tmp.path, "pdd"), stream, { onEof: release });
    assert.equal(out.code, 0, out.stderr);
    const printed = pluginLines(out.stdout);
    const received = receiver.requests.map((r) => r.body);
    assert.ok(isSubsequence(received, printed), "what arrives is in the printed order");
    assert.ok(received.length < printed.length, `${received.length} of ${printed.length} arrived`);
    assert.deepEqual(statusesOf(received), statusesOf(printed), "every status arrives");
    assert.equal(received.at(-1), printed.at(-1));
  } finally {
    await receiver.close();
    await tmp.remove();
  }
});

Deno.test("the default binary: the job runs, a warning says why nothing is sent and how to build one that sends", async () => {
  const tmp = await tempDir();
  const receiver = await startReceiver();
  const socketPath = join(tmp.path, "events.sock");
  const socketReceiver = await startReceiver({ socketPath });
  try {
    for (
      const [name, env, wanted] of [
        ["tcp", {}, /no network access to 127\.0\.0\.1:\d+ \(the default binary has none at all\)/],
        ["unix", { RUNNER_HTTP_URL: socketPath }, /lacks network \(net\) access to it/],
      ] as const
    ) {
      const stream = await jobStream(
        join(tmp.path, name),
        PING,
        { runner_http_url: receiver.url },
        localHosts(1),
      );
      const out = await runEmitterWorker(join(tmp.path, name, "pdd"), stream, {
        permissions: "default",
        env,
      });
      assert.equal(out.code, 0, out.stderr);
      assert.equal(out.stderr, "", "nothing but the protocol is written");
      const warnings = pluginLines(out.stdout).map((l) => JSON.parse(l)).filter((m) =>
        m.event === "warning"
      );
      assert.equal(warnings.length, 1, name);
      // The warning's text as Ansible prints one: coloured, wrapped at 80 columns.
      // deno-lint-ignore no-control-regex
      const text = String(warnings[0].stdout).replace(/\x1b\[[0-9;]*m/g, "").replace(/\s+/g, " ");
      assert.match(
        text,
        /runner_http_url \(or RUNNER_HTTP_URL\) asks tachyon to POST every status/,
      );
      assert.match(text, wanted);
      assert.match(text, /the job runs without the HTTP emitter/);
      assert.match(text, /`deno task compile:emitter`/);
      assert.ok(!text.includes("NotCapable"));
      assert.match(out.stdout, /"status": "successful"/);
    }
    assert.equal(receiver.requests.length, 0);
    assert.equal(socketReceiver.requests.length, 0);
  } finally {
    await receiver.close();
    await socketReceiver.close();
    await tmp.remove();
  }
});
