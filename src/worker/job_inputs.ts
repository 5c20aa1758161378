/**
 * Reads the job's input files from the private data dir (`env/envvars`,
 * `env/extravars`, `@file` extra vars …): JSON, else YAML with Ansible's
 * YAML 1.1 reading. A file that is absent (or not a regular file) is
 * absent; one that is not a mapping is a warning, never an error, as in
 * ansible-runner.
 *
 * @module
 */
import { isAbsolute, join } from "node:path";
import { parseDataAsync, toPlain } from "../engine/inventory/mod.ts";
import { parseKeyValue } from "../engine/key_value.ts";
import { isMapping } from "./kwarg_values.ts";

/**
 * The text of the regular file at `path`; undefined when it is absent, not a
 * regular file (a symlink included) or unreadable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readInputText } from "./job_inputs.ts";
 *
 * assert.equal(await readInputText("/nonexistent/env/cmdline"), undefined);
 * ```
 */
export async function readInputText(path: string): Promise<string | undefined> {
  try {
    const info = await Deno.lstat(path);
    if (!info.isFile) return undefined;
    return await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
}

/**
 * Reads a JSON-or-YAML mapping file: absent → undefined, empty → `{}`, not a
 * mapping → undefined and a warning pushed on `warnings`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadMapping } from "./job_inputs.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "a: 1\n");
 * assert.deepEqual(await loadMapping(path, []), { a: 1 });
 * await Deno.remove(path);
 * ```
 */
export async function loadMapping(
  path: string,
  warnings: string[],
): Promise<Record<string, unknown> | undefined> {
  const text = await readInputText(path);
  if (text === undefined) return undefined;
  if (text.trim() === "") return {};
  return await parseMapping(text, path, warnings);
}

/**
 * JSON, else YAML with Ansible's (YAML 1.1) semantics; a warning naming
 * `what` and undefined unless it is a mapping.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseMapping } from "./job_inputs.ts";
 *
 * const warnings: string[] = [];
 * assert.equal(await parseMapping("[1]", "extra vars [1]", warnings), undefined);
 * assert.deepEqual(warnings, ["Ignoring extra vars [1]: it is not a JSON or YAML mapping"]);
 * ```
 */
export async function parseMapping(
  text: string,
  what: string,
  warnings: string[],
): Promise<Record<string, unknown> | undefined> {
  let value: unknown;
  try {
    value = toPlain(await parseDataAsync(text));
  } catch (error) {
    warnings.push(`Ignoring ${what}: it is not valid JSON or YAML (${(error as Error).message})`);
    return undefined;
  }
  if (isMapping(value)) return value;
  warnings.push(`Ignoring ${what}: it is not a JSON or YAML mapping`);
  return undefined;
}

/**
 * One `-e` argument as ansible-playbook reads it: `@file` (looked up in
 * `project/`, then in the pdd), a JSON/YAML mapping, or `k=v` pairs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseExtraVarsArgument } from "./job_inputs.ts";
 *
 * assert.deepEqual(await parseExtraVarsArgument("a=1 b=x", "/runner", []), { a: "1", b: "x" });
 * ```
 */
export async function parseExtraVarsArgument(
  text: string,
  pdd: string,
  warnings: string[],
): Promise<Record<string, unknown>> {
  if (text.startsWith("@")) {
    return await loadMapping(resolveIn(join(pdd, "project"), text.slice(1)), warnings) ??
      await loadMapping(resolveIn(pdd, text.slice(1)), warnings) ?? {};
  }
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    return await parseMapping(text, `extra vars ${text.slice(0, 80)}`, warnings) ?? {};
  }
  return parseKeyValue(text).params;
}

/**
 * `path` when absolute, else `base/path`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveIn } from "./job_inputs.ts";
 *
 * assert.equal(resolveIn("/runner", "inventory/hosts"), "/runner/inventory/hosts");
 * assert.equal(resolveIn("/runner", "/etc/hosts"), "/etc/hosts");
 * ```
 */
export function resolveIn(base: string, path: string): string {
  return isAbsolute(path) ? path : join(base, path);
}
