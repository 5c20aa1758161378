/**
 * The emitter's configuration as ansible-runner-http reads it (environment
 * over settings, the path only on a socket) and tachyon's checks of it.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  HTTP_EMITTER_DEFAULTS,
  httpEmitterSettings,
  httpTarget,
} from "../../../src/events/plugins/mod.ts";
import { permissionProblem, targetLabel } from "../../../src/events/plugins/http_target.ts";

const noEnv = () => undefined;
const envOf = (values: Record<string, string>) => (name: string) => values[name];

Deno.test("RUNNER_HTTP_URL and RUNNER_HTTP_PATH win over the settings; empty ones count as unset", () => {
  const settings = { runner_http_url: "http://127.0.0.1:1/a", runner_http_path: "/s" };
  const fromEnv = httpEmitterSettings(
    settings,
    envOf({ RUNNER_HTTP_URL: "/runner/r.sock", RUNNER_HTTP_PATH: "/e" }),
  );
  assert.equal(fromEnv.settings?.url, "/runner/r.sock");
  assert.equal(fromEnv.settings?.path, "/e");
  const empty = httpEmitterSettings(settings, envOf({ RUNNER_HTTP_URL: "", RUNNER_HTTP_PATH: "" }));
  assert.equal(empty.settings?.url, "http://127.0.0.1:1/a");
  assert.equal(empty.settings?.path, "/s");
  assert.equal(httpEmitterSettings({ runner_http_url: null }, noEnv).settings, undefined);
  assert.deepEqual(httpEmitterSettings({}, noEnv), { warnings: [] });
});

Deno.test("defaults, tachyon's bounds, and values that cannot be used", () => {
  const plain = httpEmitterSettings({ runner_http_url: "http://h/" }, noEnv);
  assert.deepEqual(plain.warnings, []);
  assert.deepEqual(plain.settings, {
    url: "http://h/",
    path: undefined,
    headers: [],
    queue: {
      messages: HTTP_EMITTER_DEFAULTS.queueSize,
      characters: HTTP_EMITTER_DEFAULTS.queueCharacters,
    },
    drainTimeoutMs: 5000,
    requestTimeoutMs: 10_000,
  });
  const tuned = httpEmitterSettings({
    runner_http_url: "http://h/",
    tachyon_http_queue_size: "50",
    tachyon_http_drain_timeout: 0.5,
    tachyon_http_timeout: 2,
  }, noEnv);
  assert.deepEqual(tuned.warnings, []);
  assert.equal(tuned.settings?.queue.messages, 50);
  assert.equal(tuned.settings?.drainTimeoutMs, 500);
  assert.equal(tuned.settings?.requestTimeoutMs, 2000);
  const bad = httpEmitterSettings({
    runner_http_url: "http://h/",
    tachyon_http_queue_size: 0,
    tachyon_http_drain_timeout: -1,
    tachyon_http_timeout: "soon",
    runner_http_path: 3,
  }, noEnv);
  assert.equal(bad.warnings.length, 4);
  assert.equal(bad.settings?.queue.messages, 10_000);
  assert.equal(bad.settings?.drainTimeoutMs, 5000);
  assert.equal(bad.settings?.path, undefined);
  assert.deepEqual(httpEmitterSettings({ runner_http_url: 42 }, noEnv).settings, undefined);
});

Deno.test("runner_http_headers: in order; numbers sent as text; invalid ones named, never their values", () => {
  const { settings, warnings } = httpEmitterSettings({
    runner_http_url: "http://h/",
    runner_http_headers: {
      "X-B": "2",
      Authorization: "Bearer s3cret",
      "X-Num": 5,
      "Bad Name": "v",
      "X-Split": "a\r\nInjected: 1",
      "X-Obj": { a: 1 },
    },
  }, noEnv);
  assert.deepEqual(settings?.headers, [["X-B", "2"], ["Authorization", "Bearer s3cret"], [
    "X-Num",
    "5",
  ]]);
  assert.equal(warnings.length, 3);
  assert.ok(warnings.every((w) => !w.includes("Injected") && !w.includes("s3cret")));
  assert.match(warnings[0], /"Bad Name"/);
  const notMapping = httpEmitterSettings(
    { runner_http_url: "http://h/", runner_http_headers: ["a"] },
    noEnv,
  );
  assert.deepEqual(notMapping.settings?.headers, []);
  assert.equal(notMapping.warnings.length, 1);
});

Deno.test("the target: a URL (its own path; runner_http_path unused, as the reference) or a socket path", () => {
  assert.deepEqual(httpTarget("https://example.com:8443/hook?x=1", "/p"), {
    kind: "tcp",
    url: "https://example.com:8443/hook?x=1",
  });
  assert.deepEqual(httpTarget("/runner/r.sock", undefined), {
    kind: "unix",
    socketPath: "/runner/r.sock",
    requestPath: "/",
  });
  assert.deepEqual(httpTarget("/runner/r.sock", "v1/events"), {
    kind: "unix",
    socketPath: "/runner/r.sock",
    requestPath: "/v1/events",
  });
  assert.ok("problem" in httpTarget("relative/r.sock", undefined));
  assert.ok("problem" in httpTarget("ftp://example.com/", undefined));
});

Deno.test("what a job's output may show of the target: no credentials, path or query", () => {
  assert.equal(
    targetLabel({ kind: "tcp", url: "http://user:pw@10.0.0.1:8080/hook?token=t" }),
    "http://10.0.0.1:8080",
  );
});

Deno.test("under a permission set with network and the temp dir, both targets are allowed", () => {
  // These tests run with every permission (-P=test); the refusals are shown by the
  // worker under the binary's own set (worker_emitter_interop_test.ts).
  assert.equal(permissionProblem({ kind: "tcp", url: "http://127.0.0.1:9/" }), undefined);
  assert.equal(
    permissionProblem({ kind: "unix", socketPath: "/tmp/x.sock", requestPath: "/" }),
    undefined,
  );
});
