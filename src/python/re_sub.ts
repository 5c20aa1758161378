/**
 * Python `re.subn`'s replacement templates (`sre_parse.parse_template`):
 * `\1`, `\g<1>`, `\g<name>`, `\n` and the other escapes, octal escapes,
 * with Python's error texts; and `re.subn` itself on a RegExp from
 * `pythonGlobalRegExp` (`re.ts`). `replace` uses both.
 *
 * @module
 */
import { PythonReError } from "./re.ts";

/**
 * One piece of a replacement: literal text or a group (number or name).
 *
 * @example
 * ```ts
 * import type { TemplatePart } from "./re_sub.ts";
 * const parts: TemplatePart[] = ["x=", { group: 1 }, { group: "name" }];
 * ```
 */
export type TemplatePart = string | { readonly group: number | string };

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
};

/**
 * Parses a Python replacement template (`sre_parse.parse_template`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTemplate } from "./re_sub.ts";
 * assert.deepEqual(parseTemplate("\\1-\\g<k>\\n"), [{ group: 1 }, "-", { group: "k" }, "\n"]);
 * ```
 * @throws {PythonReError} on a bad escape or group name
 */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = "";
  const flush = () => {
    if (text) parts.push(text);
    text = "";
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== "\\") {
      text += c;
      continue;
    }
    const e = template[i + 1];
    if (e === undefined) throw new PythonReError("bad escape (end of pattern) at position " + i);
    if (e === "g") {
      if (template[i + 2] !== "<") throw new PythonReError(`missing < at position ${i + 2}`);
      const close = template.indexOf(">", i + 3);
      if (close < 0) throw new PythonReError(`missing >, unterminated name at position ${i + 3}`);
      const name = template.slice(i + 3, close);
      if (name === "") throw new PythonReError(`missing group name at position ${i + 3}`);
      flush();
      if (/^\d+$/.test(name)) parts.push({ group: Number(name) });
      else if (/^[A-Za-z_]\w*$/.test(name)) parts.push({ group: name });
      else throw new PythonReError(`bad character in group name '${name}' at position ${i + 3}`);
      i = close;
      continue;
    }
    if (e === "0") {
      let digits = "";
      let j = i + 1;
      while (digits.length < 3 && /[0-7]/.test(template[j] ?? "")) digits += template[j++];
      text += String.fromCharCode(parseInt(digits, 8));
      i = j - 1;
      continue;
    }
    if (/[1-9]/.test(e)) {
      const three = template.slice(i + 1, i + 4);
      if (/^[0-7]{3}$/.test(three)) {
        const value = parseInt(three, 8);
        if (value > 0o377) {
          throw new PythonReError(
            `octal escape value \\${three} outside of range 0-0o377 at position ${i}`,
          );
        }
        text += String.fromCharCode(value);
        i += 3;
        continue;
      }
      const two = /^\d\d?/.exec(template.slice(i + 1))![0];
      flush();
      parts.push({ group: Number(two) });
      i += two.length;
      continue;
    }
    if (e in SIMPLE_ESCAPES) {
      text += SIMPLE_ESCAPES[e];
      i++;
      continue;
    }
    if (/[A-Za-z]/.test(e)) throw new PythonReError(`bad escape \\${e} at position ${i}`);
    text += c + e;
    i++;
  }
  flush();
  return parts;
}

/**
 * `re.subn(pattern, template, text)`: the new text and the number of matches.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonGlobalRegExp } from "./re.ts";
 * import { pythonSubn } from "./re_sub.ts";
 * const re = pythonGlobalRegExp("(\\w+)=(\\w+)", { multiline: true });
 * assert.deepEqual(pythonSubn(re, "\\2=\\1", "a=1\nb=2\n"), ["1=a\n2=b\n", 2]);
 * ```
 * @throws {PythonReError} when the template names a group the pattern lacks
 */
export function pythonSubn(re: RegExp, template: string, text: string): [string, number] {
  const parts = parseTemplate(template);
  const groupCount = new RegExp(`${re.source}|`, re.flags.replace("g", "")).exec("")!.length - 1;
  for (const part of parts) {
    if (typeof part === "string") continue;
    if (typeof part.group === "number" && part.group > groupCount) {
      throw new PythonReError(`invalid group reference ${part.group}`);
    }
  }
  let out = "";
  let last = 0;
  let count = 0;
  for (const m of text.matchAll(re)) {
    out += text.slice(last, m.index);
    for (const part of parts) {
      if (typeof part === "string") out += part;
      else if (typeof part.group === "number") out += m[part.group] ?? "";
      else if (m.groups && part.group in m.groups) out += m.groups[part.group] ?? "";
      else throw new PythonReError(`unknown group name '${part.group}'`);
    }
    last = m.index + m[0].length;
    count++;
  }
  return [out + text.slice(last), count];
}
