/**
 * Ansible's `k=v` free form (`ansible -a 'msg="hello world" x=1'`, `-e a=1`):
 * words split on spaces outside quotes, the value of each `k=v` unquoted.
 *
 * @module
 */

/** The parsed free form: `k=v` pairs, and the words that were not `k=v`. */
export interface KeyValueArgs {
  /** The `k=v` pairs, values as strings, in order. */
  params: Record<string, string>;
  /** The other words joined back with single spaces (Ansible's `_raw_params`). */
  raw: string;
}

/**
 * Splits `text` like Ansible's `split_args` + `parse_kv`.
 *
 * @example
 * ```ts
 * parseKeyValue(`msg="hello world" count=2`).params; // { msg: "hello world", count: "2" }
 * parseKeyValue("echo hi chdir=/tmp"); // { params: { chdir: "/tmp" }, raw: "echo hi" }
 * ```
 */
export function parseKeyValue(text: string): KeyValueArgs {
  const params: Record<string, string> = {};
  const raw: string[] = [];
  for (const word of splitArgs(text)) {
    const eq = findUnquotedEquals(word);
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word.slice(0, eq))) {
      params[word.slice(0, eq)] = unquote(word.slice(eq + 1));
    } else {
      raw.push(word);
    }
  }
  return { params, raw: raw.join(" ") };
}

/** Splits on whitespace outside single or double quotes, keeping the quotes. */
function splitArgs(text: string): string[] {
  const words: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      current += ch;
      if (ch === "\\" && i + 1 < text.length) current += text[++i];
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (/\s/.test(ch)) {
      if (current) words.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  if (current) words.push(current);
  return words;
}

function findUnquotedEquals(word: string): number {
  for (let i = 0; i < word.length; i++) {
    if (word[i] === "=") return i;
    if (word[i] === "'" || word[i] === '"') return -1;
  }
  return -1;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    return value.slice(1, -1).replace(/\\(["'\\])/g, "$1");
  }
  return value;
}
