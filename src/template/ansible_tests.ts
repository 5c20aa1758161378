/**
 * Ansible's own Jinja tests (`plugins/test/core.py`, `mathstuff.py`):
 * task results (`succeeded`, `failed`, `changed`, `skipped`, …), regular
 * expressions (`match`, `search`, `regex`), `version`, sets and truthiness.
 *
 * @module
 */
import { isDict } from "../python/dict.ts";
import { pyTruthy } from "../python/truthy.ts";
import { AnsibleFilterError } from "./filter_errors.ts";
import { type FilterFn, pyEquals, toText } from "./ansible_filters.ts";
import { pyMatch, pySearch } from "./py_regex.ts";

function result(name: string, value: unknown): Record<string, unknown> {
  if (!isDict(value)) {
    throw new AnsibleFilterError(`The '${name}' test expects a dictionary`);
  }
  return value;
}

const failed = (v: unknown) => pyTruthy(result("failed", v).failed ?? false);
const changed = (v: unknown) => pyTruthy(result("changed", v).changed ?? false);
const skipped = (v: unknown) => pyTruthy(result("skipped", v).skipped ?? false);
const finished = (v: unknown) => pyTruthy(result("finished", v).finished ?? true);
const started = (v: unknown) => pyTruthy(result("started", v).started ?? true);
const succeeded = (v: unknown) => !pyTruthy(result("success", v).failed ?? false);

function regexTest(value: unknown, args: unknown[], kwargs: Record<string, unknown>, kind: string) {
  const pattern = String(args[0] ?? kwargs.pattern ?? "");
  const flags = {
    ignorecase: pyTruthy(args[1] ?? kwargs.ignorecase),
    multiline: pyTruthy(args[2] ?? kwargs.multiline),
  };
  const text = toText(value);
  const type = String(kwargs.match_type ?? kind);
  return type === "match"
    ? pyMatch(pattern, text, flags) !== null
    : pySearch(pattern, text, flags) !== null;
}

function versionParts(v: string): (number | string)[] {
  return v.split(/[.\-+]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function compareVersions(a: string, b: string): number {
  const pa = versionParts(a), pb = versionParts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0, y = pb[i] ?? 0;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x < y ? -1 : 1;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

const VERSION_OPS: Record<string, (c: number) => boolean> = {
  "<": (c) => c < 0,
  lt: (c) => c < 0,
  "<=": (c) => c <= 0,
  le: (c) => c <= 0,
  ">": (c) => c > 0,
  gt: (c) => c > 0,
  ">=": (c) => c >= 0,
  ge: (c) => c >= 0,
  "==": (c) => c === 0,
  "=": (c) => c === 0,
  eq: (c) => c === 0,
  "!=": (c) => c !== 0,
  "<>": (c) => c !== 0,
  ne: (c) => c !== 0,
};

function version(value: unknown, args: unknown[], kwargs: Record<string, unknown>): boolean {
  const other = String(args[0] ?? kwargs.version ?? "");
  const op = String(args[1] ?? kwargs.operator ?? "eq");
  const check = VERSION_OPS[op];
  if (!check) throw new AnsibleFilterError(`Invalid operator type (${op})`);
  return check(compareVersions(toText(value), other));
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : isDict(v) ? Object.keys(v) : []);

/**
 * The Ansible tests, by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ANSIBLE_TESTS } from "./ansible_tests.ts";
 * assert.equal(ANSIBLE_TESTS.changed({ changed: true }, [], {}), true);
 * ```
 */
export const ANSIBLE_TESTS: Record<string, FilterFn> = {
  failed: (v) => failed(v),
  failure: (v) => failed(v),
  succeeded: (v) => succeeded(v),
  success: (v) => succeeded(v),
  successful: (v) => succeeded(v),
  changed: (v) => changed(v),
  change: (v) => changed(v),
  skipped: (v) => skipped(v),
  skip: (v) => skipped(v),
  finished: (v) => finished(v),
  started: (v) => started(v),
  match: (v, a, k) => regexTest(v, a, k, "match"),
  search: (v, a, k) => regexTest(v, a, k, "search"),
  regex: (v, a, k) => regexTest(v, a, k, "search"),
  version: version,
  version_compare: version,
  subset: (v, a) => asList(v).every((x) => asList(a[0]).some((y) => pyEquals(x, y))),
  superset: (v, a) => asList(a[0]).every((x) => asList(v).some((y) => pyEquals(x, y))),
  contains: (v, a) => asList(v).some((x) => pyEquals(x, a[0])),
  any: (v) => asList(v).some(pyTruthy),
  all: (v) => asList(v).every(pyTruthy),
  truthy: (v, a, k) => (pyTruthy(a[0] ?? k.convert_bool) ? boolish(v) : pyTruthy(v)),
  falsy: (v, a, k) => !(pyTruthy(a[0] ?? k.convert_bool) ? boolish(v) : pyTruthy(v)),
  vault_encrypted: (v) => typeof v === "string" && v.startsWith("$ANSIBLE_VAULT;"),
  nan: (v) => typeof v === "number" && Number.isNaN(v),
};

function boolish(v: unknown): boolean {
  if (typeof v === "string") return ["yes", "on", "1", "true", "y", "t"].includes(v.toLowerCase());
  return pyTruthy(v);
}
