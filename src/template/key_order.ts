/**
 * Python dicts keep their insertion order; the engine's maps come back
 * sorted by key. This registry remembers the order of every dict a render
 * starts with (the variables) and every dict tachyon's filters return, by
 * its set of keys, and puts a map that comes back from the engine into that
 * order. A dict built in the template from keys no known dict has keeps the
 * engine's (sorted) order.
 *
 * @module
 */
import { isDict } from "../python/dict.ts";

/**
 * Key orders by key set.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { KeyOrder } from "./key_order.ts";
 * const order = new KeyOrder();
 * order.learn({ b: 1, a: 2 });
 * assert.deepEqual(Object.keys(order.plain(new Map([["a", 2], ["b", 1]])) as object), ["b", "a"]);
 * ```
 */
export class KeyOrder {
  readonly #orders = new Map<string, string[]>();
  readonly #seen = new WeakSet<object>();

  /** Remembers the key order of `value`'s dicts (deeply). */
  learn(value: unknown): void {
    if (Array.isArray(value)) {
      if (this.#seen.has(value)) return;
      this.#seen.add(value);
      for (const v of value) this.learn(v);
    } else if (isDict(value)) {
      if (this.#seen.has(value)) return;
      this.#seen.add(value);
      const keys = Object.keys(value);
      const id = signature(keys);
      if (!this.#orders.has(id)) this.#orders.set(id, keys);
      for (const v of Object.values(value)) this.learn(v);
    }
  }

  /** Engine values as plain ones (maps as dicts in their remembered order, nested undefined as None). */
  plain(value: unknown): unknown {
    if (value instanceof Map) {
      const keys = [...value.keys()].map(String);
      const order = this.#orders.get(signature(keys)) ?? keys;
      const out: Record<string, unknown> = {};
      for (const k of order) out[k] = this.plain(value.get(k));
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => this.plain(v));
    if (value === undefined) return null;
    if (isDict(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.plain(v);
      return out;
    }
    return value;
  }
}

function signature(keys: readonly string[]): string {
  return [...keys].sort().join("\u0000");
}
