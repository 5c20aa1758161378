/**
 * The HTTP emitter when the receiver is not there: a receiver down for a
 * while gets everything once it is up; one that never answers, or a closed
 * port, bounds `close` by the drain timeout, and the final status is still
 * attempted. Each test waits out real retry delays and drain timeouts; the
 * emitter's quick cases are in `http_emitter_test.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { HttpEmitter } from "../../../src/events/plugins/mod.ts";
import { FAST, feed, jobMessages, settings, tcp } from "./_emitter_feed.ts";
import { freePort, startHangUpReceiver, startReceiver } from "./_receiver.ts";
import { withDeadline } from "../../_support/deadline.ts";

Deno.test("a receiver down for a while gets everything, in order, once it is up", async () => {
  const port = freePort();
  const emitter = new HttpEmitter(tcp(`http://127.0.0.1:${port}/events`), settings(), FAST);
  const messages = jobMessages(30);
  feed(emitter, messages.slice(0, 10)); // while it is down
  await new Promise((resolve) => setTimeout(resolve, 700));
  const receiver = await startReceiver({ port });
  try {
    feed(emitter, messages.slice(10));
    const report = await withDeadline(30_000, "close", () => emitter.close());
    assert.deepEqual(receiver.requests.map((r) => r.body), messages.map((m) => m.json));
    assert.equal(report.delivered, messages.length);
  } finally {
    await receiver.close();
  }
});

Deno.test("a receiver that never comes back: close keeps its bound, and the final status is attempted", async () => {
  const hangUp = startHangUpReceiver();
  try {
    const emitter = new HttpEmitter(
      tcp(hangUp.url),
      settings({ drainTimeoutMs: 1500 }),
      { firstMs: 100, maxMs: 400 },
    );
    const messages = jobMessages(200);
    feed(emitter, messages);
    const started = performance.now();
    const report = await emitter.close();
    const took = performance.now() - started;
    assert.ok(took < 1500 + 1000, `close took ${took} ms`);
    assert.equal(report.delivered, 0);
    assert.equal(
      report.dropped + report.undelivered + report.failed,
      messages.length,
      JSON.stringify(report),
    );
    assert.equal(hangUp.attempts.at(-1), messages.at(-1)!.json, "the final status was attempted");
    // Attempts are in order: the first message first, retried; the final status last.
    assert.equal(hangUp.attempts[0], messages[0].json);
  } finally {
    await hangUp.close();
  }
});

Deno.test("a closed port: close returns within its bound", async () => {
  const emitter = new HttpEmitter(
    tcp(`http://127.0.0.1:${freePort()}/`),
    settings({ drainTimeoutMs: 800 }),
  );
  feed(emitter, jobMessages(5));
  const started = performance.now();
  const report = await emitter.close();
  const took = performance.now() - started;
  assert.ok(took < 800 + 1000, `close took ${took} ms`);
  assert.equal(report.undelivered + report.dropped, 8);
});
