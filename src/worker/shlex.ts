/**
 * POSIX shell-like word splitting, as Python's `shlex.split` does it (used by
 * ansible-runner for `env/cmdline`).
 *
 * @module
 */

/**
 * A `cmdline` text could not be split (an unterminated quote or escape).
 *
 * @example
 * ```ts
 * throw new ShlexError("No closing quotation");
 * ```
 */
export class ShlexError extends Error {
  override name = "ShlexError";
}

/**
 * Splits `text` into words like `shlex.split(text)` (POSIX mode, no comments).
 *
 * @example
 * ```ts
 * shlexSplit(`-u root --limit 'web:&db' -e "a=1 b=2"`);
 * // ["-u", "root", "--limit", "web:&db", "-e", "a=1 b=2"]
 * ```
 */
export function shlexSplit(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i++];
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (ch === "'") {
      const end = text.indexOf("'", i);
      if (end === -1) throw new ShlexError("No closing quotation");
      word += text.slice(i, end);
      i = end + 1;
      inWord = true;
    } else if (ch === '"') {
      inWord = true;
      while (true) {
        if (i >= text.length) throw new ShlexError("No closing quotation");
        const c = text[i++];
        if (c === '"') break;
        if (c === "\\" && i < text.length && '"\\$`\n'.includes(text[i])) word += text[i++];
        else word += c;
      }
    } else if (ch === "\\") {
      if (i >= text.length) throw new ShlexError("No escaped character");
      word += text[i++];
      inWord = true;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
