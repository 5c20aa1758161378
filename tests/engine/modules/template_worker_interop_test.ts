/**
 * An ad hoc `template` job through the worker, exactly as AWX sends one (the
 * real `ansible-runner transmit`), run by tachyon's entrypoint with the
 * binary's permission set: the template engine loads (its WebAssembly is
 * a module, not a file read), the job's extra vars are used, and the written file is what real Ansible writes for
 * the same job run by the real `ansible-runner worker`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  parseStream,
  runWorker,
  tempDir,
  transmit,
  type WorkerName,
} from "../../_support/worker_process.ts";
import { withDeadline } from "../../_support/deadline.ts";

Deno.test("an ad hoc template job: tachyon's worker writes what ansible-runner's writes", async () => {
  const tmp = await tempDir("tachyon_template_worker_");
  try {
    await runBoth(tmp.path);
  } finally {
    await tmp.remove();
  }
});

async function runBoth(root: string): Promise<void> {
  const written: Record<string, string> = {};
  const results: Record<string, Record<string, unknown>> = {};
  for (const name of ["ansible-runner", "tachyon"] as WorkerName[]) {
    const pdd = join(root, `pdd-${name}`);
    const dest = join(root, `out-${name}.conf`);
    await Deno.mkdir(join(pdd, "project", "templates"), { recursive: true });
    await Deno.mkdir(join(pdd, "inventory"));
    await Deno.mkdir(join(pdd, "env"));
    await Deno.writeTextFile(
      join(pdd, "project", "templates", "app.conf.j2"),
      "# {{ ansible_managed }}\n{% for u in users %}\nuser={{ u }}\n{% endfor %}\n" +
        "opts={{ opts }} on={{ on }} none={{ nothing }}|\n",
    );
    await Deno.writeTextFile(
      join(pdd, "inventory", "hosts"),
      "localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n",
    );
    await Deno.writeTextFile(
      join(pdd, "env", "extravars"),
      JSON.stringify({
        users: ["a", "b"],
        opts: { z: 1, a: [true, null] },
        on: true,
        nothing: null,
      }),
    );
    const stream = await transmit(pdd, [
      "-m",
      "template",
      "-a",
      // Absolute: an ad hoc ansible-runner job looks in the pdd (its cwd), not in project/.
      `src=${join(pdd, "project", "templates", "app.conf.j2")} dest=${dest} mode=0600`,
      "--hosts",
      "localhost",
    ]);
    const out = await withDeadline(
      120_000,
      `${name} worker`,
      () => runWorker(name, join(root, `w-${name}`), stream),
    );
    const events = parseStream(out.stdout);
    const ok = events.find((e) => e.event === "runner_on_ok");
    const shown = events.filter((e) => String(e.event ?? "").startsWith("runner_on"))
      .map((e) => JSON.stringify((e.event_data as Record<string, unknown>).res));
    assert.ok(ok, `${name}: no runner_on_ok: ${shown.join("\n")}`);
    results[name] = (ok.event_data as Record<string, unknown>).res as Record<string, unknown>;
    written[name] = await Deno.readTextFile(dest);
    assert.equal((await Deno.stat(dest)).mode! & 0o777, 0o600);
  }
  assert.equal(written.tachyon, written["ansible-runner"]);
  for (const key of ["changed", "checksum", "md5sum", "mode", "size", "state"]) {
    assert.deepEqual(results.tachyon[key], results["ansible-runner"][key], key);
  }
}
