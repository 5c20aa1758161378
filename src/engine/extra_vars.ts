/**
 * Declared extra vars: an automation names the extra vars it reads, each
 * with a schema, and gets them validated and typed. Any schema library that
 * implements the Standard Schema interface works (valibot, which tachyon
 * pins in `deno.json`, as well as zod and arktype); the engine only calls
 * `schema["~standard"].validate` and loads no library itself.
 *
 * A value that does not match stops the job before its first play, with one
 * line per variable: its name and what the schema expected. An integer where
 * a string was expected, whose octal spelling the schema would accept, gets
 * a hint: YAML reads an unquoted `0600` as the number 384.
 *
 * @module
 */

/**
 * One issue a schema reports (the part of Standard Schema's issue used here).
 *
 * @example
 * ```ts
 * import type { VarIssue } from "./extra_vars.ts";
 * const issue: VarIssue = { message: "Expected number but received \"80\"", path: [{ key: 0 }] };
 * ```
 */
export interface VarIssue {
  /** What the schema expected. */
  readonly message: string;
  /** Where inside the value (keys, or segments with a key). */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/**
 * A schema's verdict: the (possibly transformed) value, or issues.
 *
 * @example
 * ```ts
 * import type { VarResult } from "./extra_vars.ts";
 * const ok: VarResult<number> = { value: 8080 };
 * ```
 */
export type VarResult<T> =
  | { readonly value: T; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<VarIssue> };

/**
 * A Standard Schema (what valibot's, zod's and arktype's schemas implement),
 * reduced to what the engine uses. `T` is the validated value's type.
 *
 * @example
 * ```ts
 * import type { VarSchema } from "./extra_vars.ts";
 * const port: VarSchema<number> = {
 *   "~standard": {
 *     version: 1,
 *     vendor: "example",
 *     validate: (v) => typeof v === "number" ? { value: v } : { issues: [{ message: "a number" }] },
 *   },
 * };
 * ```
 */
export interface VarSchema<T = unknown> {
  /** The Standard Schema properties. */
  readonly "~standard": {
    /** Standard Schema version. */
    readonly version: 1;
    /** The library's name. */
    readonly vendor: string;
    /** Validates a value. */
    readonly validate: (value: unknown) => VarResult<T> | Promise<VarResult<T>>;
    /** Carries the types (type-level only). */
    readonly types?: { readonly input: unknown; readonly output: T } | undefined;
  };
}

/**
 * Declared extra vars: a schema per name.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import type { VarSchemas } from "./extra_vars.ts";
 * const vars = { app_port: v.optional(v.number(), 8080) } satisfies VarSchemas;
 * ```
 */
export type VarSchemas = { readonly [name: string]: VarSchema };

/**
 * The validated values of declared extra vars, typed by their schemas.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import type { VarsOf } from "./extra_vars.ts";
 * const schemas = { app_port: v.optional(v.number(), 8080), tag: v.optional(v.string()) };
 * const vars: VarsOf<typeof schemas> = { app_port: 80, tag: undefined };
 * ```
 */
export type VarsOf<S extends VarSchemas> = { readonly [K in keyof S]: VarOutput<S[K]> };

/**
 * The validated type of one schema.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import type { VarOutput } from "./extra_vars.ts";
 * const port: VarOutput<v.NumberSchema<undefined>> = 8080;
 * ```
 */
export type VarOutput<S> = S extends VarSchema<infer T> ? T : unknown;

/**
 * Extra vars that do not match what the automation declares.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExtraVarsError } from "./extra_vars.ts";
 * const error = new ExtraVarsError("uptime", ["app_port: Expected number but received \"80\""]);
 * assert.equal(
 *   error.message,
 *   "The extra vars do not match what automation 'uptime' declares:\n" +
 *     "  app_port: Expected number but received \"80\"",
 * );
 * ```
 */
export class ExtraVarsError extends Error {
  /** The error's name. */
  override name = "ExtraVarsError";
  /** One line per problem: `name: what was expected`. */
  readonly problems: readonly string[];

  /** Creates the error for `automation`. */
  constructor(automation: string, problems: readonly string[]) {
    super(
      `The extra vars do not match what automation '${automation}' declares:\n` +
        problems.map((p) => `  ${p}`).join("\n"),
    );
    this.problems = problems;
  }
}

/**
 * Validates each declared extra var; returns `vars` with the declared ones
 * replaced by their validated values (defaults applied), or throws
 * {@linkcode ExtraVarsError} naming every variable that does not match.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { ExtraVarsError, validateExtraVars } from "./extra_vars.ts";
 * const schemas = { app_port: v.optional(v.number(), 8080), mode: v.string() };
 * assert.deepEqual(
 *   await validateExtraVars("demo", schemas, { mode: "0600", other: 1 }),
 *   { mode: "0600", other: 1, app_port: 8080 },
 * );
 * await assert.rejects(
 *   validateExtraVars("demo", schemas, { mode: 384 }),
 *   (e) => e instanceof ExtraVarsError && /mode: .*384.*quote it: '0600'/.test(e.message),
 * );
 * ```
 */
export async function validateExtraVars(
  automation: string,
  schemas: VarSchemas,
  vars: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...vars };
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    const result = await schema["~standard"].validate(value);
    if (result.issues === undefined) {
      out[name] = result.value;
      continue;
    }
    const hint = await octalHint(schema, value);
    for (const issue of result.issues) {
      problems.push(`${name}${pathText(issue.path)}: ${issue.message}${hint}`);
    }
  }
  if (problems.length > 0) throw new ExtraVarsError(automation, problems);
  return out;
}

/** `[0].port`-style text of an issue's path. */
function pathText(path: VarIssue["path"]): string {
  let text = "";
  for (const segment of path ?? []) {
    const key = typeof segment === "object" ? segment.key : segment;
    text += typeof key === "number" ? `[${key}]` : `.${String(key)}`;
  }
  return text;
}

/** The hint for an integer the schema would accept as an octal string (YAML's `0600`). */
async function octalHint(schema: VarSchema, value: unknown): Promise<string> {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 8 || value > 0o7777) {
    return "";
  }
  const octal = `0${value.toString(8)}`;
  const retry = await schema["~standard"].validate(octal);
  if (retry.issues !== undefined) return "";
  return ` (YAML reads an unquoted ${octal} as the octal number ${value}: quote it: '${octal}')`;
}
