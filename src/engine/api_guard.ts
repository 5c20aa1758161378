/**
 * A runtime net under the types: the objects an automation gets (`ctx`,
 * `play`) refuse names they do not have. `play.shel(…)` then fails with
 * "play.shel is not part of the automation API (did you mean play.shell?)"
 * instead of "play.shel is not a function", and `ctx.var.x` does not turn
 * into "cannot read properties of undefined". Type checking (`deno task dev`,
 * `deno compile`) catches these before anything runs; this names them when
 * an unchecked automation reaches them.
 *
 * @module
 */

/**
 * Automation code used a name the automation API does not have.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AutomationApiError } from "./api_guard.ts";
 * assert.equal(
 *   new AutomationApiError("play", "shel", ["task", "shell"]).message,
 *   "play.shel is not part of the automation API (did you mean play.shell?). play has: shell, task",
 * );
 * ```
 */
export class AutomationApiError extends Error {
  /** The error's name. */
  override name = "AutomationApiError";

  /** `label.key` is not one of `known`. */
  constructor(label: string, key: string, known: readonly string[]) {
    const distance = new Map(known.map((k) => [k, editDistance(k, key)]));
    const best = Math.min(2, ...distance.values());
    const near = known.filter((k) => distance.get(k) === best);
    super(
      `${label}.${key} is not part of the automation API` +
        (near.length > 0
          ? ` (did you mean ${near.map((k) => `${label}.${k}`).join(" or ")}?)`
          : "") +
        `. ${label} has: ${[...known].sort().join(", ")}`,
    );
  }
}

/** Names looked up by the language and by tools on any object: never an author's typo. */
const PROBED = new Set(["then", "toJSON", "constructor"]);

/**
 * `target`, frozen, behind a proxy that throws {@linkcode AutomationApiError}
 * when code reads a name it does not have.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { guardApi } from "./api_guard.ts";
 * const play = guardApi("play", { shell: () => "ran" });
 * assert.equal(play.shell(), "ran");
 * assert.throws(
 *   () => (play as unknown as { shel(): void }).shel(),
 *   /play\.shel is not part of the automation API \(did you mean play\.shell\?\)/,
 * );
 * ```
 */
export function guardApi<T extends object>(label: string, target: T): T {
  Object.freeze(target);
  const known = Object.keys(target);
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === "string" && !(key in object) && !PROBED.has(key)) {
        throw new AutomationApiError(label, key, known);
      }
      return Reflect.get(object, key, receiver);
    },
  });
}

/** Levenshtein distance (small strings only: API names). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}
