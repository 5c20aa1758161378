/**
 * Python regular expressions for `re.search` on one line, as `lineinfile`,
 * `blockinfile` and `wait_for` take them, and their check at argument time.
 *
 * @module
 */
import type { ArgReader } from "./args.ts";
import { pythonRegExp } from "../../python/re.ts";

/**
 * Compiles a Python regular expression for `re.search` on one line.
 *
 * @example
 * ```ts
 * searchRegExp("^Port\\s").test("Port 22"); // true
 * ```
 */
export function searchRegExp(pattern: string): RegExp {
  const sticky = pythonRegExp(pattern);
  return new RegExp(sticky.source, sticky.flags.replace("y", ""));
}

/**
 * Checks that every given pattern compiles with {@linkcode searchRegExp};
 * `undefined`, `EOF` and `BOF` (the `insertafter`/`insertbefore` keywords)
 * are skipped.
 *
 * @example
 * ```ts
 * checkSearchRegExps(a, [args.regexp, args.insertafter, args.insertbefore]);
 * ```
 * @throws {ModuleArgsError} (from `a`) naming the first pattern that does not compile
 */
export function checkSearchRegExps(a: ArgReader, patterns: (string | undefined)[]): void {
  for (const re of patterns) {
    if (re === undefined || re === "EOF" || re === "BOF") continue;
    try {
      searchRegExp(re);
    } catch (error) {
      throw a.error(`invalid regular expression ${re}: ${(error as Error).message}`);
    }
  }
}
