/**
 * What a parse found: values by `dest`, the words nobody took, the options
 * as used, and the help or version option that stopped it.
 *
 * @module
 */

/**
 * A parsed value: a word, an int, a flag, a count or a list of these.
 *
 * @example
 * ```ts
 * import type { ArgValue } from "./argparse.ts";
 *
 * const extraVars: ArgValue = ["a=1", "@vars.yml"]; // -e a=1 -e @vars.yml
 * ```
 */
export type ArgValue = string | number | boolean | undefined | readonly ArgValue[];

/**
 * One option as it was used, in order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseKnownArgs } from "./argparse.ts";
 *
 * const spec = { prog: "demo", options: [{ flags: ["--forks"], dest: "forks" }] };
 * assert.deepEqual(parseKnownArgs(["--fo=3"], spec).used, [{ dest: "forks", flag: "--forks" }]);
 * ```
 */
export interface UsedOption {
  /** Its `dest`. */
  readonly dest: string;
  /** The option string it resolved to (`--forks` for `--fo=3`). */
  readonly flag: string;
}

/**
 * What `parseKnownArgs` found: values by `dest` (only for what was
 * given), the words nobody took, and the `exit` option that stopped parsing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseKnownArgs } from "./argparse.ts";
 *
 * const parsed = parseKnownArgs(["-vv", "--bogus"], {
 *   prog: "demo",
 *   options: [{ flags: ["-v", "--verbose"], dest: "verbosity", action: "count" }],
 * });
 * assert.equal(parsed.number("verbosity"), 2);
 * assert.deepEqual(parsed.extras, ["--bogus"]);
 * ```
 */
export class ParsedArgs {
  /** Values by `dest`. */
  readonly values: ReadonlyMap<string, ArgValue>;
  /** Words no option or positional took, in order. */
  readonly extras: readonly string[];
  /** Options as used, in order. */
  readonly used: readonly UsedOption[];
  /** The `dest` of the `exit` option that stopped parsing, if one did. */
  readonly exit?: string;

  /** Wraps the parse results. */
  constructor(
    values: ReadonlyMap<string, ArgValue>,
    extras: readonly string[],
    used: readonly UsedOption[],
    exit?: string,
  ) {
    this.values = values;
    this.extras = extras;
    this.used = used;
    this.exit = exit;
  }

  /** The word stored at `dest`, if it is one. */
  string(dest: string): string | undefined {
    const value = this.values.get(dest);
    return typeof value === "string" ? value : undefined;
  }

  /** The number stored (or counted) at `dest`, if any. */
  number(dest: string): number | undefined {
    const value = this.values.get(dest);
    return typeof value === "number" ? value : undefined;
  }

  /** Whether the flag at `dest` was given. */
  flag(dest: string): boolean {
    return this.values.get(dest) === true;
  }

  /** The words at `dest` (a list, or an appended list of words), flattened. */
  strings(dest: string): string[] {
    const value = this.values.get(dest);
    return Array.isArray(value) ? value.flat(Infinity).map(String) : [];
  }
}
