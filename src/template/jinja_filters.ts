/**
 * Jinja2's built-in filters where the engine's own differ from Jinja2's
 * output: `string` and `join` (Python's `str()` of the items), `format`
 * (Python's `%` formatting), `int` and `float` (Jinja2's fallbacks),
 * `indent` (Jinja2 3.1's line handling) and `tojson` (Python's separators,
 * sorted keys, HTML-safe escapes).
 *
 * @module
 */
import { isDict } from "../python/dict.ts";
import { pythonJsonDumps } from "../python/json_dumps.ts";
import { pyFloatRepr } from "../python/float_repr.ts";
import { pyRepr } from "../python/repr.ts";
import { pySplitlines } from "../python/splitlines.ts";
import { pyTruthy } from "../python/truthy.ts";
import { bindArgs, type FilterFn } from "./ansible_filters.ts";
import { AnsibleFilterError } from "./filter_errors.ts";
import { pyOutput } from "./py_output.ts";

/** Jinja2's `do_int`: int, then int(float), else the default. */
function toInt(value: unknown, fallback: unknown, base: number): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : fallback;
  if (typeof value === "string") {
    const t = value.trim().replace(/_/g, "");
    if (base === 10 && /^[-+]?\d+$/.test(t)) return Number(t);
    if (base !== 10) {
      const body = t.replace(/^[-+]?(0[xob])?/i, "");
      const n = parseInt(body, base);
      if (!Number.isNaN(n) && body !== "") return t.startsWith("-") ? -n : n;
    }
    const f = Number(t);
    if (t !== "" && Number.isFinite(f)) return Math.trunc(f);
    return fallback;
  }
  return fallback;
}

function toFloat(value: unknown, fallback: unknown): unknown {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    const t = value.trim().toLowerCase();
    if (/^[-+]?(inf|infinity)$/.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
    const f = Number(t);
    return t !== "" && !Number.isNaN(f) ? f : fallback;
  }
  return fallback;
}

/** One `%` conversion, Python's rules for the common types. */
function convert(spec: RegExpExecArray, arg: unknown): string {
  const [, , flags = "", widthText = "", precText, type] = spec;
  const width = widthText === "" ? 0 : Number(widthText);
  const prec = precText === undefined ? undefined : Number(precText.slice(1) || "0");
  let body: string;
  let numeric = false;
  const num = (): number => {
    if (typeof arg === "boolean") return arg ? 1 : 0;
    if (typeof arg !== "number") {
      throw new AnsibleFilterError(`%${type} format: a real number is required, not ${typeof arg}`);
    }
    return arg;
  };
  switch (type) {
    case "s":
      body = pyOutput(arg);
      if (prec !== undefined) body = body.slice(0, prec);
      break;
    case "r":
    case "a":
      body = pyRepr(arg);
      if (prec !== undefined) body = body.slice(0, prec);
      break;
    case "d":
    case "i":
    case "u":
      body = String(Math.trunc(num()));
      numeric = true;
      break;
    case "f":
    case "F":
      body = num().toFixed(prec ?? 6);
      numeric = true;
      break;
    case "e":
    case "E": {
      const e = num().toExponential(prec ?? 6).replace(/e([+-])(\d)$/, "e$10$2");
      body = type === "E" ? e.toUpperCase() : e;
      numeric = true;
      break;
    }
    case "g":
    case "G": {
      const n = num();
      body = Number.isInteger(n) && Math.abs(n) < 1e16
        ? String(n)
        : pyFloatRepr(Number(n.toPrecision(prec ?? 6)));
      if (type === "G") body = body.toUpperCase();
      numeric = true;
      break;
    }
    case "x":
    case "X":
    case "o": {
      const n = Math.trunc(num());
      body = Math.abs(n).toString(type === "o" ? 8 : 16);
      if (flags.includes("#")) body = (type === "o" ? "0o" : "0x") + body;
      if (type === "X") body = body.toUpperCase();
      if (n < 0) body = "-" + body;
      numeric = true;
      break;
    }
    case "c":
      body = typeof arg === "number" ? String.fromCodePoint(arg) : String(arg);
      break;
    default:
      throw new AnsibleFilterError(`unsupported format character '${type}'`);
  }
  if (numeric && !body.startsWith("-")) {
    if (flags.includes("+")) body = "+" + body;
    else if (flags.includes(" ")) body = " " + body;
  }
  if (body.length < width) {
    if (flags.includes("-")) body = body.padEnd(width);
    else if (flags.includes("0") && numeric) {
      const sign = /^[-+ ]/.test(body) ? body[0] : "";
      body = sign + body.slice(sign.length).padStart(width - sign.length, "0");
    } else body = body.padStart(width);
  }
  return body;
}

/**
 * Python's `format % args` (`args` a list for a tuple, a dict for `%(name)s`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyPercent } from "./jinja_filters.ts";
 * assert.equal(pyPercent("%s:%05.1f|%-3d|", ["a", 3.14159, 7]), "a:003.1|7  |");
 * ```
 */
export function pyPercent(format: string, args: unknown): string {
  const list = Array.isArray(args) ? args : [args];
  let next = 0;
  const re = /%(?:\(([^)]*)\))?([-+ #0]*)(\d*|\*)(\.\d*)?[hlL]?([diouxXeEfFgGcrsa%])/g;
  const out = format.replace(re, (...m) => {
    const spec = m.slice(0, 6) as unknown as RegExpExecArray;
    if (spec[5] === "%") return "%";
    if (spec[1] !== undefined) {
      if (!isDict(args)) throw new AnsibleFilterError("format requires a mapping");
      return convert(spec, args[spec[1]]);
    }
    if (next >= list.length) {
      throw new AnsibleFilterError("not enough arguments for format string");
    }
    return convert(spec, list[next++]);
  });
  if (!isDict(args) && next < list.length && Array.isArray(args)) {
    throw new AnsibleFilterError("not all arguments converted during string formatting");
  }
  return out;
}

/** Jinja2's `htmlsafe_json_dumps`. */
function htmlSafeJson(value: unknown, indent?: number): string {
  return pythonJsonDumps(value, { sortKeys: true, indent })
    .replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026")
    .replace(/'/g, "\\u0027");
}

/**
 * Jinja2's filters, as Jinja2 3.1 computes them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JINJA_FILTERS } from "./jinja_filters.ts";
 * assert.equal(JINJA_FILTERS.join([true, null], [", "], {}), "True, None");
 * ```
 */
export const JINJA_FILTERS: Record<string, FilterFn> = {
  string: (value) => pyOutput(value),
  join(value, args, kwargs) {
    const o = bindArgs("join", ["d", "attribute"], args, kwargs);
    const items = Array.isArray(value)
      ? value
      : isDict(value)
      ? Object.keys(value)
      : typeof value === "string"
      ? Array.from(value)
      : [];
    const picked = o.attribute === undefined || o.attribute === null
      ? items
      : items.map((x) => (isDict(x) ? x[String(o.attribute)] : undefined));
    return picked.map(pyOutput).join(o.d === undefined ? "" : pyOutput(o.d));
  },
  format(value, args, kwargs) {
    if (args.length > 0 && Object.keys(kwargs).length > 0) {
      throw new AnsibleFilterError(
        "can't handle positional and keyword arguments at the same time",
      );
    }
    return pyPercent(pyOutput(value), Object.keys(kwargs).length > 0 ? kwargs : args);
  },
  int(value, args, kwargs) {
    const o = bindArgs("int", ["default", "base"], args, kwargs);
    return toInt(value, o.default ?? 0, Number(o.base ?? 10));
  },
  float(value, args, kwargs) {
    const o = bindArgs("float", ["default"], args, kwargs);
    return toFloat(value, o.default ?? 0);
  },
  indent(value, args, kwargs) {
    const o = bindArgs("indent", ["width", "first", "blank"], args, kwargs);
    const width = o.width ?? 4;
    const pad = typeof width === "string" ? width : " ".repeat(Number(width));
    const s = pyOutput(value) + "\n";
    let rv: string;
    if (pyTruthy(o.blank)) rv = pySplitlines(s).join("\n" + pad);
    else {
      const lines = pySplitlines(s);
      rv = lines.shift() ?? "";
      if (lines.length > 0) rv += "\n" + lines.map((l) => (l ? pad + l : l)).join("\n");
    }
    return pyTruthy(o.first) ? pad + rv : rv;
  },
  round(value, args, kwargs) {
    const o = bindArgs("round", ["precision", "method"], args, kwargs);
    const x = Number(value);
    const m = 10 ** Number(o.precision ?? 0);
    const method = String(o.method ?? "common");
    if (method === "ceil") return Math.ceil(x * m) / m;
    if (method === "floor") return Math.floor(x * m) / m;
    if (method !== "common") {
      throw new AnsibleFilterError("method must be common, ceil or floor");
    }
    // Python's round(): halves go to the even neighbour.
    const scaled = x * m;
    const r = Math.abs(scaled % 1) === 0.5 ? 2 * Math.round(scaled / 2) : Math.round(scaled);
    return r / m;
  },
  tojson(value, args, kwargs) {
    const o = bindArgs("tojson", ["indent"], args, kwargs);
    return htmlSafeJson(value, o.indent as number | undefined);
  },
};
