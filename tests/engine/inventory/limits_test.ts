/**
 * Inventory input limits: script stdout (an error naming the limit, the
 * script killed) and stderr (kept up to a bound), file sizes, special
 * files, YAML text size and host ranges.
 */
import assert from "node:assert/strict";
import { loadInventory } from "../../../src/engine/inventory/mod.ts";
import {
  InventoryFileTooLargeError,
  ScriptInventoryError,
} from "../../../src/engine/inventory/errors.ts";
import { expandHostnameRange, HostRangeError } from "../../../src/engine/inventory/host_range.ts";
import { MAX_INVENTORY_FILE_BYTES } from "../../../src/engine/inventory/limits.ts";
import { runInventoryScript } from "../../../src/engine/inventory/script_process.ts";
import { withTempDir, writeTree } from "./ansible_oracle.ts";
import { sleepMarker, sleepProcesses } from "../../_support/sleep_processes.ts";

const exec = (text: string) => ({ text, mode: 0o755 });

function marker(): string {
  return sleepMarker("3603");
}

function sleeping(mark: string): number {
  return sleepProcesses(mark).length;
}

async function until(what: string, test: () => boolean, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!test()) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("limits: script stdout over the limit is an error naming it, and the script is killed", async () => {
  await withTempDir(async (dir) => {
    const mark = marker();
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
    await until("the flooding group is gone", () => sleeping(mark) === 0, 2000);
    const out = await runInventoryScript(`${dir}/noisy`, ["--list"]);
    assert.equal(out.code, 3);
    assert.ok(out.stderr.length < 1024 * 1024 + 100, `${out.stderr.length}`);
    assert.match(out.stderr, /^e+\n\[stderr cut at 1 MiB\]\n$/);
  });
});

Deno.test("limits: an inventory or vars file over the size limit, or not a regular file, is refused", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "a/hosts": "[web]\nh1\n", "b/hosts": "[web]\nh1\n" });
    for (const path of [`${dir}/a/big.yml`, `${dir}/b/group_vars/web.yml`]) {
      await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      const file = await Deno.open(path, { create: true, write: true });
      await file.truncate(MAX_INVENTORY_FILE_BYTES + 1); // sparse: no disk used
      file.close();
    }
    await assert.rejects(loadInventory([`${dir}/a`]), (e: Error) => {
      assert.ok(e instanceof InventoryFileTooLargeError, e.name);
      assert.match(e.message, /big\.yml: 268435457 bytes is over tachyon's 256 MiB limit/);
      return true;
    });
    await assert.rejects(loadInventory([`${dir}/b/hosts`]), InventoryFileTooLargeError);

    await Deno.mkdir(`${dir}/c`);
    assert.ok((await new Deno.Command("mkfifo", { args: [`${dir}/c/hosts`] }).output()).success);
    await assert.rejects(loadInventory([`${dir}/c/hosts`]), /c\/hosts: not a regular file/);
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
