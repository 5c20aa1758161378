/**
 * Renders a Jinja2 template as Ansible's `template` action does, on
 * MiniJinja (`minijinja-js`, Jinja2's author's engine, compiled to
 * WebAssembly): `trim_blocks` on and `lstrip_blocks` off by default, trailing
 * newlines kept, undefined variables an error, Ansible's filters and tests,
 * and what `{{ … }}` prints formatted as Python's `str()`.
 *
 * The engine's JavaScript binding panics when a callback throws, so every
 * filter, test and function here catches its own error, records it and
 * returns an undefined value; the render then fails with the first error
 * recorded.
 *
 * @module
 */
// The bundler build imports its WebAssembly as a module: no file read at run time, so no
// read permission, and `deno compile` embeds it.
import { Environment } from "minijinja-js/dist/bundler/minijinja_js.js";
import { isDict } from "../python/dict.ts";
import { ANSIBLE_FILTERS, type FilterFn } from "./ansible_filters.ts";
import { ANSIBLE_TESTS } from "./ansible_tests.ts";
import { JINJA_FILTERS, pyPercent } from "./jinja_filters.ts";
import {
  AnsibleFilterError,
  AnsibleUndefinedVariable,
  TemplateRenderError,
} from "./filter_errors.ts";
import { pyOutput } from "./py_output.ts";
import { KeyOrder } from "./key_order.ts";
import {
  DEFAULT_DELIMITERS,
  type Delimiters,
  OUTPUT_FUNCTION,
  prepareSource,
} from "./source_pass.ts";
import { undefinedMessage } from "./undefined_names.ts";

/**
 * How to render: the `template` module's options, and where includes come from.
 *
 * @example
 * ```ts
 * import type { RenderOptions } from "./render.ts";
 * const options: RenderOptions = { lstripBlocks: true, newlineSequence: "\r\n" };
 * ```
 */
export interface RenderOptions {
  /** Remove the first newline after a block tag (default true, as the template module). */
  trimBlocks?: boolean;
  /** Strip spaces before a block tag on its line (default false). */
  lstripBlocks?: boolean;
  /** Newlines of the template's text become this (`\n`, `\r` or `\r\n`; default `\n`). */
  newlineSequence?: string;
  /** Other delimiters (`variable_start_string`, …). */
  delimiters?: Partial<Delimiters>;
  /** Source of an included or imported template, by name; undefined when not found. */
  loader?: (name: string) => Promise<string | undefined>;
}

/** Keyword argument names per filter: a trailing dict with only these keys is keyword arguments. */
const KWARGS: Record<string, readonly string[]> = {
  to_json: ["indent", "sort_keys", "ensure_ascii", "separators"],
  to_nice_json: ["indent", "sort_keys", "ensure_ascii"],
  to_yaml: ["default_flow_style", "indent", "width", "sort_keys"],
  to_nice_yaml: ["indent", "width", "sort_keys"],
  ternary: ["true_val", "false_val", "none_val"],
  combine: ["recursive", "list_merge"],
  dict2items: ["key_name", "value_name"],
  items2dict: ["key_name", "value_name"],
  regex_replace: ["pattern", "replacement", "ignorecase", "multiline"],
  regex_search: ["ignorecase", "multiline"],
  regex_findall: ["regex", "multiline", "ignorecase"],
  b64encode: ["encoding"],
  b64decode: ["encoding"],
  mandatory: ["msg", "__tachyon_name"],
  unique: ["case_sensitive", "attribute"],
  flatten: ["levels", "skip_nulls"],
  match: ["pattern", "ignorecase", "multiline", "match_type"],
  search: ["pattern", "ignorecase", "multiline", "match_type"],
  regex: ["pattern", "ignorecase", "multiline", "match_type"],
  version: ["version", "operator", "strict", "version_type"],
  version_compare: ["version", "operator", "strict", "version_type"],
  truthy: ["convert_bool"],
  falsy: ["convert_bool"],
  join: ["d", "attribute"],
  indent: ["width", "first", "blank"],
  sort: ["reverse", "case_sensitive", "attribute"],
  format: [],
  string: [],
  bool: [],
  int: ["default", "base"],
  float: ["default"],
  round: ["precision", "method"],
};

/** One render's state: the expressions it prints and the first error a callback hit. */
class RenderState {
  readonly expressions: string[] = [];
  error: Error | undefined;
  constructor(readonly vars: Readonly<Record<string, unknown>>, readonly order: KeyOrder) {}

  fail(error: unknown): undefined {
    this.error ??= error instanceof Error ? error : new TemplateRenderError(String(error));
    return undefined;
  }
}

/** Splits engine arguments into positional ones and keyword arguments. */
function splitArgs(
  order: KeyOrder,
  name: string,
  raw: unknown[],
): [unknown[], Record<string, unknown>] {
  const last = raw[raw.length - 1];
  const names = KWARGS[name];
  if (last instanceof Map && names && [...last.keys()].every((k) => names.includes(String(k)))) {
    const kwargs: Record<string, unknown> = {};
    for (const [k, v] of last) kwargs[String(k)] = order.plain(v);
    return [raw.slice(0, -1).map((v) => order.plain(v)), kwargs];
  }
  return [raw.map((v) => order.plain(v)), {}];
}

/** Python's dict methods, in insertion order (see `source_pass.ts`). */
const DICT_FILTERS: Record<string, FilterFn> = {
  __tachyon_items: (v) => (isDict(v) ? Object.entries(v) : []),
  __tachyon_keys: (v) => (isDict(v) ? Object.keys(v) : []),
  __tachyon_values: (v) => (isDict(v) ? Object.values(v) : []),
  __tachyon_percent: (v, args) =>
    pyPercent(String(v ?? ""), args[1] === true ? args[0] : [args[0] ?? null]),
  __tachyon_get: (v, args) => {
    const key = String(args[0]);
    if (isDict(v) && Object.hasOwn(v, key)) return v[key];
    return args.length > 1 ? args[1] : null;
  },
};

/** Filters that tell an undefined value from None (the others get None). */
const SEES_UNDEFINED = new Set(["mandatory", "default", "d"]);

/** Wraps a filter or test for the engine: plain values in, errors recorded, never thrown. */
function callback(state: RenderState, name: string, fn: FilterFn) {
  return (value: unknown, ...raw: unknown[]): unknown => {
    if (state.error) return undefined;
    try {
      const [args, kwargs] = splitArgs(state.order, name, raw);
      const input = value === undefined && SEES_UNDEFINED.has(name)
        ? undefined
        : state.order.plain(value);
      const result = fn(input, args, kwargs);
      state.order.learn(result);
      return toEngine(result);
    } catch (error) {
      return state.fail(error);
    }
  };
}

/** Values handed back to the engine: `null` stays None, everything else as is. */
function toEngine(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** Resolves the effective delimiters. */
function delimitersOf(options: RenderOptions): Delimiters {
  const given = options.delimiters ?? {};
  const pick = (k: keyof Delimiters) => given[k] ?? DEFAULT_DELIMITERS[k];
  return {
    blockStart: pick("blockStart"),
    blockEnd: pick("blockEnd"),
    variableStart: pick("variableStart"),
    variableEnd: pick("variableEnd"),
    commentStart: pick("commentStart"),
    commentEnd: pick("commentEnd"),
  };
}

function newEnvironment(state: RenderState, options: RenderOptions): Environment {
  const env = new Environment();
  env.trimBlocks = options.trimBlocks ?? true;
  env.lstripBlocks = options.lstripBlocks ?? false;
  env.keepTrailingNewline = false;
  env.undefinedBehavior = "strict";
  env.debug = true;
  env.enablePyCompat();
  for (
    const [name, fn] of Object.entries({ ...JINJA_FILTERS, ...ANSIBLE_FILTERS, ...DICT_FILTERS })
  ) {
    env.addFilter(name, callback(state, name, fn));
  }
  for (const [name, fn] of Object.entries(ANSIBLE_TESTS)) {
    env.addTest(name, callback(state, name, fn));
  }
  env.addGlobal(OUTPUT_FUNCTION, (value: unknown, defined: unknown, index: unknown) => {
    if (state.error) return "";
    try {
      if (defined !== true) {
        const expr = state.expressions[Number(index)] ?? "";
        return state.fail(
          new AnsibleUndefinedVariable(doubled(undefinedMessage(expr, state.vars))),
        );
      }
      // Ansible's finalize prints None as nothing.
      return value === undefined || value === null ? "" : pyOutput(state.order.plain(value));
    } catch (error) {
      return state.fail(error);
    }
  });
  for (const name of ["lookup", "query", "q"]) {
    env.addGlobal(name, (plugin: unknown) =>
      state.fail(
        new AnsibleFilterError(
          `${name}('${String(plugin)}') is not supported by tachyon's template module yet`,
        ),
      ));
  }
  return env;
}

/** `template not found: tried to include non-existing template "x"` → `x`. */
function missingTemplate(message: string): string | undefined {
  const m = /^template not found: .*?"((?:[^"\\]|\\.)*)"/.exec(message);
  return m ? m[1].replace(/\\(.)/g, "$1") : undefined;
}

/**
 * Renders `text` with `vars` as Ansible's `template` action does; throws
 * {@linkcode AnsibleUndefinedVariable}, {@linkcode AnsibleFilterError} or
 * {@linkcode TemplateRenderError} (each message as Ansible words it where
 * known).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderTemplate } from "./render.ts";
 * assert.equal(await renderTemplate("{{ x }} {{ y }}|\n", { x: [1, "a"], y: null }), "[1, 'a'] |\n");
 * ```
 */
export async function renderTemplate(
  text: string,
  vars: Readonly<Record<string, unknown>>,
  options: RenderOptions = {},
): Promise<string> {
  const delimiters = delimitersOf(options);
  const newline = options.newlineSequence ?? "\n";
  const loaded = new Map<string, string>();
  const order = new KeyOrder();
  order.learn(vars);
  for (let attempt = 0; attempt < 200; attempt++) {
    const state = new RenderState(vars, order);
    const env = newEnvironment(state, options);
    try {
      for (const [name, source] of loaded) {
        env.addTemplate(name, prepareSource(source, delimiters, newline, state.expressions));
      }
      const source = prepareSource(text, delimiters, newline, state.expressions);
      let out: string | undefined;
      let engineError: Error | undefined;
      try {
        out = env.renderStr(source, plainVars(vars));
      } catch (error) {
        engineError = error as Error;
      }
      if (state.error) throw state.error;
      if (out !== undefined) return withTrailingNewlines(out, text, newline);
      const message = String(engineError?.message ?? engineError);
      const missing = missingTemplate(message);
      if (missing !== undefined && !loaded.has(missing) && options.loader) {
        const found = await options.loader(missing);
        if (found === undefined) throw new TemplateRenderError(`TemplateNotFound: ${missing}`);
        loaded.set(missing, found);
        continue;
      }
      throw engineFailure(message, state);
    } finally {
      env.free();
    }
  }
  throw new TemplateRenderError("too many included templates");
}

/**
 * Ansible's `preserve_trailing_newlines`: the output ends with at least as
 * many `\n` as the template's text (Jinja2 drops one).
 */
function withTrailingNewlines(out: string, text: string, newline: string): string {
  const count = (s: string) => s.length - s.replace(/\n+$/, "").length;
  const missing = count(text) - count(out);
  return missing > 0 ? out + newline.repeat(missing) : out;
}

/** Ansible 2.14 repeats the undefined message: `'x' is undefined. 'x' is undefined`. */
function doubled(message: string): string {
  return `${message}. ${message}`;
}

/** The variables as the engine takes them. */
function plainVars(vars: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return isDict(vars) ? (vars as Record<string, unknown>) : {};
}

/** Turns the engine's error text into Ansible's error. */
function engineFailure(message: string, state: RenderState): Error {
  const first = message.split("\n")[0].replace(/ \(in [^)]*\)$/, "");
  if (first.startsWith("undefined value")) {
    const expr = caretText(message);
    return new AnsibleUndefinedVariable(doubled(undefinedMessage(expr ?? "", state.vars)));
  }
  const missing = missingTemplate(message);
  if (missing !== undefined) return new TemplateRenderError(`TemplateNotFound: ${missing}`);
  if (first.startsWith("syntax error: ")) {
    return new TemplateRenderError(`TemplateSyntaxError: ${first.slice(14)}`);
  }
  return new TemplateRenderError(first);
}

/** The source text the engine's debug output underlines with `^`. */
function caretText(message: string): string | undefined {
  const lines = message.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const caret = /^\s+i (\s*)(\^+)/.exec(lines[i]);
    if (!caret) continue;
    const src = /^\s*\d+ > (.*)$/.exec(lines[i - 1]);
    if (!src) continue;
    const start = caret[1].length;
    return src[1].slice(start, start + caret[2].length);
  }
  return undefined;
}
