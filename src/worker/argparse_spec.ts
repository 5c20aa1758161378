/**
 * How a parser is configured for `parseKnownArgs` (`argparse.ts`): its options and positionals, as argparse's `add_argument`
 * calls would declare them, and the error it raises.
 *
 * @module
 */

/**
 * What an option does with what it takes (argparse's `action=`).
 *
 * @example
 * ```ts
 * import type { OptionAction } from "./argparse.ts";
 *
 * const verbose: OptionAction = "count"; // -vvv counts 3
 * ```
 */
export type OptionAction = "store" | "store_true" | "append" | "count" | "exit";

/**
 * How many arguments something takes (argparse's `nargs`): one when absent.
 *
 * @example
 * ```ts
 * import type { Nargs } from "./argparse.ts";
 *
 * const excludes: Nargs = "*"; // --exclude-strings a b c
 * ```
 */
export type Nargs = "?" | "*" | "+" | number;

/**
 * One option (`add_argument("-f", "--forks", …)`).
 *
 * @example
 * ```ts
 * import type { ArgOption } from "./argparse.ts";
 *
 * const forks: ArgOption = { flags: ["-f", "--forks"], dest: "forks", type: "int" };
 * ```
 */
export interface ArgOption {
  /** Option strings in declaration order, e.g. `["-f", "--forks"]`. */
  readonly flags: readonly string[];
  /** Key of its value in the `ParsedArgs`. */
  readonly dest: string;
  /** Default `store`; `exit` stops parsing (help, version). */
  readonly action?: OptionAction;
  /** For `store` and `append`; one argument when absent. */
  readonly nargs?: Nargs;
  /** `int`: Python's `int()` of each argument. */
  readonly type?: "int";
}

/**
 * One positional (`add_argument("pattern")`, or a sub-command word).
 *
 * @example
 * ```ts
 * import type { ArgPositional } from "./argparse.ts";
 *
 * const pattern: ArgPositional = { dest: "args", metavar: "pattern", nargs: "?" };
 * ```
 */
export interface ArgPositional {
  /** Key of its value in the `ParsedArgs`. */
  readonly dest: string;
  /** Name in messages (default `dest`). */
  readonly metavar?: string;
  /** `parser`: a sub-command, which takes its word and every word after it. */
  readonly nargs?: Nargs | "parser";
  /** Allowed values (of the first word for `parser`). */
  readonly choices?: readonly string[];
  /** Default: required unless `nargs` is `?`, `*` or `parser`. */
  readonly required?: boolean;
}

/**
 * A parser: its name in messages, usage text, options and positionals.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type ArgParserSpec, parseKnownArgs } from "./argparse.ts";
 *
 * const spec: ArgParserSpec = {
 *   prog: "demo",
 *   options: [{ flags: ["-b", "--become"], dest: "become", action: "store_true" }],
 *   positionals: [{ dest: "pattern", nargs: "?" }],
 * };
 * assert.equal(parseKnownArgs(["--bec", "web"], spec).string("pattern"), "web");
 * ```
 */
export interface ArgParserSpec {
  /** The program name in messages, e.g. `ansible-runner worker`. */
  readonly prog: string;
  /** Usage text printed before a usage error. */
  readonly usage?: string;
  /** Options, in declaration order (prefix ambiguity lists them in that order). */
  readonly options: readonly ArgOption[];
  /** Positionals, in order. */
  readonly positionals?: readonly ArgPositional[];
  /** Mutually exclusive groups, by `dest`. */
  readonly exclusive?: readonly (readonly string[])[];
}

/**
 * A usage error, with argparse's message; `prog` and `usage` say which
 * parser raised it (a CLI prints `usage`, then `prog: error: message`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ArgvError, parseKnownArgs } from "./argparse.ts";
 *
 * const spec = { prog: "demo", options: [{ flags: ["-n"], dest: "n", type: "int" as const }] };
 * assert.throws(() => parseKnownArgs(["-n", "x"], spec), (error: unknown) =>
 *   error instanceof ArgvError && error.message === "argument -n: invalid int value: 'x'");
 * ```
 */
export class ArgvError extends Error {
  /** The error name. */
  override name = "ArgvError";
  /** The program name of the parser that raised it. */
  readonly prog: string;
  /** That parser's usage text ("" when it has none). */
  readonly usage: string;

  /** Creates the error for `spec`'s parser. */
  constructor(message: string, spec: Pick<ArgParserSpec, "prog" | "usage">) {
    super(message);
    this.prog = spec.prog;
    this.usage = spec.usage ?? "";
  }
}
