/**
 * What Ansible removes from a module result before a callback sees it
 * (`TaskResult.clean_copy`: internal `_ansible_*` keys, `failed`, `skipped`,
 * everything under `no_log`) and before it prints it (`debug` shows only what
 * it was asked to). Event `res` and every rendered result start from here.
 *
 * @module
 */

import { DEBUG_ACTIONS } from "./actions.ts";
import { type Dict, isDict } from "../../python/dict.ts";
import { pyTruthy } from "../../python/truthy.ts";

/**
 * The text `no_log: true` results are replaced with.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { callbackResult, CENSORED } from "./mod.ts";
 * assert.equal(callbackResult({ stdout: "secret" }, { noLog: true }).censored, CENSORED);
 * ```
 */
export const CENSORED =
  "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

const DEBUG_ALLOWED_KEYS = new Set(["msg", "exception", "warnings", "deprecations"]);
const HIDE_IN_DEBUG = ["changed", "failed", "skipped", "invocation", "skip_reason"];
const CLEAN_EXCEPTIONS = new Set([
  "_ansible_verbose_always",
  "_ansible_item_label",
  "_ansible_no_log",
  "_ansible_verbose_override",
]);
const PRESERVE = ["attempts", "changed", "retries"];
const DELEGATED_SUBSET = ["ansible_host", "ansible_port", "ansible_user", "ansible_connection"];

/**
 * Ansible's `strip_internal_keys`, without modifying `v`: a copy of `v` where
 * dicts at any depth lack `_ansible_*` keys, except those in `exceptions`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stripInternal } from "./result_cleaning.ts";
 * assert.deepEqual(stripInternal({ a: [{ _ansible_no_log: false, b: 1 }] }), { a: [{ b: 1 }] });
 * ```
 */
export function stripInternal(v: unknown, exceptions?: ReadonlySet<string>): unknown {
  return stripShared(v, exceptions, new Map());
}

/** {@linkcode stripInternal} with one copy per shared object (aliases stay shared, cycles end). */
function stripShared(
  v: unknown,
  exceptions: ReadonlySet<string> | undefined,
  copies: Map<object, unknown>,
): unknown {
  if (typeof v !== "object" || v === null) return v;
  const known = copies.get(v);
  if (known !== undefined) return known;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    copies.set(v, out);
    for (const x of v) out.push(stripShared(x, exceptions, copies));
    return out;
  }
  if (!isDict(v)) return v;
  const out: Dict = {};
  copies.set(v, out);
  for (const key in v) {
    if (key.startsWith("_ansible_") && !exceptions?.has(key)) continue;
    out[key] = stripShared(v[key], exceptions, copies);
  }
  return out;
}

/**
 * Options of {@linkcode callbackResult}.
 *
 * @example
 * ```ts
 * import type { CallbackResultOptions } from "./mod.ts";
 * const options: CallbackResultOptions = { noLog: false, action: "ansible.builtin.debug" };
 * ```
 */
export interface CallbackResultOptions {
  /** The task had `no_log: true`: the result is censored. */
  noLog?: boolean;
  /** The task's action (`debug` results also lose `invocation`). */
  action?: string;
}

/**
 * The result dict callbacks receive (`TaskResult.clean_copy`, which is also
 * what an event's `res` holds): a deep copy without `failed`/`skipped` and
 * internal keys (except `_ansible_verbose_always`, `_ansible_item_label`,
 * `_ansible_no_log`, `_ansible_verbose_override`); for `no_log` results only
 * `censored` plus `attempts`/`changed`/`retries`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { callbackResult, CENSORED } from "./mod.ts";
 * assert.deepEqual(callbackResult({ changed: true, failed: true, rc: 1 }), { changed: true, rc: 1 });
 * assert.deepEqual(callbackResult({ changed: false, stdout: "s" }, { noLog: true }), {
 *   censored: CENSORED,
 *   changed: false,
 * });
 * ```
 */
export function callbackResult(
  result: Record<string, unknown>,
  options: CallbackResultOptions = {},
): Record<string, unknown> {
  return cleanCopy(result, options, true);
}

/**
 * `TaskResult.clean_copy` (see {@linkcode callbackResult}); with
 * `deep: false` nested values are shared with `result`, not copied (the
 * result dumper skips internal keys at any depth itself).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cleanCopy } from "./result_cleaning.ts";
 * const nested = { _ansible_no_log: false };
 * const copy = cleanCopy({ skipped: false, nested }, {}, false);
 * assert.equal(copy.nested, nested);
 * ```
 */
export function cleanCopy(result: Dict, options: CallbackResultOptions, deep: boolean): Dict {
  let out: Dict;
  if (options.noLog || pyTruthy(result._ansible_no_log)) {
    out = { censored: CENSORED };
    for (const key of PRESERVE) if (key in result) out[key] = result[key];
  } else {
    out = {};
    for (const key in result) {
      if (key.startsWith("_ansible_") && !CLEAN_EXCEPTIONS.has(key)) continue;
      const x = result[key];
      out[key] = deep && typeof x === "object" && x !== null
        ? stripInternal(x, CLEAN_EXCEPTIONS)
        : x;
    }
    delete out.failed;
    delete out.skipped;
    if (options.action !== undefined && DEBUG_ACTIONS.has(options.action)) delete out.invocation;
  }
  const delegated = result._ansible_delegated_vars;
  if (isDict(delegated)) {
    const subset: Dict = {};
    for (const key of DELEGATED_SUBSET) if (key in delegated) subset[key] = delegated[key];
    out._ansible_delegated_vars = subset;
  }
  return out;
}

/**
 * Cleans a module result for display the way Ansible does before dumping it
 * (`clean_copy` + `_dump_results`): drops `failed`, `skipped`, every
 * `_ansible_*` key at any depth, `exception`, and below verbosity 3
 * `invocation` and `diff`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { displayableResult } from "./mod.ts";
 * assert.deepEqual(displayableResult({ rc: 0, invocation: {}, _ansible_no_log: false }), { rc: 0 });
 * ```
 */
export function displayableResult(
  result: Record<string, unknown>,
  verbosity = 0,
): Record<string, unknown> {
  const out = stripInternal(result) as Dict;
  delete out.failed;
  delete out.skipped;
  if (verbosity < 3) {
    delete out.invocation;
    delete out.diff;
  }
  delete out.exception;
  return out;
}

/**
 * `CallbackBase._clean_results`, in place: a `debug` result with `msg` keeps
 * only `msg`, `exception`, `warnings`, `deprecations` and `_` keys; one
 * without loses `changed`, `failed`, `skipped`, `invocation` and
 * `skip_reason`. Results of other actions are left alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cleanResults } from "./result_cleaning.ts";
 * const result: Record<string, unknown> = { msg: "hi", changed: false, _ansible_verbose_always: true };
 * cleanResults(result, "debug");
 * assert.deepEqual(result, { msg: "hi", _ansible_verbose_always: true });
 * ```
 */
export function cleanResults(r: Dict, action: string): void {
  if (!DEBUG_ACTIONS.has(action)) return;
  if ("msg" in r) {
    for (const key of Object.keys(r)) {
      if (!DEBUG_ALLOWED_KEYS.has(key) && !key.startsWith("_")) delete r[key];
    }
  } else {
    for (const key of HIDE_IN_DEBUG) delete r[key];
  }
}
