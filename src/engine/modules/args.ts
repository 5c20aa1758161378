/**
 * Typed argument reading for modules, with Ansible's aliases, booleans and
 * error texts (`Unsupported parameters for (copy) module: …`, `missing
 * required arguments: …`, `value of state must be one of: …`).
 *
 * @module
 */
import { ModuleArgsError, type ModuleArgsInput } from "./module.ts";
import { parseKeyValue } from "../key_value.ts";
import { pyStrip } from "../../python/strip.ts";

/** One accepted parameter: its name and its aliases. */
export interface ParamSpec {
  /** The parameter's name. */
  readonly name: string;
  /** Other names accepted for it. */
  readonly aliases?: readonly string[];
}

const TRUE_WORDS = ["y", "yes", "on", "1", "true", "t"];
const FALSE_WORDS = ["n", "no", "off", "0", "false", "f"];

/**
 * Ansible's `BOOLEANS` as its message lists them: each `repr`, the true
 * ones first (`1`, `1.0` and `True` are one value in Python's set, `0`,
 * `0.0` and `False` too). Python prints the set in its hash order, which
 * changes from run to run; this is the order Ansible declares them in.
 */
const VALID_BOOLEANS = [
  ...TRUE_WORDS.map((w) => `'${w}'`),
  "1",
  ...FALSE_WORDS.map((w) => `'${w}'`),
  "0",
].join(", ");

/**
 * A module's arguments, read by name with type checks.
 *
 * @example
 * ```ts
 * const a = ArgReader.from("file", "path=/tmp/x state=touch", [{ name: "path" }, { name: "state" }]);
 * a.requiredString("path"); // "/tmp/x"
 * ```
 */
export class ArgReader {
  /** The module's name (for messages). */
  readonly module: string;
  /** The arguments, aliases resolved to their parameter names. */
  readonly values: Readonly<Record<string, unknown>>;

  /** Wraps already resolved `values`. */
  constructor(module: string, values: Record<string, unknown>) {
    this.module = module;
    this.values = values;
  }

  /**
   * Reads `input` (an object or `k=v` free form), rejecting unknown keys with
   * Ansible's text and resolving aliases. `freeForm` turns text into an
   * object when the module takes more than `k=v` pairs.
   */
  static from(
    module: string,
    input: ModuleArgsInput,
    specs: readonly ParamSpec[],
    freeForm: (text: string) => Record<string, unknown> = (t) => parseKeyValue(t).params,
  ): ArgReader {
    const raw = typeof input === "string" ? freeForm(input) : { ...(input ?? {}) };
    const byName = new Map<string, string>();
    for (const s of specs) {
      byName.set(s.name, s.name);
      for (const a of s.aliases ?? []) byName.set(a, s.name);
    }
    const unknown = Object.keys(raw).filter((k) => !byName.has(k));
    if (unknown.length > 0) {
      const names = specs.map((s) => s.name).sort();
      const aliases = specs.flatMap((s) => s.aliases ?? []).sort();
      throw new ModuleArgsError(
        module,
        `Unsupported parameters for (${module}) module: ${unknown.sort().join(", ")}. ` +
          `Supported parameters include: ${names.join(", ")}` +
          `${aliases.length > 0 ? ` (${aliases.join(", ")})` : ""}.`,
      );
    }
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (value === undefined || value === null) continue;
      const name = byName.get(key)!;
      if (name in values && key !== name) continue;
      values[name] = value;
    }
    return new ArgReader(module, values);
  }

  /** Whether `name` was given. */
  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  /** A string argument (numbers and booleans are converted). */
  string(name: string): string | undefined {
    const v = this.values[name];
    if (v === undefined) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    throw this.error(
      `argument '${name}' is of type ${typeName(v)} and we were unable to convert to str`,
    );
  }

  /** A required string argument. */
  requiredString(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw this.error(`missing required arguments: ${name}`);
    return v;
  }

  /**
   * A boolean argument in any of Ansible's spellings (`yes`, `true`, `1`,
   * any case, surrounding whitespace ignored), with Ansible's message
   * (`check_type_bool`, `boolean`) for anything else.
   */
  bool(name: string, fallback: boolean): boolean {
    const v = this.values[name];
    if (v === undefined) return fallback;
    if (typeof v === "boolean") return v;
    const unable = `argument '${name}' is of type ${
      typeName(v)
    } and we were unable to convert to bool: `;
    if (typeof v !== "string" && typeof v !== "number") {
      throw this.error(`${unable}${typeName(v)} cannot be converted to a bool`);
    }
    const word = typeof v === "string" ? pyStrip(v.toLowerCase()) : String(v);
    if (TRUE_WORDS.includes(word)) return true;
    if (FALSE_WORDS.includes(word)) return false;
    throw this.error(
      `${unable}The value '${String(v)}' is not a valid boolean.  ` +
        `Valid booleans include: ${VALID_BOOLEANS}`,
    );
  }

  /** A non-negative number argument (integers or decimals). */
  number(name: string, fallback: number): number {
    const v = this.values[name];
    if (v === undefined) return fallback;
    const n = typeof v === "number" ? v : Number(String(v).trim());
    if (String(v).trim() === "" || !Number.isFinite(n)) {
      throw this.error(
        `argument '${name}' is of type ${typeName(v)} and we were unable to convert to int`,
      );
    }
    return n;
  }

  /**
   * One of `choices` (or `fallback`); otherwise Ansible's message, which
   * lists the choices in the order the module declares them.
   */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T;
  /** One of `choices`, or undefined when not given. */
  choice<T extends string>(name: string, choices: readonly T[]): T | undefined;
  choice<T extends string>(name: string, choices: readonly T[], fallback?: T): T | undefined {
    const v = this.string(name);
    if (v === undefined) return fallback;
    if (!(choices as readonly string[]).includes(v)) {
      throw this.error(
        `value of ${name} must be one of: ${choices.join(", ")}, got: ${v}`,
      );
    }
    return v as T;
  }

  /** A list argument: a list, or a comma-separated string. */
  list(name: string): string[] | undefined {
    const v = this.values[name];
    if (v === undefined) return undefined;
    if (Array.isArray(v)) return v.map(String);
    return String(v).split(",").map((s) => s.trim()).filter((s) => s !== "");
  }

  /** Throws when more than one of `names` was given. */
  exclusive(...names: string[]): void {
    if (names.filter((n) => this.has(n)).length > 1) {
      throw this.error(`parameters are mutually exclusive: ${names.join("|")}`);
    }
  }

  /** A {@linkcode ModuleArgsError} for this module. */
  error(message: string): ModuleArgsError {
    return new ModuleArgsError(this.module, message);
  }
}

function typeName(v: unknown): string {
  if (typeof v === "string") return "<class 'str'>";
  if (typeof v === "number") return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (typeof v === "boolean") return "<class 'bool'>";
  if (Array.isArray(v)) return "<class 'list'>";
  return "<class 'dict'>";
}
