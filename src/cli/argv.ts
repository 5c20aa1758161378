/**
 * A small, strict argv parser with argparse's conventions: `--opt=value` and
 * `--opt value` are the same, repeatable lists (`nargs='*'`) take every
 * following token up to the next option, and anything unknown is a
 * {@linkcode UsageError}.
 *
 * @module
 */

/** How an option consumes argv. */
export type OptionKind = "flag" | "value" | "int" | "list";

/** One option a command accepts. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `private-data-dir`. */
  name: string;
  /** How the option consumes its value(s). */
  kind: OptionKind;
  /** Short aliases with one dash, e.g. `["h"]`. */
  short?: string[];
}

/** The parsed options (by long name) and positional arguments. */
export interface ParsedArgv {
  /** Option values keyed by long name: `true` for flags, string, number or string[]. */
  options: Map<string, string | number | boolean | string[]>;
  /** Positional arguments in order. */
  positionals: string[];
  /** argv left unparsed after a stop word (see {@linkcode parseArgv}'s `stopAt`). */
  rest: string[];
}

/**
 * A command-line usage error: the CLI prints the message on stderr and exits 2.
 *
 * @example
 * ```ts
 * throw new UsageError("worker: unrecognized arguments: --bogus");
 * ```
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Parses `argv` against `specs`.
 *
 * `stopAt` names positional words (sub-commands) at which parsing stops; the
 * word and everything after it land in `rest`.
 *
 * @example
 * ```ts
 * const parsed = parseArgv(["--private-data-dir=/runner", "--delete"], [
 *   { name: "private-data-dir", kind: "value" },
 *   { name: "delete", kind: "flag" },
 * ]);
 * parsed.options.get("private-data-dir"); // "/runner"
 * ```
 */
export function parseArgv(
  argv: readonly string[],
  specs: readonly OptionSpec[],
  stopAt: readonly string[] = [],
): ParsedArgv {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map<string, OptionSpec>();
  for (const spec of specs) for (const s of spec.short ?? []) byShort.set(s, spec);
  const options: ParsedArgv["options"] = new Map();
  const positionals: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const token = argv[i++];
    if (token === "--") {
      positionals.push(...argv.slice(i));
      break;
    }
    if (!token.startsWith("-") || token === "-") {
      if (stopAt.includes(token)) {
        return { options, positionals, rest: argv.slice(i - 1) };
      }
      positionals.push(token);
      continue;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
      inline = eq === -1 ? undefined : token.slice(eq + 1);
      spec = byLong.get(name) ?? uniquePrefix(name, specs);
    } else {
      spec = byShort.get(token.slice(1, 2));
      if (token.length > 2) inline = token.slice(2).replace(/^=/, "");
    }
    if (!spec) throw new UsageError(`unrecognized arguments: ${token}`);
    const display = `--${spec.name}`;
    switch (spec.kind) {
      case "flag":
        if (inline !== undefined) {
          throw new UsageError(`argument ${display}: ignored explicit argument '${inline}'`);
        }
        options.set(spec.name, true);
        break;
      case "value":
      case "int": {
        const value = inline ?? argv[i++];
        if (value === undefined || (inline === undefined && isOptionLike(value))) {
          throw new UsageError(`argument ${display}: expected one argument`);
        }
        if (spec.kind === "int") {
          if (!/^[+-]?\d+$/.test(value.trim())) {
            throw new UsageError(`argument ${display}: invalid int value: '${value}'`);
          }
          options.set(spec.name, Number.parseInt(value, 10));
        } else {
          options.set(spec.name, value);
        }
        break;
      }
      case "list": {
        const values: string[] = [];
        if (inline !== undefined) values.push(inline);
        else {
          while (i < argv.length && !isOptionLike(argv[i]) && !stopAt.includes(argv[i])) {
            values.push(argv[i++]);
          }
        }
        const previous = options.get(spec.name);
        options.set(spec.name, Array.isArray(previous) ? [...previous, ...values] : values);
        break;
      }
    }
  }
  return { options, positionals, rest: [] };
}

function isOptionLike(token: string): boolean {
  return token.startsWith("-") && token !== "-" && !/^-\d/.test(token);
}

/** argparse accepts any unambiguous prefix of a long option. */
function uniquePrefix(name: string, specs: readonly OptionSpec[]): OptionSpec | undefined {
  if (name.length < 2) return undefined;
  const matches = specs.filter((s) => s.name.startsWith(name));
  return matches.length === 1 ? matches[0] : undefined;
}
