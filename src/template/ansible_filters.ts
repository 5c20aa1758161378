/**
 * Ansible's own filters (`ansible.builtin.*` from `plugins/filter/core.py`
 * and `mathstuff.py`) on JSON-like values: `null` is None, `undefined` an
 * undefined variable, plain objects are dicts. Each filter takes its
 * positional arguments and its keyword arguments apart, as Python binds them.
 *
 * @module
 */
import { isDict } from "../python/dict.ts";
import { pythonJsonDumps } from "../python/json_dumps.ts";
import { pyTypeName } from "../python/type_name.ts";
import { pyStr } from "../python/str.ts";
import { pyTruthy } from "../python/truthy.ts";
import { shlexQuote } from "../python/shlex.ts";
import { AnsibleFilterError, AnsibleFilterTypeError } from "./filter_errors.ts";
import { pySearch, pySub } from "./py_regex.ts";
import { yamlDump } from "./yaml_dump.ts";

/**
 * A filter: the value, positional arguments, keyword arguments.
 *
 * @example
 * ```ts
 * import type { FilterFn } from "./ansible_filters.ts";
 * const upper: FilterFn = (v) => String(v).toUpperCase();
 * ```
 */
export type FilterFn = (
  value: unknown,
  args: unknown[],
  kwargs: Record<string, unknown>,
) => unknown;

/**
 * Binds positional and keyword arguments to parameter names, Python-style.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bindArgs } from "./ansible_filters.ts";
 * assert.deepEqual(bindArgs("f", ["a", "b"], ["x"], { b: 2 }), { a: "x", b: 2 });
 * ```
 */
export function bindArgs(
  filter: string,
  names: readonly string[],
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
): Record<string, unknown> {
  if (args.length > names.length) {
    throw new AnsibleFilterError(
      `${filter}() takes at most ${names.length + 1} positional arguments (${
        args.length + 1
      } given)`,
    );
  }
  const bound: Record<string, unknown> = {};
  names.forEach((n, i) => {
    if (i < args.length) bound[n] = args[i];
  });
  for (const [k, v] of Object.entries(kwargs)) {
    if (!names.includes(k)) {
      throw new AnsibleFilterError(`${filter}() got an unexpected keyword argument '${k}'`);
    }
    bound[k] = v;
  }
  return bound;
}

/** `to_text(value, nonstring='simplerepr')`. */
export const toText = (v: unknown): string => (v === undefined ? "" : pyStr(v));

const encoder = new TextEncoder();

function base64Encode(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function base64Decode(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/=]/g, "");
  const bin = atob(clean);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Ansible's `merge_hash(x, y, recursive, list_merge='replace')`. */
function mergeHash(
  x: Record<string, unknown>,
  y: Record<string, unknown>,
  recursive: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...x };
  for (const [k, v] of Object.entries(y)) {
    const old = out[k];
    if (recursive && isDict(old) && isDict(v)) out[k] = mergeHash(old, v, true);
    else out[k] = v;
  }
  return out;
}

function flattenOnce(terms: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const t of terms) {
    if (t === null || t === "None" || t === "null") continue;
    if (Array.isArray(t)) out.push(...t);
    else out.push(t);
  }
  return out;
}

/** Python equality for JSON-like values (`1 == True`, dicts by content). */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (typeof a === "boolean" && typeof b === "number") return Number(a) === b;
  if (typeof b === "boolean" && typeof a === "number") return Number(b) === a;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  }
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length &&
      ka.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return a === b || (a == null && b == null && a === b);
}

/**
 * The Ansible filters, by name (short and `ansible.builtin.` names are both
 * registered by the renderer).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ANSIBLE_FILTERS } from "./ansible_filters.ts";
 * assert.equal(ANSIBLE_FILTERS.bool("yes", [], {}), true);
 * ```
 */
export const ANSIBLE_FILTERS: Record<string, FilterFn> = {
  to_json(value, args, kwargs) {
    const o = bindArgs("to_json", ["indent", "sort_keys"], args, omitJsonNoise(kwargs));
    return pythonJsonDumps(value, {
      indent: o.indent as number | undefined,
      sortKeys: pyTruthy(o.sort_keys),
      ensureAscii: kwargs.ensure_ascii === undefined ? true : pyTruthy(kwargs.ensure_ascii),
    });
  },
  to_nice_json(value, args, kwargs) {
    const o = bindArgs("to_nice_json", ["indent", "sort_keys"], args, omitJsonNoise(kwargs));
    const indent = (o.indent ?? 4) as number;
    return pythonJsonDumps(value, {
      indent,
      sortKeys: o.sort_keys === undefined ? true : pyTruthy(o.sort_keys),
      ensureAscii: kwargs.ensure_ascii === undefined ? true : pyTruthy(kwargs.ensure_ascii),
    });
  },
  from_json(value) {
    try {
      return JSON.parse(String(value));
    } catch (error) {
      throw new AnsibleFilterError(`from_json: ${(error as Error).message}`);
    }
  },
  to_yaml(value, _args, kwargs) {
    const flow = kwargs.default_flow_style;
    return yamlDump(value, {
      flowStyle: flow === undefined || flow === null ? undefined : pyTruthy(flow),
      indent: kwargs.indent as number | undefined,
      width: kwargs.width as number | undefined,
      sortKeys: kwargs.sort_keys === undefined ? true : pyTruthy(kwargs.sort_keys),
    });
  },
  to_nice_yaml(value, args, kwargs) {
    const o = bindArgs("to_nice_yaml", ["indent"], args, pick(kwargs, ["indent"]));
    return yamlDump(value, {
      flowStyle: false,
      indent: (o.indent ?? 4) as number,
      width: kwargs.width as number | undefined,
      sortKeys: kwargs.sort_keys === undefined ? true : pyTruthy(kwargs.sort_keys),
    });
  },
  bool(value) {
    if (value === null || value === undefined || typeof value === "boolean") return value ?? null;
    const v = typeof value === "string" ? value.toLowerCase() : value;
    return v === "yes" || v === "on" || v === "1" || v === "true" || v === 1;
  },
  ternary(value, args, kwargs) {
    const o = bindArgs("ternary", ["true_val", "false_val", "none_val"], args, kwargs);
    if (value === null && o.none_val !== undefined && o.none_val !== null) return o.none_val;
    return pyTruthy(value) ? o.true_val : o.false_val;
  },
  combine(value, args, kwargs) {
    const recursive = pyTruthy(kwargs.recursive);
    const listMerge = kwargs.list_merge ?? "replace";
    const extra = Object.keys(kwargs).filter((k) => k !== "recursive" && k !== "list_merge");
    if (extra.length > 0) {
      throw new AnsibleFilterError(
        "'recursive' and 'list_merge' are the only valid keyword arguments",
      );
    }
    if (listMerge !== "replace") {
      throw new AnsibleFilterError(
        `combine: list_merge=${String(listMerge)} is not supported by tachyon yet (only replace)`,
      );
    }
    const dicts = flattenOnce([value, ...args]);
    if (dicts.length === 0) return {};
    for (const d of dicts) {
      if (!isDict(d)) {
        throw new AnsibleFilterTypeError(
          `failed to combine variables, expected dicts but got a '${pyTypeName(d)}'`,
        );
      }
    }
    if (dicts.length === 1) return dicts[0];
    let result = dicts[dicts.length - 1] as Record<string, unknown>;
    for (let i = dicts.length - 2; i >= 0; i--) {
      result = mergeHash(dicts[i] as Record<string, unknown>, result, recursive);
    }
    return result;
  },
  dict2items(value, args, kwargs) {
    const o = bindArgs("dict2items", ["key_name", "value_name"], args, kwargs);
    if (!isDict(value)) {
      throw new AnsibleFilterTypeError(
        `dict2items requires a dictionary, got <class '${pyTypeName(value)}'> instead.`,
      );
    }
    const k = String(o.key_name ?? "key"), v = String(o.value_name ?? "value");
    return Object.entries(value).map(([key, val]) => ({ [k]: key, [v]: val }));
  },
  items2dict(value, args, kwargs) {
    const o = bindArgs("items2dict", ["key_name", "value_name"], args, kwargs);
    if (!Array.isArray(value)) {
      throw new AnsibleFilterTypeError(
        `items2dict requires a list, got <class '${pyTypeName(value)}'> instead.`,
      );
    }
    const k = String(o.key_name ?? "key"), v = String(o.value_name ?? "value");
    const out: Record<string, unknown> = {};
    for (const item of value) {
      if (!isDict(item)) {
        throw new AnsibleFilterTypeError(
          `items2dict requires a list of dictionaries, got ${pyStr(value)} instead.`,
        );
      }
      if (!(k in item) || !(v in item)) {
        throw new AnsibleFilterTypeError(
          `items2dict requires each dictionary in the list to contain the keys '${k}' and '${v}', got ${
            pyStr(value)
          } instead.`,
        );
      }
      out[toText(item[k])] = item[v];
    }
    return out;
  },
  regex_replace(value, args, kwargs) {
    const o = bindArgs(
      "regex_replace",
      ["pattern", "replacement", "ignorecase", "multiline"],
      args,
      kwargs,
    );
    return pySub(String(o.pattern ?? ""), String(o.replacement ?? ""), toText(value ?? ""), {
      ignorecase: pyTruthy(o.ignorecase),
      multiline: pyTruthy(o.multiline),
    });
  },
  regex_search(value, args, kwargs) {
    const [pattern, ...groups] = args;
    const m = pySearch(String(pattern), toText(value), {
      ignorecase: pyTruthy(kwargs.ignorecase),
      multiline: pyTruthy(kwargs.multiline),
    });
    if (!m) return null;
    if (groups.length === 0) return m[0];
    return groups.map((g) => {
      const text = String(g);
      const named = /^\\g<(\S+)>/.exec(text);
      if (named) return /^\d+$/.test(named[1]) ? m[Number(named[1])] : m.groups?.[named[1]];
      const num = /^\\(\d+)/.exec(text);
      if (num) return m[Number(num[1])] ?? null;
      throw new AnsibleFilterError("Unknown argument");
    });
  },
  regex_findall(value, args, kwargs) {
    const o = bindArgs("regex_findall", ["regex", "multiline", "ignorecase"], args, kwargs);
    const re = new RegExp(
      pySearchSource(String(o.regex)),
      "g" + (pyTruthy(o.ignorecase) ? "i" : "") + (pyTruthy(o.multiline) ? "m" : ""),
    );
    return [...toText(value).matchAll(re)].map((m) =>
      m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? "") : m.slice(1).map((g) => g ?? "")
    );
  },
  regex_escape(value) {
    return toText(value).replace(/[^A-Za-z0-9_]/g, (c) => (c.codePointAt(0)! > 127 ? c : "\\" + c));
  },
  b64encode(value, args, kwargs) {
    bindArgs("b64encode", ["encoding"], args, kwargs);
    return base64Encode(encoder.encode(toText(value)));
  },
  b64decode(value, args, kwargs) {
    bindArgs("b64decode", ["encoding"], args, kwargs);
    return new TextDecoder().decode(base64Decode(toText(value)));
  },
  basename(value) {
    const p = toText(value);
    return p.slice(p.lastIndexOf("/") + 1);
  },
  dirname(value) {
    const p = toText(value);
    const i = p.lastIndexOf("/") + 1;
    let head = p.slice(0, i);
    if (head && head !== "/".repeat(head.length)) head = head.replace(/\/+$/, "");
    return head;
  },
  quote(value) {
    return shlexQuote(value === null || value === undefined ? "" : toText(value));
  },
  mandatory(value, args, kwargs) {
    const { __tachyon_name: name, ...rest } = kwargs;
    const o = bindArgs("mandatory", ["msg"], args, rest);
    if (value === undefined) {
      if (o.msg !== undefined && o.msg !== null) throw new AnsibleFilterError(toText(o.msg));
      const shown = name === undefined ? "" : `'${toText(name)}' `;
      throw new AnsibleFilterError(`Mandatory variable ${shown} not defined.`);
    }
    return value;
  },
  unique(value, args, kwargs) {
    const o = bindArgs("unique", ["case_sensitive", "attribute"], args, kwargs);
    const seen: unknown[] = [];
    const out: unknown[] = [];
    const keyOf = (x: unknown) => {
      let k = o.attribute !== undefined && o.attribute !== null && isDict(x)
        ? x[String(o.attribute)]
        : x;
      if (!pyTruthy(o.case_sensitive) && typeof k === "string") k = k.toLowerCase();
      return k;
    };
    for (const x of iterate(value)) {
      const k = keyOf(x);
      if (!seen.some((s) => pyEquals(s, k))) {
        seen.push(k);
        out.push(x);
      }
    }
    return out;
  },
  flatten(value, args, kwargs) {
    const o = bindArgs("flatten", ["levels", "skip_nulls"], args, kwargs);
    const skip = o.skip_nulls === undefined ? true : pyTruthy(o.skip_nulls);
    const go = (list: unknown[], levels: number | undefined): unknown[] => {
      const out: unknown[] = [];
      for (const e of list) {
        if (skip && (e === null || e === "None" || e === "null")) continue;
        if (Array.isArray(e) && (levels === undefined || levels >= 1)) {
          out.push(...go(e, levels === undefined ? undefined : levels - 1));
        } else out.push(e);
      }
      return out;
    };
    return go(
      iterate(value),
      o.levels === undefined || o.levels === null ? undefined : Number(o.levels),
    );
  },
  to_uuid() {
    throw new AnsibleFilterError("to_uuid is not supported by tachyon yet");
  },
  type_debug(value) {
    return pyTypeName(value);
  },
  splitext(value) {
    const p = toText(value);
    const base = p.slice(p.lastIndexOf("/") + 1);
    const dot = base.lastIndexOf(".");
    if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return [p, ""];
    const cut = p.length - base.length + dot;
    return [p.slice(0, cut), p.slice(cut)];
  },
};

function pySearchSource(pattern: string): string {
  return pySubSource(pattern);
}

function pySubSource(pattern: string): string {
  return pattern.replace(/\(\?P</g, "(?<").replace(/\(\?P=(\w+)\)/g, "\\k<$1>");
}

function omitJsonNoise(kwargs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    if (k === "indent" || k === "sort_keys") out[k] = v;
  }
  return out;
}

function pick(kwargs: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) if (n in kwargs) out[n] = kwargs[n];
  return out;
}

/** Python's iteration: lists, dict keys, string characters. */
export function iterate(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isDict(value)) return Object.keys(value);
  if (typeof value === "string") return Array.from(value);
  if (value === null || value === undefined) {
    throw new AnsibleFilterTypeError(`'${pyTypeName(value)}' object is not iterable`);
  }
  throw new AnsibleFilterTypeError(`'${pyTypeName(value)}' object is not iterable`);
}

/** Encodes for the `b64encode` family (exported for tests). */
export const utf8 = (text: string): Uint8Array => encoder.encode(text);
