/**
 * Test helpers for modules: run one module through the real engine
 * (`runAdhoc`, a real INI inventory with a local host), and compare with the
 * same module run by the real Ansible 2.14 (`ansible localhost -c local -m M
 * -a ARGS`), recorded: see `tests/_oracles/ansible_module.ts`.
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
import { placeAnswer, type Tree } from "../../_oracles/ansible_cli.ts";
import { SYSTEM_PATH } from "../_support.ts";
import {
  ansibleModule,
  type JsonObject,
  liveAnsibleModule,
  type ModuleStep,
  withFileFacts,
} from "../../_oracles/ansible_module.ts";
import { withTempDir } from "../../_support/files.ts";

/**
 * Runs `fn` with a fresh temp dir under /tmp, removed afterwards.
 *
 * @example
 * ```ts
 * await withTemp(async (dir) => {});
 * ```
 */
export function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  return withTempDir("tachyon_mod_test_", fn);
}

/** Options of {@linkcode runModule}. */
export interface RunModuleOptions {
  /** Check mode. */
  check?: boolean;
  /** Diff mode. */
  diff?: boolean;
  /** Environment of local commands (e.g. a reduced PATH; PATH is {@linkcode SYSTEM_PATH} unless given). */
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
    env: { PATH: SYSTEM_PATH, ...options.env },
    cwd: dir,
    controller: options.controller ?? { projectDir: dir, privateDataDir: dir },
  });
  if (results.length !== 1) throw new Error(`expected one result, got ${results.length}`);
  return results[0];
}

/**
 * Ansible's results for `steps` run one after the other on a tree holding
 * `files` (recorded), with `<DIR>` put back as `dir`: what Ansible gives on
 * the test's own tree. File-system facts are tokens (see
 * {@linkcode withFileFacts}).
 *
 * @example
 * ```ts
 * const [a] = await ansibleResults(dir, { "f.txt": "x" }, [{ module: "slurp", args: { src: "<DIR>/f.txt" } }]);
 * ```
 */
export async function ansibleResults(
  dir: string,
  files: Tree,
  steps: ModuleStep[],
): Promise<Record<string, unknown>[]> {
  const answers = await ansibleModule({ files, steps });
  return answers.map((answer) => placeAnswer(answer.result, dir));
}

/**
 * Ansible's result for one module run on a tree holding `files` (recorded),
 * placed in `dir`; `<DIR>` in `args` stands for the tree's root.
 *
 * @example
 * ```ts
 * const a = await ansibleResult(dir, {}, "fail", "msg=boom");
 * ```
 */
export async function ansibleResult(
  dir: string,
  files: Tree,
  module: string,
  args: string | JsonObject,
  options: { check?: boolean; diff?: boolean } = {},
): Promise<Record<string, unknown>> {
  const [result] = await ansibleResults(dir, files, [{ module, args, ...options }]);
  return result;
}

/**
 * Like {@linkcode ansibleResult}, but asks the real Ansible now and records
 * nothing: for the interop tier's questions that depend on time, ports or
 * this machine.
 *
 * @example
 * ```ts
 * const a = await liveAnsibleResult(dir, {}, "wait_for", { port: 22, timeout: 1 });
 * ```
 */
export async function liveAnsibleResult(
  dir: string,
  files: Tree,
  module: string,
  args: string | JsonObject,
  options: { check?: boolean; diff?: boolean; env?: Record<string, string> } = {},
): Promise<Record<string, unknown>> {
  const [answer] = await liveAnsibleModule({ files, steps: [{ module, args, ...options }] });
  return placeAnswer(answer.result, dir);
}

/**
 * `result` with its file-system facts replaced by tokens where they equal the
 * file's own (as Ansible's recorded results have them).
 *
 * @example
 * ```ts
 * const ours = await facts(await runModule(dir, "stat", { path: dir }));
 * ```
 */
export async function facts(
  result: Record<string, unknown>,
  options: { follow?: boolean } = {},
): Promise<Record<string, unknown>> {
  return await withFileFacts(result, options);
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
  const linked = new Set(without);
  const seen = new Set<string>();
  for (const source of ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]) {
    // /bin and /sbin are links to /usr's on merged-/usr systems: read each directory once.
    const real = Deno.realPathSync(source);
    if (seen.has(real)) continue;
    seen.add(real);
    for (const entry of Deno.readDirSync(real)) {
      if (linked.has(entry.name)) continue;
      linked.add(entry.name);
      Deno.symlinkSync(join(real, entry.name), join(bin, entry.name));
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
  const local = new LocalConnection("localhost", new ProcessRegistry(), {
    env: { PATH: SYSTEM_PATH },
  });
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
 * (recorded) on twin files (`initial` content, or missing when null) and
 * compares every step: changed, msg, failed, found, the file's content, the
 * result's keys and (in diff mode) the diff.
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
  steps: JsonObject[],
  options: { diff?: boolean; check?: boolean } = {},
): Promise<void> {
  const ours = join(dir, "ours.txt");
  const theirs = await ansibleModule({
    files: initial === null ? {} : { "ours.txt": initial },
    steps: steps.map((step) => ({
      module,
      args: { ...step, path: "<DIR>/ours.txt" },
      ...options,
      read: ["ours.txt"],
    })),
  });
  await Deno.remove(ours).catch(() => {});
  if (initial !== null) await Deno.writeTextFile(ours, initial);
  for (const [i, step] of steps.entries()) {
    const r = await runModule(dir, module, { ...step, path: ours }, options);
    const a = placeAnswer(theirs[i].result, dir);
    const label = JSON.stringify(step);
    assert.equal(r.changed, a.changed, label);
    assert.equal(r.msg, a.msg, label);
    assert.equal(r.failed, a.failed, label);
    assert.equal(r.found, a.found, label);
    const ourText = await Deno.readTextFile(ours).catch(() => null);
    assert.equal(ourText, theirs[i].read?.["ours.txt"], label);
    const ansibleKeys = keys(a).filter((k) => options.diff || k !== "diff");
    assert.deepEqual(keys(r), ansibleKeys, label);
    if (options.diff && a.diff) assert.deepEqual(r.diff, a.diff, label);
  }
}
