/**
 * The one argv parser, with Python 3.11 argparse's rules, configured per use
 * by an {@linkcode ArgParserSpec}: the CLI's parsers (`ansible-runner`,
 * `worker`, `worker cleanup`) and the job's command line, which
 * `ansible-playbook` or `ansible` would parse (`env/cmdline`).
 *
 * It follows `ArgumentParser.parse_known_args` step by step: every word is
 * first classified as an option (`O`), an argument (`A`) or the `--`
 * separator; options then take their arguments by the same patterns, with
 * unique long-option prefixes (`--priv` for `--private-data-dir`), `=`
 * values, single-dash values (`-uroot`) and clusters (`-vvv`, `-bK`);
 * positionals take the argument runs between options; words nobody takes
 * are `extras`. Errors carry argparse's messages. Help and version actions
 * stop parsing where they stand, as argparse exits there.
 *
 * Left out because no parser here uses them: `fromfile_prefix_chars`,
 * prefix characters other than `-`, `REMAINDER`, defaults and `const`s.
 *
 * @module
 */
import { pyInt } from "../python/int.ts";
import { pyRepr } from "../python/repr.ts";
import {
  type ArgOption,
  type ArgParserSpec,
  type ArgPositional,
  ArgvError,
  type Nargs,
} from "./argparse_spec.ts";
import { type ArgValue, ParsedArgs, type UsedOption } from "./parsed_args.ts";

export {
  type ArgOption,
  type ArgParserSpec,
  type ArgPositional,
  ArgvError,
  type Nargs,
  type OptionAction,
} from "./argparse_spec.ts";
export { type ArgValue, ParsedArgs, type UsedOption } from "./parsed_args.ts";

/**
 * Parses `argv` against `spec` like argparse's `parse_known_args`: unknown
 * words are returned in `extras` (the caller decides whether they are an
 * error); everything else argparse rejects throws {@linkcode ArgvError}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseKnownArgs } from "./argparse.ts";
 *
 * const parsed = parseKnownArgs(["--priv=/runner", "cleanup", "--grace-period", "0"], {
 *   prog: "ansible-runner worker",
 *   options: [{ flags: ["--private-data-dir"], dest: "private_data_dir" }],
 *   positionals: [{ dest: "sub", nargs: "parser", choices: ["cleanup"] }],
 * });
 * assert.equal(parsed.string("private_data_dir"), "/runner");
 * assert.deepEqual(parsed.strings("sub"), ["cleanup", "--grace-period", "0"]);
 * ```
 */
export function parseKnownArgs(argv: readonly string[], spec: ArgParserSpec): ParsedArgs {
  return new ArgvParse(argv, spec).run();
}

/** An option found at some index: the option (none if unknown), its string, its `=` value. */
interface OptionHit {
  option?: ArgOption;
  flag: string;
  explicit?: string;
}

type Action = ArgOption | ArgPositional;

const NEGATIVE_NUMBER = /^-\p{Nd}+\n?$|^-\p{Nd}*\.\p{Nd}+\n?$/u;

class ExitRequest {
  constructor(readonly dest: string) {}
}

/** One run of the parser over one argv (argparse's `_parse_known_args`). */
class ArgvParse {
  readonly #argv: readonly string[];
  readonly #spec: ArgParserSpec;
  readonly #byFlag = new Map<string, ArgOption>();
  readonly #values = new Map<string, ArgValue>();
  readonly #extras: string[] = [];
  readonly #used: UsedOption[] = [];
  readonly #seen = new Set<string>();
  #pattern = "";
  #positionals: ArgPositional[];

  constructor(argv: readonly string[], spec: ArgParserSpec) {
    this.#argv = argv;
    this.#spec = spec;
    for (const option of spec.options) {
      for (const flag of option.flags) this.#byFlag.set(flag, option);
    }
    this.#positionals = [...(spec.positionals ?? [])];
  }

  run(): ParsedArgs {
    const optionAt = new Map<number, OptionHit>();
    const kinds: string[] = [];
    for (let i = 0; i < this.#argv.length; i++) {
      if (this.#argv[i] === "--") {
        kinds.push("-", ...this.#argv.slice(i + 1).map(() => "A"));
        break;
      }
      const hit = this.#classify(this.#argv[i]);
      if (hit) optionAt.set(i, hit);
      kinds.push(hit ? "O" : "A");
    }
    this.#pattern = kinds.join("");
    try {
      this.#consumeAll(optionAt);
    } catch (error) {
      if (error instanceof ExitRequest) {
        return new ParsedArgs(this.#values, this.#extras, this.#used, error.dest);
      }
      throw error;
    }
    const missing = (this.#spec.positionals ?? [])
      .filter((p) => !this.#seen.has(p.dest) && isRequired(p))
      .map((p) => p.metavar ?? p.dest);
    if (missing.length > 0) {
      throw new ArgvError(
        `the following arguments are required: ${missing.join(", ")}`,
        this.#spec,
      );
    }
    return new ParsedArgs(this.#values, this.#extras, this.#used);
  }

  #consumeAll(optionAt: Map<number, OptionHit>): void {
    const indices = [...optionAt.keys()];
    const last = indices.length > 0 ? Math.max(...indices) : -1;
    let start = 0;
    while (start <= last) {
      const next = Math.min(...indices.filter((i) => i >= start));
      if (start !== next) {
        const end = this.#consumePositionals(start);
        if (end > start) {
          start = end;
          continue;
        }
      }
      if (!optionAt.has(start)) {
        this.#extras.push(...this.#argv.slice(start, next));
        start = next;
      }
      start = this.#consumeOptional(start, optionAt.get(start)!);
    }
    const stop = this.#consumePositionals(start);
    this.#extras.push(...this.#argv.slice(stop));
  }

  /** argparse's `_parse_optional`: an option hit, or undefined for an argument. */
  #classify(word: string): OptionHit | undefined {
    if (!word.startsWith("-")) return undefined;
    const exact = this.#byFlag.get(word);
    if (exact) return { option: exact, flag: word };
    if (word.length === 1) return undefined;
    const eq = word.indexOf("=");
    if (eq !== -1) {
      const option = this.#byFlag.get(word.slice(0, eq));
      if (option) return { option, flag: word.slice(0, eq), explicit: word.slice(eq + 1) };
    }
    const hits = this.#prefixHits(word);
    if (hits.length > 1) {
      const matches = hits.map((h) => h.flag).join(", ");
      throw new ArgvError(`ambiguous option: ${word} could match ${matches}`, this.#spec);
    }
    if (hits.length === 1) return hits[0];
    if (
      NEGATIVE_NUMBER.test(word) && ![...this.#byFlag.keys()].some((f) => NEGATIVE_NUMBER.test(f))
    ) {
      return undefined;
    }
    if (word.includes(" ")) return undefined;
    return { flag: word };
  }

  /** argparse's `_get_option_tuples`: long prefixes, or a short option with its value attached. */
  #prefixHits(word: string): OptionHit[] {
    const hits: OptionHit[] = [];
    if (word[1] === "-") {
      const eq = word.indexOf("=");
      const prefix = eq === -1 ? word : word.slice(0, eq);
      const explicit = eq === -1 ? undefined : word.slice(eq + 1);
      for (const [flag, option] of this.#byFlag) {
        if (flag.startsWith(prefix)) hits.push({ option, flag, explicit });
      }
      return hits;
    }
    const short = word.slice(0, 2);
    for (const [flag, option] of this.#byFlag) {
      if (flag === short) hits.push({ option, flag, explicit: word.slice(2) });
      else if (flag.startsWith(word)) hits.push({ option, flag });
    }
    return hits;
  }

  /** argparse's `consume_optional`: the option at `start` (and its cluster); returns the next index. */
  #consumeOptional(start: number, hit: OptionHit): number {
    let { option, flag, explicit } = hit;
    const taken: [ArgOption, string[], string][] = [];
    let stop: number;
    while (true) {
      if (!option) {
        this.#extras.push(this.#argv[start]);
        return start + 1;
      }
      if (explicit !== undefined) {
        const count = this.#matchArgument(option, "A");
        if (count === 0 && flag[1] !== "-" && explicit !== "") {
          taken.push([option, [], flag]);
          const [char] = explicit;
          flag = flag[0] + char;
          const rest = explicit.slice(char.length);
          const next = this.#byFlag.get(flag);
          if (!next) {
            throw this.#argumentError(option, `ignored explicit argument ${pyRepr(explicit)}`);
          }
          option = next;
          explicit = rest === "" ? undefined : rest;
        } else if (count === 1) {
          stop = start + 1;
          taken.push([option, [explicit], flag]);
          break;
        } else {
          throw this.#argumentError(option, `ignored explicit argument ${pyRepr(explicit)}`);
        }
      } else {
        const from = start + 1;
        stop = from + this.#matchArgument(option, this.#pattern.slice(from));
        taken.push([option, this.#argv.slice(from, stop), flag]);
        break;
      }
    }
    for (const [option, args, flag] of taken) {
      this.#used.push({ dest: option.dest, flag });
      this.#take(option, args);
    }
    return stop;
  }

  /** argparse's `consume_positionals`: as many positionals as the arguments at `start` fill. */
  #consumePositionals(start: number): number {
    const counts = this.#matchPartial(this.#positionals, this.#pattern.slice(start));
    const filled = this.#positionals.splice(0, counts.length);
    filled.forEach((positional, i) => {
      this.#take(positional, this.#argv.slice(start, start + counts[i]));
      start += counts[i];
    });
    return start;
  }

  #matchArgument(option: ArgOption, pattern: string): number {
    const match = new RegExp(`^${nargsPattern(option)}`).exec(pattern);
    if (match) return match[1].length;
    const nargs = option.nargs;
    const message = nargs === undefined
      ? "expected one argument"
      : nargs === "?"
      ? "expected at most one argument"
      : nargs === "+"
      ? "expected at least one argument"
      : `expected ${nargs} argument${nargs === 1 ? "" : "s"}`;
    throw this.#argumentError(option, message);
  }

  #matchPartial(positionals: readonly ArgPositional[], pattern: string): number[] {
    for (let i = positionals.length; i > 0; i--) {
      const regex = new RegExp(`^${positionals.slice(0, i).map(nargsPattern).join("")}`);
      const match = regex.exec(pattern);
      if (match) return match.slice(1).map((group) => group.length);
    }
    return [];
  }

  /** argparse's `take_action`: converts, checks exclusivity, stores. */
  #take(action: Action, args: string[]): void {
    const value = this.#convert(action, args);
    for (const group of this.#spec.exclusive ?? []) {
      if (!group.includes(action.dest)) continue;
      const other = group.find((dest) => dest !== action.dest && this.#seen.has(dest));
      if (other !== undefined) {
        const name = actionName(this.#spec.options.find((o) => o.dest === other)!);
        throw this.#argumentError(action, `not allowed with argument ${name}`);
      }
    }
    this.#seen.add(action.dest);
    const kind = "flags" in action ? action.action ?? "store" : "store";
    const previous = this.#values.get(action.dest);
    if (kind === "exit") throw new ExitRequest(action.dest);
    if (kind === "store_true") this.#values.set(action.dest, true);
    else if (kind === "count") {
      this.#values.set(action.dest, (typeof previous === "number" ? previous : 0) + 1);
    } else if (kind === "append") {
      this.#values.set(action.dest, [...(Array.isArray(previous) ? previous : []), value]);
    } else this.#values.set(action.dest, value);
  }

  /** argparse's `_get_values`. */
  #convert(action: Action, args: string[]): ArgValue {
    const nargs = actionNargs(action);
    if (nargs !== "parser") {
      const separator = args.indexOf("--");
      if (separator !== -1) args = args.toSpliced(separator, 1);
    }
    if (args.length === 0 && nargs === "?") return undefined;
    if (args.length === 0 && nargs === "*" && !("flags" in action)) return [];
    if (args.length === 1 && (nargs === undefined || nargs === "?")) {
      return this.#checked(action, this.#typed(action, args[0]));
    }
    const values = args.map((arg) => this.#typed(action, arg));
    if (nargs === "parser") this.#checked(action, values[0]);
    else values.forEach((value) => this.#checked(action, value));
    return values;
  }

  #typed(action: Action, arg: string): string | number {
    if (!("type" in action) || action.type !== "int") return arg;
    try {
      return pyInt(arg);
    } catch {
      throw this.#argumentError(action, `invalid int value: ${pyRepr(arg)}`);
    }
  }

  #checked<T extends string | number>(action: Action, value: T): T {
    const choices = "choices" in action ? action.choices : undefined;
    if (choices && !choices.includes(String(value))) {
      const allowed = choices.map((c) => pyRepr(c)).join(", ");
      throw this.#argumentError(
        action,
        `invalid choice: ${pyRepr(value)} (choose from ${allowed})`,
      );
    }
    return value;
  }

  #argumentError(action: Action, message: string): ArgvError {
    return new ArgvError(`argument ${actionName(action)}: ${message}`, this.#spec);
  }
}

function actionNargs(action: Action): Nargs | "parser" | undefined {
  if ("flags" in action) {
    const kind = action.action ?? "store";
    return kind === "store" || kind === "append" ? action.nargs : 0;
  }
  return action.nargs;
}

function isRequired(positional: ArgPositional): boolean {
  if (positional.required !== undefined) return positional.required;
  return !["?", "*", "parser"].includes(String(positional.nargs));
}

function actionName(action: Action): string {
  return "flags" in action ? action.flags.join("/") : action.metavar ?? action.dest;
}

/** argparse's `_get_nargs_pattern`: `A` arguments, `O` options, `-` the separator. */
function nargsPattern(action: Action): string {
  const nargs = actionNargs(action);
  let pattern: string;
  if (nargs === undefined) pattern = "(-*A-*)";
  else if (nargs === "?") pattern = "(-*A?-*)";
  else if (nargs === "*") pattern = "(-*[A-]*)";
  else if (nargs === "+") pattern = "(-*A[A-]*)";
  else if (nargs === "parser") pattern = "(-*A[-AO]*)";
  else pattern = `(-*${Array(nargs).fill("A").join("-*")}-*)`;
  return "flags" in action ? pattern.replaceAll("-*", "").replaceAll("-", "") : pattern;
}
