/**
 * Executable inventory scripts (`ansible.plugins.inventory.script`), which
 * is what AWX sends (`inventory/hosts`), and the same JSON shape read from
 * a static file (`ansible-inventory --list` output).
 *
 * The script runs as `SCRIPT --list` through `/bin/sh` (the only program
 * tachyon may start). Host variables come from `_meta.hostvars` when the
 * output has it; otherwise `SCRIPT --host H` runs once per host.
 *
 * @module
 */

import { LoadCheckpoint } from "./checkpoint.ts";
import type { InventoryData } from "./data.ts";
import { ScriptInventoryError } from "./errors.ts";
import { pyRepr } from "./python.ts";
import { runInventoryScript, type ScriptRunOptions } from "./script_process.ts";
import { isMapping, jsonKey, parseDataAsync, parseJson, toPlain } from "./yaml_data.ts";

export { ScriptInventoryError } from "./errors.ts";

/**
 * Fetches `--host` variables for hosts when the data has no `_meta.hostvars`.
 *
 * @example
 * ```ts
 * const none: HostVarsFetcher = async (hosts) => new Map(hosts.map((h) => [h, new Map()]));
 * ```
 */
export type HostVarsFetcher = (hosts: string[]) => Promise<Map<string, unknown>>;

/**
 * Runs `path --list` and fills `inv` from its JSON, calling `path --host H`
 * for each host when the output lacks `_meta.hostvars`. Every run is
 * stopped (its process group killed) when `options.signal` aborts, and the
 * promise then rejects with the signal's reason.
 *
 * @example
 * ```ts
 * await loadInventoryScript(inv, "/runner/inventory/hosts", { signal, registry });
 * ```
 */
export async function loadInventoryScript(
  inv: InventoryData,
  path: string,
  options: ScriptRunOptions = {},
  checkpoint: LoadCheckpoint = new LoadCheckpoint(options.signal),
): Promise<void> {
  const res = await runInventoryScript(path, ["--list"], options);
  let err = res.stderr;
  if (err && !err.endsWith("\n")) err += "\n";
  if (res.code !== 0) {
    throw new ScriptInventoryError(`Inventory script (${path}) had an execution error: ${err}`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(res.stdout);
  } catch (e) {
    throw new ScriptInventoryError(
      `Inventory ${path} contained characters that cannot be interpreted as UTF-8: ${
        (e as Error).message
      }`,
    );
  }
  let data: unknown;
  try {
    data = parseJson(text);
  } catch (e) {
    throw new ScriptInventoryError(
      `failed to parse executable inventory script results from ${path}: ${
        (e as Error).message
      }\n${err}`,
    );
  }
  if (!isMapping(data)) {
    throw new ScriptInventoryError(
      `failed to parse executable inventory script results from ${path}: needs to be a json dict\n${err}`,
    );
  }
  await checkpoint.pass();
  await fillFromScriptData(
    inv,
    data,
    (hosts) => fetchHostVars(path, hosts, options),
    checkpoint,
  );
}

/**
 * `path --host H` for every host, eight at a time. The first failure stops
 * the others (their process groups are killed) and is what rejects.
 */
async function fetchHostVars(
  path: string,
  hosts: string[],
  options: ScriptRunOptions,
): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const queue = [...hosts];
  const failed = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;
  const worker = async () => {
    for (let h = queue.shift(); h !== undefined; h = queue.shift()) {
      signal.throwIfAborted();
      const res = await runInventoryScript(path, ["--host", h], { ...options, signal });
      const text = new TextDecoder().decode(res.stdout);
      // Ansible compares the raw bytes with '' (never equal on Python 3), so an
      // empty answer is parsed, gives None, and is rejected like any non-dict.
      try {
        out.set(h, await parseDataAsync(text));
      } catch {
        throw new ScriptInventoryError(
          `could not parse post variable response: ${pyRepr([path, "--host", h])}, ${text}`,
        );
      }
    }
  };
  const stopOthers = (e: unknown) => {
    failed.abort(e);
    throw e;
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(8, hosts.length) }, () => worker().catch(stopOthers)),
    );
  } catch (e) {
    options.signal?.throwIfAborted();
    throw e;
  }
  return out;
}

/**
 * Whether parsed file data is in the `ansible-inventory --list` / script
 * shape rather than the YAML inventory shape: it has a top-level `_meta`
 * (which the YAML plugin would take for a group).
 *
 * @example
 * ```ts
 * isScriptShaped(parseJson('{"web": {"hosts": ["h1"]}, "_meta": {"hostvars": {}}}')); // true
 * ```
 */
export function isScriptShaped(data: unknown): boolean {
  return isMapping(data) && isMapping(data.get("_meta"));
}

/**
 * Fills `inv` from script-shaped data, with the script plugin's rules: a
 * list is a group's hosts; a mapping without `hosts`/`vars`/`children` is a
 * host of the same name with those vars; `_meta.hostvars` gives host vars,
 * or else `fetchHostVars` is asked (when given). `checkpoint` lets the
 * event loop run every few thousand hosts or variables (a script may print
 * 256 MiB) and stops the filling once its signal aborts.
 *
 * @example
 * ```ts
 * await fillFromScriptData(inv, parseJson('{"web": ["h1"], "_meta": {"hostvars": {}}}'));
 * ```
 */
export async function fillFromScriptData(
  inv: InventoryData,
  data: Map<unknown, unknown>,
  fetchHostVars?: HostVarsFetcher,
  checkpoint: LoadCheckpoint = new LoadCheckpoint(),
): Promise<void> {
  const hosts = new Set<string>();
  // One conversion per aliased value (YAML-read data), however many variables alias it.
  const plain = new Map<object, unknown>();
  let meta: unknown = undefined;
  for (const [group, gdata] of data) {
    if (group === "_meta") {
      if (isMapping(gdata) && gdata.has("hostvars")) meta = gdata.get("hostvars");
    } else {
      await parseGroup(inv, group, gdata, hosts, plain, checkpoint);
    }
  }
  let fetched: Map<string, unknown> | undefined;
  if (meta === undefined && fetchHostVars) fetched = await fetchHostVars([...hosts]);
  for (const host of hosts) {
    let got: unknown = new Map();
    if (meta !== undefined) {
      if (!isMapping(meta)) {
        throw new ScriptInventoryError(
          `Improperly formatted host information for ${host}: '${
            Array.isArray(meta) ? "list" : typeof meta
          }' object has no attribute 'get'`,
        );
      }
      got = meta.has(host) ? meta.get(host) : new Map();
    } else if (fetched) {
      got = fetched.has(host) ? fetched.get(host) : new Map();
    }
    if (!isMapping(got)) {
      throw new ScriptInventoryError(
        `Invalid data from file, expected dictionary and got:\n\n${pyRepr(got)}`,
      );
    }
    for (const [k, v] of got) {
      if (checkpoint.due()) await checkpoint.pass();
      inv.setVariable(host, jsonKey(k), toPlain(v, plain));
    }
  }
}

async function parseGroup(
  inv: InventoryData,
  groupKey: unknown,
  raw: unknown,
  hosts: Set<string>,
  plain: Map<object, unknown>,
  checkpoint: LoadCheckpoint,
): Promise<void> {
  const group = inv.addGroup(groupKey);
  let data: Map<unknown, unknown>;
  if (!isMapping(raw)) data = new Map([["hosts", raw]]);
  else if (!["hosts", "vars", "children"].some((k) => raw.has(k))) {
    data = new Map<unknown, unknown>([["hosts", [group]], ["vars", raw]]);
  } else data = raw;

  if (data.has("hosts")) {
    const list = data.get("hosts");
    if (!Array.isArray(list)) {
      throw new ScriptInventoryError(
        `You defined a group '${group}' with bad data for the host list:\n ${
          pyRepr(toPlain(data))
        }`,
      );
    }
    for (const h of list) {
      if (checkpoint.due()) await checkpoint.pass();
      inv.addHost(h, group);
      hosts.add(h as string);
    }
  }
  if (data.has("vars")) {
    const vars = data.get("vars");
    if (!isMapping(vars)) {
      throw new ScriptInventoryError(
        `You defined a group '${group}' with bad data for variables:\n ${pyRepr(toPlain(data))}`,
      );
    }
    for (const [k, v] of vars) {
      if (checkpoint.due()) await checkpoint.pass();
      inv.setVariable(group, jsonKey(k), toPlain(v, plain));
    }
  }
  if (data.has("children")) {
    const children = data.get("children");
    const names: unknown[] = Array.isArray(children)
      ? children
      : isMapping(children)
      ? [...children.keys()]
      : typeof children === "string"
      ? [...children]
      : [];
    if (!(Array.isArray(children) || isMapping(children) || typeof children === "string")) {
      throw new ScriptInventoryError(`'${pyRepr(children)}' object is not iterable`);
    }
    for (const c of names) {
      if (checkpoint.due()) await checkpoint.pass();
      const child = inv.addGroup(c);
      inv.addChild(group, child);
    }
  }
}
