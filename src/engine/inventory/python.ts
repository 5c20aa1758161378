/**
 * Small Python look-alikes that Ansible's inventory code leans on: `int()`
 * of a string and the `<class 'x'>` names it prints in messages.
 *
 * @module
 */

/**
 * Thrown where Python raises `ValueError` or `TypeError`.
 *
 * @example
 * ```ts
 * throw new PythonValueError("invalid literal for int() with base 10: 'x'");
 * ```
 */
export class PythonValueError extends Error {
  /**
   * @example
   * ```ts
   * new PythonValueError("slice step cannot be zero");
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "PythonValueError";
  }
}

/**
 * Python's `int(value)` for the value types inventories hold: strings
 * (surrounding whitespace, sign, `_` between digits), numbers (truncated)
 * and booleans.
 *
 * @example
 * ```ts
 * pyInt(" 1_0 "); // 10
 * pyInt(2.9); // 2
 * ```
 */
export function pyInt(value: unknown): number {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new PythonValueError(`cannot convert float ${value} to integer`);
    }
    return Math.trunc(value);
  }
  if (typeof value === "string") {
    const m = /^\s*([-+]?)(\d(?:_?\d)*)\s*$/u.exec(value);
    if (!m) throw new PythonValueError(`invalid literal for int() with base 10: ${pyRepr(value)}`);
    const n = Number(m[2].replaceAll("_", ""));
    return m[1] === "-" ? -n : n;
  }
  throw new PythonValueError(
    `int() argument must be a string, a bytes-like object or a real number, not '${
      pyTypeName(value)
    }'`,
  );
}

/**
 * The Python type name a JSON/YAML value would have (`dict`, `list`, `str`...).
 *
 * @example
 * ```ts
 * pyTypeName([1]); // "list"
 * ```
 */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (Array.isArray(value)) return "list";
  if (typeof value === "object") return "dict";
  return typeof value;
}

/**
 * `<class 'x'>`, as Python formats `type(value)`.
 *
 * @example
 * ```ts
 * pyClass("a"); // "<class 'str'>"
 * ```
 */
export function pyClass(value: unknown): string {
  return `<class '${pyTypeName(value)}'>`;
}

/** Longest {@link pyRepr} text: error messages quote values, which may be huge or shared. */
const MAX_REPR_CHARS = 100_000;

/**
 * A short Python-`repr`-like rendering used in error messages. Past
 * 100 000 characters it stops and ends with `...` (a value whose parts are
 * shared, such as a YAML alias bomb, would otherwise take forever).
 *
 * @example
 * ```ts
 * pyRepr("a"); // "'a'"
 * ```
 */
export function pyRepr(value: unknown): string {
  const parts: string[] = [];
  const budget = { left: MAX_REPR_CHARS };
  writeRepr(value, parts, budget);
  const text = parts.join("");
  return budget.left < 0 ? text.slice(0, MAX_REPR_CHARS) + "..." : text;
}

function writeRepr(value: unknown, out: string[], budget: { left: number }): void {
  const put = (s: string) => {
    out.push(s);
    budget.left -= s.length;
  };
  if (budget.left < 0) return;
  if (typeof value === "string") {
    put(`'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`);
    return;
  }
  if (value === null || value === undefined) return put("None");
  if (value === true) return put("True");
  if (value === false) return put("False");
  let entries: Iterable<[unknown, unknown]> | undefined;
  if (value instanceof Map) entries = value;
  else if (Array.isArray(value)) {
    put("[");
    value.forEach((item, i) => {
      if (budget.left < 0) return;
      if (i > 0) put(", ");
      writeRepr(item, out, budget);
    });
    return put("]");
  } else if (typeof value === "object") entries = Object.entries(value);
  if (!entries) return put(String(value));
  put("{");
  let first = true;
  for (const [k, v] of entries) {
    if (budget.left < 0) break;
    if (!first) put(", ");
    first = false;
    writeRepr(k, out, budget);
    put(": ");
    writeRepr(v, out, budget);
  }
  put("}");
}
