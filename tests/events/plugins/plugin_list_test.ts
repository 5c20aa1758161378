/**
 * The job's plugins behind one sink: which protocol lines reach them, that
 * a failing plugin stops nothing, the bounded queue, and what
 * `eventPluginsFor` builds from settings and environment.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type EventPlugin,
  EventPlugins,
  eventPluginsFor,
  HttpEmitter,
  type PluginReport,
  type RunnerMessage,
} from "../../../src/events/plugins/mod.ts";
import { DeliveryQueue } from "../../../src/events/plugins/delivery_queue.ts";

class Collect implements EventPlugin {
  readonly name = "collect";
  readonly seen: string[] = [];
  status(message: RunnerMessage): void {
    this.seen.push(`status:${message.json}`);
  }
  event(message: RunnerMessage): void {
    this.seen.push(`event:${message.json}`);
  }
  close(): Promise<PluginReport> {
    return Promise.resolve({
      plugin: this.name,
      delivered: this.seen.length,
      dropped: 0,
      failed: 0,
      undelivered: 0,
    });
  }
}

Deno.test("statuses and events reach every plugin, in order; keepalive, zipfile, eof and junk do not", async () => {
  const first = new Collect();
  const broken: EventPlugin = {
    name: "broken",
    status: () => {
      throw new Error("boom");
    },
    event: () => {
      throw new Error("boom");
    },
    close: () => Promise.reject(new Error("boom")),
  };
  const last = new Collect();
  const plugins = new EventPlugins([first, broken, last]);
  const lines = [
    '{"status": "starting", "runner_ident": "1", "command": [], "env": {}, "cwd": "/"}',
    '{"event": "keepalive", "counter": 0, "uuid": 0}',
    '{"event": "verbose", "counter": 1, "stdout": "x"}',
    '{"zipfile": 22}',
    "not json",
    "[1, 2]",
    '{"status": "successful", "runner_ident": "1"}',
    '{"eof": true}',
  ];
  for (const line of lines) plugins.dispatch(line);
  const expected = [
    `status:${lines[0]}`,
    `event:${lines[2]}`,
    `status:${lines[6]}`,
  ];
  assert.deepEqual(first.seen, expected);
  assert.deepEqual(last.seen, expected);
  const reports = await plugins.close();
  assert.deepEqual(reports.map((r) => r.plugin), ["collect", "collect"]);
});

Deno.test("values are serialized as the worker writes them (Python's json.dumps)", () => {
  const collect = new Collect();
  const plugins = new EventPlugins([collect]);
  plugins.status({ status: "running", runner_ident: "é" });
  assert.deepEqual(collect.seen, ['status:{"status": "running", "runner_ident": "\\u00e9"}']);
});

Deno.test("eventPluginsFor: nothing asked, nothing built; a URL builds the HTTP emitter; extras follow", async () => {
  const none = eventPluginsFor({}, () => undefined);
  assert.equal(none.active, false);
  assert.deepEqual(none.warnings, []);
  const extra = new Collect();
  const http = eventPluginsFor(
    { runner_http_url: "http://127.0.0.1:9/", tachyon_http_drain_timeout: 0 },
    () => undefined,
    [extra],
  );
  assert.ok(http.plugins[0] instanceof HttpEmitter);
  assert.equal(http.plugins[1], extra);
  await http.close();
  const refused = eventPluginsFor({ runner_http_url: "mailto:ops@example.com" }, () => undefined);
  assert.equal(refused.active, false);
  assert.match(refused.warnings[0], /the HTTP emitter is off/);
});

Deno.test("the queue: oldest events go first, statuses stay, the character bound counts too", () => {
  const queue = new DeliveryQueue({ messages: 100, characters: 10 });
  queue.push({ body: "S", status: true });
  queue.push({ body: "aaaa", status: false });
  queue.push({ body: "bbbb", status: false });
  queue.push({ body: "cccc", status: false }); // 13 characters: "aaaa" goes
  assert.equal(queue.dropped, 1);
  queue.push({ body: "TTTTTTTTTTTT", status: true }); // every event goes; statuses stay over the bound
  assert.equal(queue.dropped, 3);
  assert.deepEqual([queue.shift()?.body, queue.shift()?.body, queue.shift()], [
    "S",
    "TTTTTTTTTTTT",
    undefined,
  ]);
  queue.push({ body: "e", status: false });
  queue.push({ body: "s", status: true });
  assert.equal(queue.dropEvents(), 1);
  assert.equal(queue.length, 1);
});
