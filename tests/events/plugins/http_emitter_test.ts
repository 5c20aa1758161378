/**
 * The HTTP emitter against real loopback receivers (TCP and a unix socket):
 * order, headers, queue overflow, error answers. Retries while the receiver
 * is down and the drain bound when it never comes back (each waits out its
 * delays) are in `http_emitter_interop_test.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { HttpEmitter } from "../../../src/events/plugins/mod.ts";
import { FAST, feed, jobMessages, settings, tcp } from "./_emitter_feed.ts";
import { freePort, startReceiver } from "./_receiver.ts";
import { tempDir } from "../../_support/worker_process.ts";
import { withDeadline } from "../../_support/deadline.ts";

Deno.test("every message reaches a TCP receiver in order, as JSON, with the settings' headers", async () => {
  const receiver = await startReceiver();
  try {
    const emitter = new HttpEmitter(
      tcp(receiver.url),
      settings({ headers: [["Authorization", "Bearer x"], ["X-Job", "7"]] }),
      FAST,
    );
    const messages = jobMessages(50);
    feed(emitter, messages);
    const report = await withDeadline(30_000, "close", () => emitter.close());
    assert.deepEqual(receiver.requests.map((r) => r.body), messages.map((m) => m.json));
    assert.deepEqual(report, {
      plugin: "http",
      delivered: 53,
      dropped: 0,
      failed: 0,
      undelivered: 0,
    });
    for (const request of receiver.requests) {
      assert.equal(request.path, "/events");
      assert.equal(request.headers["content-type"], "application/json");
      assert.equal(request.headers["authorization"], "Bearer x");
      assert.equal(request.headers["x-job"], "7");
    }
  } finally {
    await receiver.close();
  }
});

Deno.test("a Content-Type from the settings replaces application/json", async () => {
  const receiver = await startReceiver();
  try {
    const emitter = new HttpEmitter(
      tcp(receiver.url),
      settings({ headers: [["content-type", "application/vnd.runner+json"]] }),
    );
    feed(emitter, jobMessages(0).slice(0, 1));
    await emitter.close();
    assert.equal(receiver.requests[0].headers["content-type"], "application/vnd.runner+json");
  } finally {
    await receiver.close();
  }
});

Deno.test("every message reaches a unix socket receiver in order, on runner_http_path", async () => {
  const dir = await tempDir();
  const socketPath = join(dir.path, "events.sock");
  const receiver = await startReceiver({ socketPath });
  try {
    const emitter = new HttpEmitter(
      { kind: "unix", socketPath, requestPath: "/runner/events" },
      settings(),
      FAST,
    );
    const messages = jobMessages(20);
    feed(emitter, messages);
    const report = await withDeadline(30_000, "close", () => emitter.close());
    assert.equal(report.delivered, messages.length);
    assert.deepEqual(receiver.requests.map((r) => r.body), messages.map((m) => m.json));
    assert.ok(receiver.requests.every((r) => r.path === "/runner/events"));
    assert.ok(receiver.requests.every((r) => r.headers["content-type"] === "application/json"));
  } finally {
    await receiver.close();
    await dir.remove();
  }
});

Deno.test("a full queue drops the oldest events, keeps every status, and counts them", async () => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => open = resolve);
  const receiver = await startReceiver({ hold: (index) => index === 0 ? gate : undefined });
  try {
    const emitter = new HttpEmitter(
      tcp(receiver.url),
      settings({ queue: { messages: 3, characters: 1 << 20 } }),
      FAST,
    );
    const messages = jobMessages(10);
    feed(emitter, messages.slice(0, 1));
    // The sender holds "starting" at the receiver; the rest waits in a queue of 3.
    while (receiver.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    feed(emitter, messages.slice(1));
    open();
    const report = await withDeadline(30_000, "close", () => emitter.close());
    const bodies = receiver.requests.map((r) => r.body);
    assert.deepEqual(bodies, [
      messages[0].json, // starting (in flight)
      messages[1].json, // running: a status is never dropped
      messages[11].json, // the newest event that fits beside them
      messages[12].json, // successful
    ]);
    assert.deepEqual(report, {
      plugin: "http",
      delivered: 4,
      dropped: 9,
      failed: 0,
      undelivered: 0,
    });
  } finally {
    await receiver.close();
  }
});

Deno.test("error answers: 4xx is not retried, 5xx is retried a few times, then the next goes", async () => {
  const receiver = await startReceiver({
    answer: (_, body) =>
      body.includes('"counter": 1,') ? 400 : body.includes('"counter": 2,') ? 503 : 200,
  });
  try {
    const emitter = new HttpEmitter(tcp(receiver.url), settings(), { firstMs: 10, maxMs: 20 });
    const messages = jobMessages(3);
    feed(emitter, messages);
    const report = await withDeadline(30_000, "close", () => emitter.close());
    const counts = receiver.requests.map((r) =>
      JSON.parse(r.body).counter ?? JSON.parse(r.body).status
    );
    assert.deepEqual(counts, ["starting", "running", 1, 2, 2, 2, 2, 2, 3, "successful"]);
    assert.deepEqual(report, {
      plugin: "http",
      delivered: 4,
      dropped: 0,
      failed: 2,
      undelivered: 0,
    });
  } finally {
    await receiver.close();
  }
});

Deno.test("close with nothing sent returns at once; messages after close are ignored", async () => {
  const emitter = new HttpEmitter(tcp(`http://127.0.0.1:${freePort()}/`), settings());
  const started = performance.now();
  const report = await emitter.close();
  assert.ok(performance.now() - started < 500);
  feed(emitter, jobMessages(1));
  assert.deepEqual(await emitter.close(), report);
  assert.equal(report.delivered + report.undelivered, 0);
});
