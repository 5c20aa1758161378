/**
 * Inventory loading can always be stopped: an abort signal kills running
 * scripts (their whole process groups, which the job's registry tracks)
 * and rejects with the signal's reason, between files and within a long
 * YAML inventory too (the interop tier: real processes killed, real timing;
 * the rest is in `abort_test.ts`).
 */
import assert from "node:assert/strict";
import { InventoryError, loadInventory } from "../../../src/engine/inventory/mod.ts";
import { ProcessRegistry } from "../../../src/engine/process_registry.ts";
import { writeTree } from "../../_oracles/ansible_cli.ts";
import { withTempDir } from "../_support.ts";
import { sleepMarker, sleepProcesses } from "../../_support/sleep_processes.ts";
import { eventually } from "../../_support/deadline.ts";

class Stop extends Error {
  override name = "Stop";
}

/** Runs `load` and aborts it (with a Stop reason) once `ready()` holds; returns ms to reject. */
async function abortWhen(
  ready: () => boolean,
  load: (signal: AbortSignal) => Promise<unknown>,
): Promise<number> {
  const controller = new AbortController();
  const reason = new Stop("stop");
  const loading = load(controller.signal);
  loading.catch(() => {});
  await eventually("ready to abort", 15_000, ready);
  const start = performance.now();
  controller.abort(reason);
  await assert.rejects(loading, (e) => {
    assert.equal(e, reason, "rejects with the signal's reason itself");
    return true;
  });
  return performance.now() - start;
}

const exec = (text: string) => ({ text, mode: 0o755 });

Deno.test("abort: a hanging --list is killed with its process group, registered meanwhile", async () => {
  await withTempDir(async (dir) => {
    const mark = sleepMarker("3602");
    await writeTree(dir, { "inv": exec(`#!/bin/sh\nsleep ${mark}\necho '{}'\n`) });
    const registry = new ProcessRegistry();
    const ms = await abortWhen(
      () => sleepProcesses(mark).length === 1 && registry.size === 1,
      (signal) => loadInventory([`${dir}/inv`], { signal, registry }),
    );
    assert.ok(ms < 1000, `rejected ${ms.toFixed(0)} ms after the abort`);
    await eventually("the group is gone", 2000, () => sleepProcesses(mark).length === 0);
    await eventually("the registry is empty", 2000, () => registry.size === 0);
  });
});

Deno.test("abort: every running --host is killed", async () => {
  await withTempDir(async (dir) => {
    const mark = sleepMarker("3602");
    const hosts = Array.from({ length: 20 }, (_, i) => `h${i}`);
    await writeTree(dir, {
      "inv": exec(
        `#!/bin/sh\nif [ "$1" = --list ]; then echo '{"web": ${
          JSON.stringify(hosts)
        }}'; else sleep ${mark}; echo '{}'; fi\n`,
      ),
    });
    const registry = new ProcessRegistry();
    const ms = await abortWhen(
      () => sleepProcesses(mark).length === 8,
      (signal) => loadInventory([`${dir}/inv`], { signal, registry }),
    );
    assert.ok(ms < 1000, `rejected ${ms.toFixed(0)} ms after the abort`);
    await eventually("all --host groups are gone", 2000, () => sleepProcesses(mark).length === 0);
    // No --host started after the abort.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(sleepProcesses(mark).length, 0);
  });
});

Deno.test("abort: one failing --host stops the others", async () => {
  await withTempDir(async (dir) => {
    const mark = sleepMarker("3602");
    await writeTree(dir, {
      "inv": exec(
        `#!/bin/sh\ncase "$1 $2" in\n--list*) echo '{"web": ["bad", "h1", "h2", "h3"]}';;\n` +
          `"--host bad") sleep 0.5; echo 'not: [valid';;\n*) sleep ${mark}; echo '{}';;\nesac\n`,
      ),
    });
    const start = performance.now();
    await assert.rejects(loadInventory([`${dir}/inv`]), (e: Error) => {
      assert.ok(e instanceof InventoryError);
      assert.match(e.message, /could not parse post variable response/);
      return true;
    });
    assert.ok(performance.now() - start < 5000);
    await eventually(
      "the other --host runs are gone",
      2000,
      () => sleepProcesses(mark).length === 0,
    );
  });
});

Deno.test("abort: the loader lets timers fire between files and stops there", async () => {
  await withTempDir(async (dir) => {
    const files: Record<string, string> = {};
    // Each file takes the YAML parser tens of milliseconds.
    const body = Array.from({ length: 500 }, (_, i) => `  v${i}: {a: [1, 2, 3], b: text}`)
      .join("\n");
    for (let i = 0; i < 20; i++) {
      files[`inv/f${String(i).padStart(2, "0")}.yml`] = `g${i}:\n  vars:\n${body}\n`;
    }
    await writeTree(dir, files);
    const full = performance.now();
    await loadInventory([`${dir}/inv`]);
    const fullMs = performance.now() - full;

    const controller = new AbortController();
    const reason = new Stop("timer");
    const start = performance.now();
    const timer = setTimeout(() => controller.abort(reason), 100);
    await assert.rejects(
      loadInventory([`${dir}/inv`], { signal: controller.signal }),
      (e) => e === reason,
    );
    clearTimeout(timer);
    const ms = performance.now() - start;
    assert.ok(ms < 100 + fullMs / 2, `stopped after ${ms.toFixed(0)} ms of ${fullMs.toFixed(0)}`);
  });
});

Deno.test("abort: a YAML inventory aliasing one big hosts map into many groups stops on time", async () => {
  await withTempDir(async (dir) => {
    const hosts = Array.from({ length: 10_000 }, (_, i) => `    h${i}:\n`).join("");
    const groups = Array.from({ length: 2000 }, (_, i) => `g${i + 1}: *g\n`).join("");
    // 2 * 10^7 group memberships from 200 KB of text (Ansible does the same work).
    await writeTree(dir, { "hosts.yml": `g0: &g\n  hosts:\n${hosts}${groups}` });
    const controller = new AbortController();
    const reason = new Stop("timer");
    const start = performance.now();
    const timer = setTimeout(() => controller.abort(reason), 300);
    await assert.rejects(
      loadInventory([`${dir}/hosts.yml`], { signal: controller.signal }),
      (e) => e === reason,
    );
    clearTimeout(timer);
    const ms = performance.now() - start;
    assert.ok(ms < 2000, `stopped after ${ms.toFixed(0)} ms`);
  });
});
