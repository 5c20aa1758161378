/**
 * Inventory limits of the interop tier: script stdout over the limit is an
 * error naming it and the script is killed (a real process group), stderr is
 * kept up to a bound; host ranges expand to at most a million names, on time
 * (a timed test of about a second). File sizes and special files are in
 * `limits_test.ts`.
 */
import assert from "node:assert/strict";
import { loadInventory } from "../../../src/engine/inventory/mod.ts";
import { ScriptInventoryError } from "../../../src/engine/inventory/errors.ts";
import { expandHostnameRange, HostRangeError } from "../../../src/engine/inventory/host_range.ts";
import { runInventoryScript } from "../../../src/engine/inventory/script_process.ts";
import { writeTree } from "../../_oracles/ansible_cli.ts";
import { withTempDir } from "../_support.ts";
import { sleepMarker, sleepProcesses } from "../../_support/sleep_processes.ts";
import { eventually } from "../../_support/deadline.ts";

const exec = (text: string) => ({ text, mode: 0o755 });

Deno.test("limits: script stdout over the limit is an error naming it, and the script is killed", async () => {
  await withTempDir(async (dir) => {
    const mark = sleepMarker("3603");
    await writeTree(dir, {
      "flood": exec(`#!/bin/sh\n(sleep ${mark}) &\nexec yes\n`),
      "noisy": exec(`#!/bin/sh\nhead -c 3000000 /dev/zero | tr '\\0' e >&2\nexit 3\n`),
    });
    await assert.rejects(
      runInventoryScript(`${dir}/flood`, ["--list"], { maxStdoutBytes: 64 * 1024 }),
      (e: Error) => {
        assert.ok(e instanceof ScriptInventoryError);
        assert.match(e.message, /printed more than 64 KiB on stdout/);
        return true;
      },
    );
    await eventually("the flooding group is gone", 2000, () => sleepProcesses(mark).length === 0);
    const out = await runInventoryScript(`${dir}/noisy`, ["--list"]);
    assert.equal(out.code, 3);
    assert.ok(out.stderr.length < 1024 * 1024 + 100, `${out.stderr.length}`);
    assert.match(out.stderr, /^e+\n\[stderr cut at 1 MiB\]\n$/);
  });
});

Deno.test("limits: host ranges expand to at most a million names", async () => {
  assert.equal(expandHostnameRange("h[1:1000][1:1000]").length, 1_000_000);
  for (const pattern of ["h[0:999999999]", "h[1:1001][1:1000]", "h[a:z][0:99999]"]) {
    const start = performance.now();
    assert.throws(
      () => expandHostnameRange(pattern),
      (e: Error) => {
        assert.ok(e instanceof HostRangeError);
        assert.match(e.message, /expands to more than 1000000 hosts \(tachyon's limit\)/);
        return true;
      },
    );
    assert.ok(performance.now() - start < 3000, pattern);
  }
  await withTempDir(async (dir) => {
    await writeTree(dir, { "hosts": "[web]\nweb[0:999999999]\n" });
    await assert.rejects(loadInventory([`${dir}/hosts`]), /expands to more than 1000000 hosts/);
  });
});
