/**
 * `loadInventory`: reads inventory sources the way Ansible's
 * `InventoryManager.parse_sources` does, then `group_vars/`/`host_vars/`.
 *
 * @module
 */

import { dirname, isAbsolute, join, normalize, resolve } from "node:path";
import type { ProcessRegistry } from "../process_registry.ts";
import { LoadCheckpoint } from "./checkpoint.ts";
import { InventoryData } from "./data.ts";
import { InventoryError } from "./errors.ts";
import { parseHostList } from "./host_list.ts";
import { decodeIniBytes, parseIniInventory } from "./ini.ts";
import { Inventory } from "./inventory.ts";
import { fillFromScriptData, isScriptShaped, loadInventoryScript } from "./script.ts";
import { readSourceFile } from "./source_file.ts";
import {
  DEFAULT_INVENTORY_IGNORE_EXTS,
  type LoadInventoryOptions,
  LOCALHOST_NAMES,
} from "./types.ts";
import { loadSourceVars, type SourceVars } from "./vars_files.ts";
import { isMapping, parseDataAsync } from "./yaml_data.ts";
import { parseYamlInventory } from "./yaml_inventory.ts";

const YAML_EXTENSIONS = ["", ".yaml", ".yml", ".json"];
const ALWAYS_IGNORED = ["^\\.", "^host_vars$", "^group_vars$", "^vars_plugins$"];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

function splitext(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1).replace(/^\.+/, "");
  const dot = base.lastIndexOf(".");
  return dot < 0 ? "" : base.slice(dot);
}

function cwdOf(options: LoadInventoryOptions): string {
  if (options.cwd) return options.cwd;
  try {
    return Deno.cwd();
  } catch {
    return "/";
  }
}

function expandUser(path: string): string {
  if (path !== "~" && !path.startsWith("~/")) return path;
  let home: string | undefined;
  try {
    home = Deno.env.get("HOME");
  } catch {
    home = undefined;
  }
  return home ? home + path.slice(1) : path;
}

async function statOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.stat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return null;
    throw new InventoryError(`${path}: ${(e as Error).message}`, { cause: e });
  }
}

class SourceLoader {
  readonly data: InventoryData;
  readonly #ignored: RegExp;
  readonly #signal: AbortSignal | undefined;
  readonly #registry: ProcessRegistry | undefined;

  constructor(
    readonly warn: (message: string) => void,
    options: LoadInventoryOptions,
    readonly checkpoint: LoadCheckpoint,
  ) {
    this.data = new InventoryData(warn);
    this.#signal = options.signal;
    this.#registry = options.registry;
    const exts = (options.ignoreExtensions ?? DEFAULT_INVENTORY_IGNORE_EXTS).map((e) =>
      `${escapeRegExp(e)}$`
    );
    this.#ignored = new RegExp(
      [...ALWAYS_IGNORED, ...(options.ignorePatterns ?? []), ...exts].join("|"),
    );
  }

  async source(path: string): Promise<void> {
    await this.checkpoint.pass();
    const st = await statOrNull(path);
    if (!st) throw new InventoryError(`Inventory source ${path} does not exist`);
    if (st.isDirectory) {
      const names: string[] = [];
      try {
        for await (const e of Deno.readDir(path)) names.push(e.name);
      } catch (e) {
        throw new InventoryError(`${path}: ${(e as Error).message}`, { cause: e });
      }
      names.sort();
      for (const name of names) {
        if (this.#ignored.test(name)) continue;
        await this.source(join(path, name));
      }
      return;
    }
    this.data.currentSource = path;
    try {
      await this.#file(path, st);
    } finally {
      this.data.currentSource = null;
    }
  }

  async #file(path: string, st: Deno.FileInfo): Promise<void> {
    const bytes = await readSourceFile(path, st, this.#signal);
    const executable = ((st.mode ?? 0) & 0o111) !== 0;
    const shebang = bytes[0] === 0x23 && bytes[1] === 0x21;
    const elf = bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
    if (executable && (shebang || elf)) {
      try {
        await loadInventoryScript(
          this.data,
          path,
          { signal: this.#signal, registry: this.#registry },
          this.checkpoint,
        );
      } catch (e) {
        this.#signal?.throwIfAborted();
        throw wrap(path, "script", e);
      }
      return;
    }
    const ext = splitext(path);
    if (ext === ".toml") {
      throw new InventoryError(`${path}: TOML inventories are not supported`);
    }
    let yamlError: Error | undefined;
    if (YAML_EXTENSIONS.includes(ext) && (ext !== "" || mayBeYamlMapping(bytes))) {
      let parsed: unknown;
      try {
        const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
        parsed = await parseDataAsync(text, (m) => this.warn(`${path}: ${m}`));
      } catch (e) {
        yamlError = e as Error;
      }
      if (!yamlError && isMapping(parsed) && parsed.size > 0) {
        if ((ext === ".yml" || ext === ".yaml") && isTruthy(parsed.get("plugin"))) {
          throw new InventoryError(
            `${path}: inventory plugin configuration (plugin: ${
              String(parsed.get("plugin"))
            }) is not supported`,
          );
        }
        try {
          if (isScriptShaped(parsed)) {
            await fillFromScriptData(this.data, parsed, undefined, this.checkpoint);
          } else {
            await parseYamlInventory(
              this.data,
              parsed,
              (m) => this.warn(`${path}: ${m}`),
              this.checkpoint,
            );
          }
        } catch (e) {
          this.#signal?.throwIfAborted();
          throw wrap(path, "yaml", e);
        }
        return;
      }
      yamlError ??= new Error(
        parsed === null || parsed === undefined || (isMapping(parsed) && parsed.size === 0)
          ? "Parsed empty YAML file"
          : "YAML inventory has invalid structure, it should be a dictionary",
      );
    }
    try {
      parseIniInventory(this.data, path, decodeIniBytes(bytes));
    } catch (e) {
      if (yamlError) {
        throw new InventoryError(
          `Failed to parse ${path}: as YAML: ${yamlError.message}; as INI: ${(e as Error).message}`,
          { cause: e },
        );
      }
      throw wrap(path, "ini", e);
    }
  }
}

/**
 * Whether an extension-less file could hold a YAML (or JSON) mapping. Its
 * first significant line tells: `[web]` or `host key=value` (no colon) can
 * only be INI, so the YAML parser (and its start-up cost) is skipped.
 */
function mayBeYamlMapping(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  for (const raw of head.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    if (line.startsWith("[")) return false;
    return line.includes(":") || /^(\{|---|%|\?|&|!)/.test(line);
  }
  return true;
}

function isTruthy(v: unknown): boolean {
  return !(v === null || v === undefined || v === false || v === 0 || v === "");
}

function wrap(path: string, kind: string, e: unknown): InventoryError {
  if (e instanceof InventoryError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const named = message.startsWith(path) ? message : `${path}: ${message}`;
  return new InventoryError(`Failed to parse ${kind} inventory ${named}`, { cause: e });
}

/**
 * Loads inventory sources, in order, into one {@link Inventory}:
 *
 * - an executable file starting with `#!` (or an ELF binary) is a script,
 *   run as `SCRIPT --list` (then `--host H` per host unless the output has
 *   `_meta.hostvars`);
 * - a file named `*.yml`, `*.yaml`, `*.json` or without extension is read as
 *   YAML/JSON when it holds a non-empty mapping: Ansible's YAML inventory,
 *   or, when it has a top-level `_meta`, the `ansible-inventory --list` /
 *   script JSON shape (a tachyon extension: Ansible reads that shape only
 *   from scripts); anything else is INI;
 * - a directory is every entry in it, sorted, skipping hidden names,
 *   `group_vars`, `host_vars`, `vars_plugins` and the ignored extensions
 *   ({@link DEFAULT_INVENTORY_IGNORE_EXTS}: note `.ini`!);
 * - a string with a comma that is not a path is a host list (`"h1,h2"`).
 *
 * Then `group_vars/` and `host_vars/` beside each source (inside it for a
 * directory) are read. A missing source, an unparsable file or a failing
 * script is an {@link InventoryError} (Ansible only warns by default).
 *
 * `options.signal` stops the loading at any time: running scripts (whose
 * process groups are in `options.registry`) are killed and the promise
 * rejects with the signal's reason. Between files the loader lets the event
 * loop run, so timers fire; files have size limits (see `limits.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadInventory } from "./load.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "[web]\nweb1\n[db]\ndb1\n");
 * const log: string[] = [];
 * const inv = await loadInventory([path], { warn: (m) => log.push(m) });
 * assert.deepEqual(inv.groupHosts("all"), ["web1", "db1"]);
 * assert.deepEqual(log, []);
 * await Deno.remove(path);
 * ```
 */
export async function loadInventory(
  sources: readonly string[],
  options: LoadInventoryOptions = {},
): Promise<Inventory> {
  try {
    return await loadSources(sources, options);
  } catch (e) {
    options.signal?.throwIfAborted();
    throw e;
  }
}

async function loadSources(
  sources: readonly string[],
  options: LoadInventoryOptions,
): Promise<Inventory> {
  const warn = options.warn ?? (() => {});
  const checkpoint = new LoadCheckpoint(options.signal);
  const loader = new SourceLoader(warn, options, checkpoint);
  const cwd = cwdOf(options);
  const basedirs: string[] = [];
  for (const raw of sources) {
    if (!raw) continue;
    if (raw.includes(",")) {
      const asPath = resolve(cwd, expandUser(raw));
      if (!(await statOrNull(asPath))) {
        try {
          parseHostList(loader.data, raw);
        } catch (e) {
          throw wrap(raw, "host list", e);
        }
        continue;
      }
    }
    const expanded = expandUser(raw);
    let path = normalize(isAbsolute(expanded) ? expanded : join(cwd, expanded));
    if (path.length > 1 && path.endsWith("/")) path = path.replace(/\/+$/, "") || "/";
    await loader.source(path);
    const st = await statOrNull(path);
    basedirs.push(st?.isDirectory ? path : dirname(path));
  }
  try {
    loader.data.reconcile();
  } catch (e) {
    throw new InventoryError(`inventory: ${(e as Error).message}`, { cause: e });
  }
  const groups = [...loader.data.groups.keys()];
  // host_vars/ also serves the implicit localhost.
  const hosts = [...new Set([...loader.data.hosts.keys(), ...LOCALHOST_NAMES])];
  const cache = new Map<string, Record<string, unknown> | null>();
  const sourceVars: SourceVars[] = [];
  for (const dir of basedirs) {
    sourceVars.push(await loadSourceVars(dir, groups, hosts, warn, cache, checkpoint));
  }
  await checkpoint.pass();
  return new Inventory({ data: loader.data, sourceVars });
}
