/**
 * `group_vars/` and `host_vars/` beside an inventory source (Ansible's
 * `host_group_vars` vars plugin): for an entity `NAME`, the first of
 * `NAME`, `NAME.yml`, `NAME.yaml`, `NAME.json` that exists is read; when it
 * is a directory, every file in it (recursively, sorted, skipping hidden
 * files, `~` backups and other extensions) is merged in order.
 *
 * @module
 */

import { join } from "node:path";
import { LoadCheckpoint } from "./checkpoint.ts";
import { InventoryError, InventoryFileTooLargeError } from "./errors.ts";
import { assignOwn } from "./own.ts";
import { pyTypeName } from "../../python/type_name.ts";
import { readSourceFile } from "./source_file.ts";
import { DataParseError, isMapping, parseDataAsync, toPlain } from "./yaml_data.ts";

const EXTENSIONS = [".yml", ".yaml", ".json"];

/**
 * Variables found for the groups and hosts of one source directory.
 *
 * @example
 * ```ts
 * const v: SourceVars = { basedir: "/runner/inventory", groups: new Map(), hosts: new Map() };
 * ```
 */
export interface SourceVars {
  /** The directory holding `group_vars/` and `host_vars/`. */
  readonly basedir: string;
  /** Group name → merged vars of its files. */
  readonly groups: Map<string, Record<string, unknown>>;
  /** Host name → merged vars of its files. */
  readonly hosts: Map<string, Record<string, unknown>>;
}

async function statOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.stat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return null;
    throw new InventoryError(`cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

function splitext(name: string): string {
  const base = name.replace(/^\.+/, "");
  const dot = base.lastIndexOf(".");
  return dot < 0 ? "" : base.slice(dot);
}

async function dirVarsFiles(path: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(path)) names.push(e.name);
  names.sort();
  const found: string[] = [];
  for (const name of names) {
    if (name.startsWith(".") || name.endsWith("~")) continue;
    const ext = splitext(name);
    const full = join(path, name);
    const st = await statOrNull(full);
    if (!st) continue;
    if (st.isDirectory && !ext) found.push(...await dirVarsFiles(full));
    else if (st.isFile && (!ext || EXTENSIONS.includes(ext))) found.push(full);
  }
  return found;
}

/** Ansible's `DataLoader.find_vars_files(path, name)`. */
async function findVarsFiles(
  dir: string,
  listing: Set<string> | null,
  name: string,
): Promise<string[]> {
  for (const ext of ["", ...EXTENSIONS]) {
    const candidate = name + ext;
    if (listing && !candidate.includes("/") && !listing.has(candidate)) continue;
    const full = join(dir, candidate);
    const st = await statOrNull(full);
    if (!st) continue;
    if (st.isDirectory) return await dirVarsFiles(full);
    return [full];
  }
  return [];
}

async function loadVarsFile(
  path: string,
  warn: (message: string) => void,
  checkpoint: LoadCheckpoint,
): Promise<Record<string, unknown> | null> {
  await checkpoint.pass();
  let bytes: Uint8Array;
  try {
    bytes = await readSourceFile(path, await Deno.stat(path), checkpoint.signal);
  } catch (e) {
    checkpoint.signal?.throwIfAborted();
    if (e instanceof InventoryFileTooLargeError) throw e;
    // readSourceFile's messages start with the path
    const detail = e instanceof InventoryError ? e.message : `${path}: ${(e as Error).message}`;
    throw new InventoryError(`cannot read vars file ${detail}`, { cause: e });
  }
  const text = new TextDecoder().decode(bytes);
  let data: unknown;
  try {
    data = await parseDataAsync(text, (m) => warn(`${path}: ${m}`));
  } catch (e) {
    if (e instanceof DataParseError) {
      throw new InventoryError(`${path}: ${e.message}`, { cause: e });
    }
    throw e;
  }
  if (data === null || data === undefined || data === false || data === 0 || data === "") {
    return null;
  }
  if (isMapping(data)) return data.size ? toPlain(data) as Record<string, unknown> : null;
  if (Array.isArray(data) && data.length === 0) return null;
  throw new InventoryError(
    `${path}: failed to combine variables, expected dicts but got a '${pyTypeName(data)}'`,
  );
}

async function entityVars(
  basedir: string,
  subdir: "group_vars" | "host_vars",
  names: Iterable<string>,
  warn: (message: string) => void,
  cache: Map<string, Record<string, unknown> | null>,
  checkpoint: LoadCheckpoint,
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const dir = join(basedir, subdir);
  const st = await statOrNull(dir);
  if (!st) return out;
  if (!st.isDirectory) {
    warn(`Found ${subdir} that is not a directory, skipping: ${dir}`);
    return out;
  }
  const listing = new Set<string>();
  for await (const e of Deno.readDir(dir)) listing.add(e.name);
  for (const name of names) {
    if (name.startsWith("/")) continue;
    await checkpoint.pass();
    const files = await findVarsFiles(dir, listing, name);
    if (files.length === 0) continue;
    const merged: Record<string, unknown> = {};
    for (const f of files) {
      if (!cache.has(f)) cache.set(f, await loadVarsFile(f, warn, checkpoint));
      const data = cache.get(f);
      if (data) assignOwn(merged, data);
    }
    out.set(name, merged);
  }
  return out;
}

/**
 * Loads the `group_vars/` and `host_vars/` files under `basedir` for the
 * given groups and hosts. Files are parsed once even when several sources
 * share a directory (pass the same `cache`). `checkpoint` lets the event
 * loop run between files and stops the loading once its signal aborts.
 *
 * @example
 * ```ts
 * const v = await loadSourceVars("/runner/inventory", ["all", "web"], ["web1"], () => {});
 * v.groups.get("web");
 * ```
 */
export async function loadSourceVars(
  basedir: string,
  groups: Iterable<string>,
  hosts: Iterable<string>,
  warn: (message: string) => void,
  cache: Map<string, Record<string, unknown> | null> = new Map(),
  checkpoint: LoadCheckpoint = new LoadCheckpoint(),
): Promise<SourceVars> {
  return {
    basedir,
    groups: await entityVars(basedir, "group_vars", groups, warn, cache, checkpoint),
    hosts: await entityVars(basedir, "host_vars", hosts, warn, cache, checkpoint),
  };
}
