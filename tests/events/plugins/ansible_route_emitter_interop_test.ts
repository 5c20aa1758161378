/**
 * The HTTP emitter on the Ansible route: a playbook tachyon hands to the
 * EE's own ansible-runner (the real 2.3.1 here). The statuses and events
 * relayed from its stream, and tachyon's decision event, reach the receiver
 * exactly as the worker printed them; under the default permission set the
 * decision event says why nothing is sent.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { tempDir } from "../../_support/worker_process.ts";
import { startReceiver } from "./_receiver.ts";
import { jobStream, pluginLines, runEmitterWorker } from "./_emitter_worker.ts";

const HOSTS = "localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n";
const PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - debug:
        msg: hello from the EE's Ansible
    - command: "true"
`;

Deno.test("Ansible route: the relayed statuses and events reach the receiver as printed, in order", async () => {
  const tmp = await tempDir();
  const receiver = await startReceiver();
  try {
    const stream = await jobStream(
      tmp.path,
      { ident: "a1", playbook: "site.yml" },
      { runner_http_url: receiver.url },
      HOSTS,
      { "site.yml": PLAYBOOK },
    );
    const out = await runEmitterWorker(join(tmp.path, "pdd"), stream);
    assert.equal(out.code, 0, out.stderr);
    const printed = pluginLines(out.stdout);
    const events = printed.map((line) => JSON.parse(line).event).filter((e) => e !== undefined);
    assert.ok(
      events.includes("runner_on_ok") && events.includes("playbook_on_stats"),
      events.join(),
    );
    assert.match(JSON.parse(printed.find((l) => l.includes('"verbose"'))!).stdout, /^tachyon: /);
    assert.deepEqual(receiver.requests.map((r) => r.body), printed);
    assert.match(printed.at(-1)!, /"status": "successful"/);
  } finally {
    await receiver.close();
    await tmp.remove();
  }
});

Deno.test("Ansible route under the default permission set: the decision event says why nothing is sent", async () => {
  const tmp = await tempDir();
  const receiver = await startReceiver();
  try {
    const stream = await jobStream(
      tmp.path,
      { ident: "a2", playbook: "site.yml" },
      { runner_http_url: receiver.url },
      HOSTS,
      { "site.yml": PLAYBOOK },
    );
    const out = await runEmitterWorker(join(tmp.path, "pdd"), stream, { permissions: "default" });
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stderr, "");
    const decision = pluginLines(out.stdout).map((l) => JSON.parse(l)).find((m) =>
      m.event === "verbose"
    );
    assert.match(decision.stdout, /^tachyon: .*\nrunner_http_url \(or RUNNER_HTTP_URL\) asks/s);
    assert.match(decision.stdout, /`deno task compile:emitter`/);
    assert.equal(receiver.requests.length, 0);
  } finally {
    await receiver.close();
    await tmp.remove();
  }
});
