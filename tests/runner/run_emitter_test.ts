/**
 * The library's run posts to the HTTP emitter a job's settings name: every
 * status and event, in order, as the runner saw them (the worker's side is
 * in `tests/events/plugins/`). Loopback only.
 */
import assert from "node:assert/strict";
import { run } from "../../mod.ts";
import { withDeadline } from "../_support/deadline.ts";
import { startReceiver } from "../events/plugins/_receiver.ts";
import { collect, localPdd } from "./_runner_pdd.ts";

Deno.test("run(): runner_http_url in the settings gets every status and event, in order", async () => {
  const receiver = await startReceiver();
  const pdd = await localPdd({
    "env/settings": JSON.stringify({ runner_http_url: receiver.url }),
  });
  try {
    const statuses: string[] = [];
    const runner = await withDeadline(60_000, "run()", () =>
      run({
        privateDataDir: pdd.path,
        module: "command",
        moduleArgs: "echo hello",
        hostPattern: "localhost",
        quiet: true,
        statusHandler: (status) => statuses.push(status.status),
      }));
    assert.equal(runner.status, "successful");
    const events = await collect(runner.events);
    const posted = receiver.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    // Statuses and events interleave as they happened: starting, running, the events, the end.
    assert.deepEqual(
      posted.filter((p) => "status" in p && !("event" in p)).map((p) => p.status),
      statuses,
    );
    assert.deepEqual(
      posted.filter((p) => "event" in p).map((p) => p.uuid),
      events.map((e) => e.uuid),
    );
    assert.equal(posted.at(-1)?.status, "successful");
    assert.equal(posted[0].status, "starting");
  } finally {
    await pdd.remove();
    await receiver.close();
  }
});
