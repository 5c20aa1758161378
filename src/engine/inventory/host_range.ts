/**
 * Host range expansion (`web[01:20]`, `db-[a:f]`, `h[1:10:2]`) and the
 * `host:port` split that inventory plugins apply to each host entry.
 *
 * @module
 */

import { parseAddress } from "./address.ts";
import { MAX_RANGE_HOSTS } from "./limits.ts";
import { PythonValueError } from "../../python/errors.ts";
import { pyInt } from "../../python/int.ts";

/**
 * A range that Ansible rejects (`AnsibleError` in `expand_hostname_range`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expandHostnameRange, HostRangeError } from "./host_range.ts";
 *
 * assert.throws(() => expandHostnameRange("web[1:]"), HostRangeError);
 * ```
 */
export class HostRangeError extends Error {
  /**
   * Makes the error from Ansible's message for the rejected range.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { HostRangeError } from "./host_range.ts";
   *
   * const err = new HostRangeError("host range must have begin <= end");
   * assert.equal(err.name, "HostRangeError");
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "HostRangeError";
  }
}

const ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * Ansible's `expand_hostname_range`: expands the first `[beg:end(:step)]`
 * of `line`, then recursively any later one. Numeric bounds with a leading
 * zero are zero-padded; single letters range over `a..zA..Z`. More than
 * {@link MAX_RANGE_HOSTS} names is a {@link HostRangeError} (a 20-byte
 * `h[0:999999999]` would otherwise hold the worker until memory runs out).
 *
 * @example
 * ```ts
 * expandHostnameRange("web[01:03]"); // ["web01", "web02", "web03"]
 * expandHostnameRange("db-[a:c]"); // ["db-a", "db-b", "db-c"]
 * expandHostnameRange("h[1:6:2]"); // ["h1", "h3", "h5"]
 * ```
 */
export function expandHostnameRange(line: string): string[] {
  const out: string[] = [];
  expandInto(line, out, line);
  return out;
}

function tooMany(pattern: string): HostRangeError {
  return new HostRangeError(
    `host range ${pattern} expands to more than ${MAX_RANGE_HOSTS} hosts (tachyon's limit)`,
  );
}

function expandInto(line: string, out: string[], pattern: string): void {
  const replaced = line.replace("[", "|").replace("]", "|");
  const parts = replaced.split("|");
  if (parts.length !== 3) {
    throw new HostRangeError(
      parts.length > 3
        ? "too many values to unpack (expected 3)"
        : `not enough values to unpack (expected 3, got ${parts.length})`,
    );
  }
  const [head, nrange, tail] = parts;
  const bounds = nrange.split(":");
  if (bounds.length !== 2 && bounds.length !== 3) {
    throw new HostRangeError("host range must be begin:end or begin:end:step");
  }
  let beg = bounds[0];
  const end = bounds[1];
  const step = bounds.length === 2 ? "1" : bounds[2];
  if (!beg) beg = "0";
  if (!end) throw new HostRangeError("host range must specify end value");
  let fill = (x: string | number) => String(x);
  if (beg[0] === "0" && beg.length > 1) {
    const rlen = beg.length;
    if (rlen !== end.length) {
      throw new HostRangeError("host range must specify equal-length begin and end formats");
    }
    fill = (x) => zfill(String(x), rlen);
  }
  let seq: Array<string | number>;
  try {
    seq = alphaRange(beg, end, step);
  } catch (e) {
    if (!(e instanceof PythonValueError)) throw e;
    seq = numericRange(beg, end, step, MAX_RANGE_HOSTS - out.length, pattern);
  }
  for (const r of seq) {
    const name = head + fill(r) + tail;
    if (name.includes("[")) expandInto(name, out, pattern);
    else if (out.length >= MAX_RANGE_HOSTS) throw tooMany(pattern);
    else out.push(name);
  }
}

function alphaRange(beg: string, end: string, step: string): string[] {
  // str.index() finds substrings, and raises ValueError when absent.
  const iBeg = ASCII_LETTERS.indexOf(beg);
  const iEnd = ASCII_LETTERS.indexOf(end);
  if (iBeg < 0 || iEnd < 0) throw new PythonValueError("substring not found");
  if (iBeg > iEnd) throw new HostRangeError("host range must have begin <= end");
  const s = pyInt(step);
  if (s === 0) throw new PythonValueError("slice step cannot be zero");
  const letters = ASCII_LETTERS.slice(iBeg, iEnd + 1);
  const out: string[] = [];
  if (s > 0) { for (let i = 0; i < letters.length; i += s) out.push(letters[i]); }
  return out;
}

function numericRange(
  beg: string,
  end: string,
  step: string,
  room: number,
  pattern: string,
): number[] {
  let b: number, e: number, s: number;
  try {
    b = pyInt(beg);
    e = pyInt(end) + 1;
    s = pyInt(step);
  } catch (err) {
    throw new HostRangeError((err as Error).message);
  }
  if (s === 0) throw new HostRangeError("range() arg 3 must not be zero");
  if (Math.max(0, Math.ceil((e - b) / s)) > room) throw tooMany(pattern);
  const out: number[] = [];
  if (s > 0) { for (let i = b; i < e; i += s) out.push(i); }
  else for (let i = b; i > e; i += s) out.push(i);
  return out;
}

function zfill(s: string, width: number): string {
  const sign = s[0] === "-" || s[0] === "+" ? s[0] : "";
  const digits = sign ? s.slice(1) : s;
  return sign + digits.padStart(width - sign.length, "0");
}

/**
 * Ansible's `_expand_hostpattern`: splits an optional `:port` (when the
 * entry parses as an address) and expands ranges.
 *
 * @example
 * ```ts
 * expandHostPattern("web[1:2]:2222"); // { hostnames: ["web1", "web2"], port: 2222 }
 * ```
 */
export function expandHostPattern(pattern: string): { hostnames: string[]; port: number | null } {
  const parsed = parseAddress(pattern, true);
  const host = parsed ? parsed.host : pattern;
  const port = parsed ? parsed.port : null;
  return { hostnames: host.includes("[") ? expandHostnameRange(host) : [host], port };
}
