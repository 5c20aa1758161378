/**
 * Safe property writes for objects built from untrusted keys.
 *
 * @module
 */

/**
 * Sets `obj[key] = value` as an own enumerable property, also for keys such
 * as `__proto__` that a plain assignment would treat specially.
 *
 * @example
 * ```ts
 * const o: Record<string, unknown> = {};
 * setOwn(o, "__proto__", 1);
 * Object.keys(o); // ["__proto__"]
 * ```
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    obj[key] = value;
  }
}

/**
 * `Object.assign(target, source)` through {@link setOwn} (Python's
 * `dict.update`).
 *
 * @example
 * ```ts
 * const o = { a: 1 };
 * assignOwn(o, { b: 2 }); // o is { a: 1, b: 2 }
 * ```
 */
export function assignOwn(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(source)) setOwn(target, key, source[key]);
}
