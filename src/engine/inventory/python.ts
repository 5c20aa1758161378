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

/**
 * A short Python-`repr`-like rendering used in error messages.
 *
 * @example
 * ```ts
 * pyRepr("a"); // "'a'"
 * ```
 */
export function pyRepr(value: unknown): string {
  if (typeof value === "string") {
    return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  }
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (value instanceof Map) {
    return `{${[...value].map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  }
  return String(value);
}
