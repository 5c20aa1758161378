/**
 * The one pass over a template's source before the engine parses it, for
 * what the engine's JavaScript binding cannot be told: the template's
 * delimiters (`variable_start_string`, …) become the default ones (with
 * default delimiters in the text kept literal), newlines in the text become
 * `newline_sequence`, and every `{{ expression }}` prints through a
 * function that formats the value as Python's `str()` does (`True`, `None`,
 * `['a', 1]`) and names an undefined variable as Ansible does.
 *
 * It splits the source the way Jinja2's lexer does: text, comments, raw
 * blocks, and tags whose end is the first end delimiter outside strings and
 * brackets. It never parses expressions: they are copied as they are.
 *
 * @module
 */

/**
 * The template's delimiters.
 *
 * @example
 * ```ts
 * import { DEFAULT_DELIMITERS, type Delimiters } from "./source_pass.ts";
 * const erb: Delimiters = { ...DEFAULT_DELIMITERS, variableStart: "<%=", variableEnd: "%>" };
 * ```
 */
export interface Delimiters {
  /** `{%` */
  blockStart: string;
  /** `%}` */
  blockEnd: string;
  /** `{{` */
  variableStart: string;
  /** `}}` */
  variableEnd: string;
  /** `{#` */
  commentStart: string;
  /** `#}` */
  commentEnd: string;
}

/**
 * Jinja2's default delimiters.
 *
 * @example
 * ```ts
 * import { DEFAULT_DELIMITERS } from "./source_pass.ts";
 * console.log(DEFAULT_DELIMITERS.variableStart); // {{
 * ```
 */
export const DEFAULT_DELIMITERS: Readonly<Delimiters> = {
  blockStart: "{%",
  blockEnd: "%}",
  variableStart: "{{",
  variableEnd: "}}",
  commentStart: "{#",
  commentEnd: "#}",
};

/**
 * The name of the global function every printed expression goes through.
 *
 * @example
 * ```ts
 * import { OUTPUT_FUNCTION } from "./source_pass.ts";
 * console.log(OUTPUT_FUNCTION);
 * ```
 */
export const OUTPUT_FUNCTION = "__tachyon_out";

/**
 * Rewrites `text` for the engine: default delimiters, normalized newlines,
 * printed expressions wrapped. Each wrapped expression's source is appended
 * to `expressions`; the wrapper gets its index.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_DELIMITERS, prepareSource } from "./source_pass.ts";
 * const exprs: string[] = [];
 * const out = prepareSource("a {{ x }}", DEFAULT_DELIMITERS, "\n", exprs);
 * assert.equal(out, "a {{ __tachyon_out((x), (x) is defined, 0) | safe }}");
 * assert.deepEqual(exprs, ["x"]);
 * ```
 */
export function prepareSource(
  text: string,
  delimiters: Delimiters,
  newlineSequence: string,
  expressions: string[],
): string {
  const d = delimiters;
  const custom = d.blockStart !== "{%" || d.variableStart !== "{{" || d.commentStart !== "{#";
  const data = (s: string) => {
    const normalized = s.replace(/\r\n|\r|\n/g, newlineSequence);
    return custom ? escapeDefaults(normalized) : normalized;
  };
  let out = "";
  let i = 0;
  const starts = [
    { kind: "block", start: d.blockStart },
    { kind: "variable", start: d.variableStart },
    { kind: "comment", start: d.commentStart },
  ].sort((a, b) => b.start.length - a.start.length);
  while (i < text.length) {
    let next = -1;
    let kind = "";
    for (const s of starts) {
      const at = text.indexOf(s.start, i);
      if (at >= 0 && (next < 0 || at < next)) {
        next = at;
        kind = s.kind;
      }
    }
    if (next < 0) {
      out += data(text.slice(i));
      break;
    }
    out += data(text.slice(i, next));
    if (kind === "comment") {
      const bodyStart = next + d.commentStart.length;
      const end = text.indexOf(d.commentEnd, bodyStart);
      if (end < 0) return out + "{#" + text.slice(bodyStart);
      out += "{#" + text.slice(bodyStart, end).replaceAll("#}", "# }") + "#}";
      i = end + d.commentEnd.length;
      continue;
    }
    const isBlock = kind === "block";
    const startLen = isBlock ? d.blockStart.length : d.variableStart.length;
    const endDelim = isBlock ? d.blockEnd : d.variableEnd;
    const end = findTagEnd(text, next + startLen, endDelim);
    if (end < 0) {
      // Unterminated: let the engine report it.
      out += (isBlock ? "{%" : "{{") + text.slice(next + startLen);
      break;
    }
    const inner = text.slice(next + startLen, end);
    i = end + endDelim.length;
    if (isBlock) {
      const raw = /^([-+]?)\s*raw\s*([-+]?)$/.exec(inner);
      if (raw) {
        const close = findEndRaw(text, i, d);
        if (!close) {
          out += `{%${inner}%}` + data(text.slice(i));
          break;
        }
        out += `{%${inner}%}` + text.slice(i, close.at).replace(/\r\n|\r|\n/g, newlineSequence) +
          `{%${close.inner}%}`;
        i = close.end;
        continue;
      }
      out += `{%${rewriteExpression(inner)}%}`;
      continue;
    }
    const lead = inner.startsWith("-") || inner.startsWith("+") ? inner[0] : "";
    const trail = inner.endsWith("-") && inner.length > lead.length ? "-" : "";
    const expr = rewriteExpression(inner.slice(lead.length, inner.length - trail.length).trim());
    if (expr === "") {
      out += `{{${inner}}}`;
      continue;
    }
    const index = expressions.push(expr) - 1;
    out +=
      `{{${lead} ${OUTPUT_FUNCTION}((${expr}), (${expr}) is defined, ${index}) | safe ${trail}}}`;
  }
  return out;
}

/**
 * The dict methods the engine orders by key or lacks (`items()`, `keys()`,
 * `values()`, `get(k, default)`) become calls of tachyon's filters, which
 * keep Python's insertion order: `a.b.items()` → `(a.b | __tachyon_items)`.
 */
export const DICT_METHODS: readonly string[] = ["items", "keys", "values", "get"];

function rewriteExpression(expr: string): string {
  return mandatoryNames(percentFormat(dictMethods(numericAttributes(expr))));
}

/**
 * `v | mandatory` tells the filter the name Jinja2 gives the undefined
 * value (the path's last part), for Ansible's message.
 */
function mandatoryNames(expr: string): string {
  return expr.replace(
    /([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(\s*\|\s*mandatory)\b(?!\s*\()/g,
    (_m, path: string, filter: string) =>
      `${path}${filter}(__tachyon_name='${path.slice(path.lastIndexOf(".") + 1)}')`,
  );
}

/** The end of the string literal starting at `p`. */
function stringEnd(expr: string, p: number): number {
  const quote = expr[p];
  for (let q = p + 1; q < expr.length; q++) {
    if (expr[q] === "\\") q++;
    else if (expr[q] === quote) return q;
  }
  return -1;
}

/** The end (exclusive) of the operand starting at `p`: `( … )` or a postfix chain. */
function operandEnd(expr: string, p: number): number {
  let q = p;
  if (expr[q] === "(") {
    const c = closing(expr, q);
    return c < 0 ? -1 : c + 1;
  }
  const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\b|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/
    .exec(expr.slice(q));
  if (literal) return q + literal[0].length;
  const name = /^[A-Za-z_]\w*/.exec(expr.slice(q));
  if (!name) return -1;
  q += name[0].length;
  for (;;) {
    if (expr[q] === ".") {
      const attr = /^\.[A-Za-z_]\w*/.exec(expr.slice(q));
      if (!attr) return q;
      q += attr[0].length;
    } else if (expr[q] === "[" || expr[q] === "(") {
      const c = closing(expr, q);
      if (c < 0) return -1;
      q = c + 1;
    } else return q;
  }
}

/** Whether `( … )` at `open` holds a comma at its top level (a tuple). */
function isTuple(expr: string, open: number, close: number): boolean {
  let depth = 0;
  let quote = "";
  for (let p = open + 1; p < close; p++) {
    const c = expr[p];
    if (quote) {
      if (c === "\\") p++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) return true;
  }
  return false;
}

/**
 * Python's `'format' % operand` with a string literal on the left, which the
 * engine does not do: `'%s:%d' % (a, b)` → `('%s:%d' | __tachyon_percent((a, b), true))`.
 */
function percentFormat(expr: string): string {
  let out = expr;
  let from = 0;
  for (let guard = 0; guard < 100; guard++) {
    let p = from;
    let found = -1;
    let litEnd = -1;
    for (; p < out.length; p++) {
      const c = out[p];
      if (c !== "'" && c !== '"') continue;
      const end = stringEnd(out, p);
      if (end < 0) return out;
      const after = /^\s*%(?![}%])\s*/.exec(out.slice(end + 1));
      if (after) {
        found = p;
        litEnd = end;
        break;
      }
      p = end;
    }
    if (found < 0) return out;
    const rhsStart = litEnd + 1 + /^\s*%\s*/.exec(out.slice(litEnd + 1))![0].length;
    const rhsEnd = operandEnd(out, rhsStart);
    if (rhsEnd < 0) return out;
    const rhs = out.slice(rhsStart, rhsEnd);
    const tuple = out[rhsStart] === "(" && isTuple(out, rhsStart, rhsEnd - 1);
    const call = `(${out.slice(found, litEnd + 1)} | __tachyon_percent(${rhs}, ${tuple}))`;
    out = out.slice(0, found) + call + out.slice(rhsEnd);
    from = found + call.length;
  }
  return out;
}

/** Index of the first `.items(`/`.keys(`/`.values(`/`.get(` outside strings. */
function findMethod(expr: string): { at: number; name: string; open: number } | undefined {
  let quote = "";
  for (let p = 0; p < expr.length; p++) {
    const c = expr[p];
    if (quote) {
      if (c === "\\") p++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      continue;
    }
    if (c !== ".") continue;
    const m = /^\.\s*(items|keys|values|get)\s*\(/.exec(expr.slice(p));
    if (m && /[\w\])}]\s*$/.test(expr.slice(0, p))) {
      return { at: p, name: m[1], open: p + m[0].length - 1 };
    }
  }
  return undefined;
}

/** The index of the bracket closing the one at `open`, outside strings. */
function closing(expr: string, open: number): number {
  let depth = 0;
  let quote = "";
  for (let p = open; p < expr.length; p++) {
    const c = expr[p];
    if (quote) {
      if (c === "\\") p++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c) && --depth === 0) return p;
  }
  return -1;
}

/** Where the postfix chain ending just before `end` starts (`a.b[c](d)`). */
function receiverStart(expr: string, end: number): number {
  let p = end;
  while (p > 0 && /\s/.test(expr[p - 1])) p--;
  for (;;) {
    const c = expr[p - 1];
    if (c === undefined) return p;
    if (")]}".includes(c)) {
      let depth = 0;
      let q = p - 1;
      for (; q >= 0; q--) {
        if (")]}".includes(expr[q])) depth++;
        else if ("([{".includes(expr[q]) && --depth === 0) break;
      }
      if (q < 0) return p;
      p = q;
      continue;
    }
    if (/[\w]/.test(c)) {
      while (p > 0 && /\w/.test(expr[p - 1])) p--;
      if (expr[p - 1] === ".") {
        p--;
        continue;
      }
      return p;
    }
    if (c === ".") {
      p--;
      continue;
    }
    if (c === "'" || c === '"') {
      const q = expr.lastIndexOf(c, p - 2);
      return q < 0 ? p : q;
    }
    return p;
  }
}

function dictMethods(expr: string): string {
  let out = expr;
  for (let guard = 0; guard < 100; guard++) {
    const m = findMethod(out);
    if (!m) return out;
    const close = closing(out, m.open);
    if (close < 0) return out;
    const start = receiverStart(out, m.at);
    const receiver = out.slice(start, m.at);
    const args = out.slice(m.open + 1, close).trim();
    const call = `(${receiver} | __tachyon_${m.name}${args === "" ? "" : `(${args})`})`;
    out = out.slice(0, start) + call + out.slice(close + 1);
  }
  return out;
}

/**
 * `x.0` (Jinja2's attribute-or-item syntax with a number, which the engine
 * does not parse) becomes `x[0]`, outside strings and never in a number.
 */
function numericAttributes(expr: string): string {
  let out = "";
  let quote = "";
  for (let p = 0; p < expr.length; p++) {
    const c = expr[p];
    if (quote) {
      out += c;
      if (c === "\\") out += expr[++p] ?? "";
      else if (c === quote) quote = "";
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    const digits = c === "." ? /^\d+/.exec(expr.slice(p + 1)) : null;
    if (
      digits && /[\w\])]$/.test(out) && !/(^|[^\w])\d+$/.test(out) &&
      !/^(\d|\.\d)/.test(expr.slice(p + 1 + digits[0].length))
    ) {
      out += `[${digits[0]}]`;
      p += digits[0].length;
      continue;
    }
    out += c;
  }
  return out;
}

/** Keeps default delimiters in the text literal when the template uses others. */
function escapeDefaults(s: string): string {
  return s.replace(/\{[{%#]/g, (m) => `{{ '${m}' | safe }}`);
}

/** The end delimiter's index: the first one outside strings and brackets. */
function findTagEnd(text: string, from: number, end: string): number {
  let depth = 0;
  let quote = "";
  for (let p = from; p < text.length; p++) {
    const c = text[p];
    if (quote) {
      if (c === "\\") p++;
      else if (c === quote) quote = "";
      continue;
    }
    if (depth === 0 && text.startsWith(end, p)) return p;
    if (c === "'" || c === '"') quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if ((c === ")" || c === "]" || c === "}") && depth > 0) depth--;
  }
  return -1;
}

/** The `{% endraw %}` tag after a raw block's body. */
function findEndRaw(
  text: string,
  from: number,
  d: Delimiters,
): { at: number; inner: string; end: number } | undefined {
  let p = from;
  for (;;) {
    const at = text.indexOf(d.blockStart, p);
    if (at < 0) return undefined;
    const innerStart = at + d.blockStart.length;
    const close = text.indexOf(d.blockEnd, innerStart);
    if (close < 0) return undefined;
    const inner = text.slice(innerStart, close);
    if (/^[-+]?\s*endraw\s*[-+]?$/.test(inner)) {
      return { at, inner, end: close + d.blockEnd.length };
    }
    p = innerStart;
  }
}
