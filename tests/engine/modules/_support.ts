/**
 * Test helpers for modules: run one module through the real engine
 * (`runAdhoc`, a real INI inventory with a local host), and the same module
 * through the real Ansible 2.14 (`ansible localhost -c local -m M -a ARGS`).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadInventory } from "../../../src/engine/inventory/mod.ts";
import { runAdhoc } from "../../../src/engine/run.ts";
import type { RunObserver } from "../../../src/engine/observer.ts";
import type { ModuleResult } from "../../../src/engine/types.ts";
import type {
  ControllerPaths,
  ModuleArgsInput,
  ModuleContext,
} from "../../../src/engine/modules/module.ts";
import type { Connection } from "../../../src/engine/connection/connection.ts";
import { LocalConnection } from "../../../src/engine/connection/local.ts";
import { ProcessRegistry } from "../../../src/engine/process_registry.ts";
import { runAnsible } from "../inventory/ansible_oracle.ts";

/**
 * Runs `fn` with a fresh temp dir under /tmp, removed afterwards.
 *
 * @example
 * ```ts
 * await withTemp(async (dir) => {});
 * ```
 */
export async function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "tachyon_mod_test_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Options of {@linkcode runModule}. */
export interface RunModuleOptions {
  /** Check mode. */
  check?: boolean;
  /** Diff mode. */
  diff?: boolean;
  /** Environment of local commands (e.g. a reduced PATH). */
  env?: Record<string, string>;
  /** Controller paths (default: `dir` for both). */
  controller?: ControllerPaths;
  /** Inventory host name (default `localhost`). */
  host?: string;
  /** Extra vars. */
  extraVars?: Record<string, unknown>;
  /** Aborts the run. */
  signal?: AbortSignal;
  /** Host variables of the inventory line (default `ansible_connection=local`). */
  hostVars?: string;
}

/**
 * Runs `module` with `args` on a local host through `runAdhoc`; returns its result.
 *
 * @example
 * ```ts
 * const r = await runModule(dir, "copy", { content: "x", dest: `${dir}/x` });
 * ```
 */
export async function runModule(
  dir: string,
  module: string,
  args: ModuleArgsInput,
  options: RunModuleOptions = {},
): Promise<ModuleResult> {
  const host = options.host ?? "localhost";
  const invPath = join(dir, ".inventory.ini");
  await Deno.writeTextFile(
    invPath,
    `${host} ${options.hostVars ?? "ansible_connection=local"}\n`,
  );
  const inventory = await loadInventory([invPath]);
  const results: ModuleResult[] = [];
  const observer: RunObserver = {
    playStart() {},
    taskStart() {},
    hostStart() {},
    hostResult(_task, info) {
      results.push(info.result);
    },
    message() {},
  };
  await runAdhoc(module, args, host, {
    inventory,
    extraVars: options.extraVars ?? {},
    signal: options.signal ?? new AbortController().signal,
    observer,
    check: options.check,
    diff: options.diff,
    env: options.env,
    cwd: dir,
    controller: options.controller ?? { projectDir: dir, privateDataDir: dir },
  });
  if (results.length !== 1) throw new Error(`expected one result, got ${results.length}`);
  return results[0];
}

/** Options of {@linkcode runAnsibleModule}. */
export interface AnsibleModuleOptions {
  /** `--check`. */
  check?: boolean;
  /** `--diff`. */
  diff?: boolean;
  /** Extra environment (e.g. fact cache settings). */
  env?: Record<string, string>;
}

/**
 * Runs the real `ansible localhost -c local -m MODULE -a ARGS` (JSON
 * callback) in `cwd`; returns the host's result without `invocation`,
 * `_ansible_no_log`, `action` and the interpreter-discovery fact.
 *
 * @example
 * ```ts
 * const r = await runAnsibleModule(dir, "copy", { content: "x", dest: `${dir}/y` });
 * ```
 */
export async function runAnsibleModule(
  cwd: string,
  module: string,
  args: string | Record<string, unknown>,
  options: AnsibleModuleOptions = {},
): Promise<Record<string, unknown>> {
  const argv = ["localhost", "-i", "localhost,", "-c", "local", "-m", module];
  argv.push("-a", typeof args === "string" ? args : JSON.stringify(args));
  if (options.check) argv.push("--check");
  if (options.diff) argv.push("--diff");
  const r = await runAnsible("/usr/bin/ansible", argv, cwd, {
    ANSIBLE_LOAD_CALLBACK_PLUGINS: "1",
    ANSIBLE_STDOUT_CALLBACK: "json",
    ...options.env,
  });
  let parsed: { plays: { tasks: { hosts: Record<string, Record<string, unknown>> }[] }[] };
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    throw new Error(`ansible gave no JSON (${r.code}): ${r.stdout}\n${r.stderr}`);
  }
  const result = { ...parsed.plays[0].tasks[0].hosts.localhost };
  delete result.invocation;
  delete result._ansible_no_log;
  delete result.action;
  const facts = result.ansible_facts as Record<string, unknown> | undefined;
  if (facts) {
    delete facts.discovered_interpreter_python;
    if (Object.keys(facts).length === 0) delete result.ansible_facts;
  }
  return result;
}

/**
 * The sorted keys of a result.
 *
 * @example
 * ```ts
 * keys({ b: 1, a: 2 }); // ["a", "b"]
 * ```
 */
export function keys(value: unknown): string[] {
  return Object.keys(value as Record<string, unknown>).sort();
}

/**
 * A directory of symlinks to the programs of `/usr/bin` and `/bin` except
 * `without`, to run a module with a PATH where those tools are missing.
 *
 * @example
 * ```ts
 * const bin = await reducedPath(dir, ["stat", "sha1sum"]);
 * ```
 */
export async function reducedPath(dir: string, without: string[]): Promise<string> {
  const bin = join(dir, ".bin");
  await Deno.mkdir(bin, { recursive: true });
  for (const source of ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]) {
    for await (const entry of Deno.readDir(source)) {
      if (without.includes(entry.name)) continue;
      try {
        await Deno.symlink(join(source, entry.name), join(bin, entry.name));
      } catch {
        // already linked from an earlier directory
      }
    }
  }
  return bin;
}

/**
 * A module context on a local connection that counts its execs, for
 * checking how many round trips a module needs.
 *
 * @example
 * ```ts
 * const { ctx, execs } = countingContext(dir);
 * await copyModule.run(ctx, copyModule.parseArgs({ content: "x", dest: "/tmp/x" }));
 * execs(); // 1
 * ```
 */
export function countingContext(
  dir: string,
  options: { check?: boolean; diff?: boolean } = {},
): { ctx: ModuleContext; execs: () => number } {
  let count = 0;
  const local = new LocalConnection("localhost", new ProcessRegistry());
  const connection: Connection = {
    host: "localhost",
    exec(command, execOptions) {
      count++;
      return local.exec(command, execOptions);
    },
    close: () => Promise.resolve(),
  };
  const ctx: ModuleContext = {
    host: "localhost",
    vars: {},
    connection: () => Promise.resolve(connection),
    check: options.check ?? false,
    diff: options.diff ?? false,
    signal: new AbortController().signal,
    controller: { projectDir: dir, privateDataDir: dir },
  };
  return { ctx, execs: () => count };
}

/**
 * Runs the same steps of a text-editing module with tachyon and with Ansible
 * on twin files (`initial` content, or missing when null) and compares every
 * step: changed, msg, failed, found, the file's content, the result's keys
 * and (in diff mode) the diff.
 *
 * @example
 * ```ts
 * await textParity(dir, "lineinfile", "a\n", [{ line: "b" }]);
 * ```
 */
export async function textParity(
  dir: string,
  module: string,
  initial: string | null,
  steps: Record<string, unknown>[],
  options: { diff?: boolean; check?: boolean } = {},
): Promise<void> {
  const ours = join(dir, "ours.txt");
  const theirs = join(dir, "theirs.txt");
  for (const p of [ours, theirs]) {
    await Deno.remove(p).catch(() => {});
    if (initial !== null) await Deno.writeTextFile(p, initial);
  }
  for (const step of steps) {
    const r = await runModule(dir, module, { ...step, path: ours }, options);
    const a = JSON.parse(
      JSON.stringify(
        await runAnsibleModule(dir, module, { ...step, path: theirs }, options),
      ).replaceAll(theirs, ours),
    );
    const label = JSON.stringify(step);
    assert.equal(r.changed, a.changed, label);
    assert.equal(r.msg, a.msg, label);
    assert.equal(r.failed, a.failed, label);
    assert.equal(r.found, a.found, label);
    const ourText = await Deno.readTextFile(ours).catch(() => null);
    const theirText = await Deno.readTextFile(theirs).catch(() => null);
    assert.equal(ourText, theirText, label);
    const ansibleKeys = keys(a).filter((k) => options.diff || k !== "diff");
    assert.deepEqual(keys(r), ansibleKeys, label);
    if (options.diff && a.diff) assert.deepEqual(r.diff, a.diff, label);
  }
}
