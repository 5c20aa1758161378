/**
 * The human-readable `stdout` text of ansible-runner events, byte for byte as
 * ansible-runner's `awx_display` callback produces it on top of Ansible
 * 2.14's `default` stdout callback (playbooks) or `minimal` callback (ad hoc
 * commands), seen through a pty: width-79 terminal (80-column banners), every
 * line coloured on its own, lines joined with `\r\n`, trailing line breaks
 * stripped.
 *
 * All functions are pure. Results are rendered from the dict a callback
 * receives (an event's `res`), or from a raw module result: `failed`,
 * `skipped` and internal `_ansible_*` keys are dropped the way Ansible's
 * `TaskResult.clean_copy` does before any callback sees them.
 *
 * @module
 */

import { formatNumber } from "../json/python_json.ts";

/** How a host finished a task (`changed` is an `ok` result with `changed: true`). */
export type HostOutcome = "ok" | "changed" | "failed" | "unreachable" | "skipped";

/**
 * ANSI SGR codes of Ansible's default colours (`ansible.constants.COLOR_*`).
 *
 * @example
 * ```ts
 * `\u001b[${ANSIBLE_COLORS.ok}mok\u001b[0m`; // green "ok"
 * ```
 */
export const ANSIBLE_COLORS = {
  ok: "0;32",
  changed: "0;33",
  error: "0;31",
  unreachable: "1;31",
  skip: "0;36",
  warn: "1;35",
  deprecate: "0;35",
  debug: "1;30",
  verbose: "0;34",
} as const;

/** The text `no_log: true` results are replaced with. */
export const CENSORED =
  "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/** Terminal width Ansible uses under ansible-runner's 80-column pty (`max(79, cols - 1)`). */
const COLUMNS = 79;

const withFqcns = (names: string[]): Set<string> =>
  new Set(names.flatMap((n) => [n, `ansible.builtin.${n}`, `ansible.legacy.${n}`]));

const DEBUG_ACTIONS = withFqcns(["debug"]);
const INCLUDE_ACTIONS = withFqcns([
  "include",
  "include_tasks",
  "include_role",
  "import_tasks",
  "import_role",
]);
const MODULE_NO_JSON = withFqcns(["command", "win_command", "shell", "win_shell", "raw"]);
for (const n of ["ansible.windows.win_command", "ansible.windows.win_shell"]) {
  MODULE_NO_JSON.add(n);
}
const DEBUG_ALLOWED_KEYS = new Set(["msg", "exception", "warnings", "deprecations"]);
const HIDE_IN_DEBUG = ["changed", "failed", "skipped", "invocation", "skip_reason"];
const CLEAN_EXCEPTIONS = new Set([
  "_ansible_verbose_always",
  "_ansible_item_label",
  "_ansible_no_log",
  "_ansible_verbose_override",
]);
const PRESERVE = ["attempts", "changed", "retries"];
const DELEGATED_SUBSET = ["ansible_host", "ansible_port", "ansible_user", "ansible_connection"];

type Dict = Record<string, unknown>;

// ---------------------------------------------------------------------------
// Python helpers

const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);

/** Python truthiness of a JSON-like value. */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

const PY_WS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029" +
  "\\u202f\\u205f\\u3000";
const PY_STRIP_RE = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, "g");

/** Python `str.strip()` (Unicode whitespace as Python defines it). */
const pyStrip = (s: string): string => s.replace(PY_STRIP_RE, "");

const ASTRAL_RE = /[\ud800-\udbff][\udc00-\udfff]/g;

/** Python `len()`: code points, not UTF-16 units. */
function cpLen(s: string): number {
  const pairs = s.length > 0 && /[\ud800-\udbff]/.test(s) ? s.match(ASTRAL_RE)?.length ?? 0 : 0;
  return s.length - pairs;
}

/** Python `"%-Ns" % s`. */
const ljust = (s: string, n: number): string => {
  const len = cpLen(s);
  return len >= n ? s : s + " ".repeat(n - len);
};

const NON_PRINTABLE_RE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp < 0x7f || (ch !== " " && !NON_PRINTABLE_RE.test(ch))) out += ch;
    else if (cp <= 0xff) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp <= 0xffff) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += "\\U" + cp.toString(16).padStart(8, "0");
  }
  return out + quote;
}

function reprNumber(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  return formatNumber(n);
}

/** Python `repr()` of a JSON-like value. */
function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") return reprNumber(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return reprString(v);
  if (Array.isArray(v)) return "[" + v.map(pyRepr).join(", ") + "]";
  if (isDict(v)) {
    return "{" + Object.entries(v).map(([k, x]) => reprString(k) + ": " + pyRepr(x)).join(", ") +
      "}";
  }
  return reprString(String(v));
}

/** Python `str()` / `"%s" %` of a JSON-like value. */
const pyStr = (v: unknown): string => typeof v === "string" ? v : pyRepr(v);

// ---------------------------------------------------------------------------
// Terminal width (glibc wcwidth under a UTF-8 locale)

// deno-fmt-ignore
const WIDE_RANGES: readonly number[] = [ // [first, last] code point pairs
  0x1100, 0x115f, 0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ec, 0x23f0, 0x23f0, 0x23f3, 0x23f3,
  0x25fd, 0x25fe, 0x2614, 0x2615, 0x2648, 0x2653, 0x267f, 0x267f, 0x2693, 0x2693, 0x26a1, 0x26a1,
  0x26aa, 0x26ab, 0x26bd, 0x26be, 0x26c4, 0x26c5, 0x26ce, 0x26ce, 0x26d4, 0x26d4, 0x26ea, 0x26ea,
  0x26f2, 0x26f3, 0x26f5, 0x26f5, 0x26fa, 0x26fa, 0x26fd, 0x26fd, 0x2705, 0x2705, 0x270a, 0x270b,
  0x2728, 0x2728, 0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
  0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2b1b, 0x2b1c, 0x2b50, 0x2b50, 0x2b55, 0x2b55, 0x2e80, 0x303e,
  0x3041, 0x33ff, 0x3400, 0x4dbf, 0x4e00, 0x9fff, 0xa000, 0xa4cf, 0xa960, 0xa97f, 0xac00, 0xd7a3,
  0xf900, 0xfaff, 0xfe10, 0xfe19, 0xfe30, 0xfe6f, 0xff00, 0xff60, 0xffe0, 0xffe6, 0x16fe0, 0x16fe4,
  0x17000, 0x18cff, 0x1b000, 0x1b2ff, 0x1f004, 0x1f004, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e,
  0x1f191, 0x1f19a, 0x1f200, 0x1f202, 0x1f210, 0x1f23b, 0x1f240, 0x1f248, 0x1f250, 0x1f251,
  0x1f260, 0x1f265, 0x1f300, 0x1f320, 0x1f32d, 0x1f335, 0x1f337, 0x1f37c, 0x1f37e, 0x1f393,
  0x1f3a0, 0x1f3ca, 0x1f3cf, 0x1f3d3, 0x1f3e0, 0x1f3f0, 0x1f3f4, 0x1f3f4, 0x1f3f8, 0x1f43e,
  0x1f440, 0x1f440, 0x1f442, 0x1f4fc, 0x1f4ff, 0x1f53d, 0x1f54b, 0x1f54e, 0x1f550, 0x1f567,
  0x1f57a, 0x1f57a, 0x1f595, 0x1f596, 0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f64f, 0x1f680, 0x1f6c5,
  0x1f6cc, 0x1f6cc, 0x1f6d0, 0x1f6d2, 0x1f6d5, 0x1f6d7, 0x1f6eb, 0x1f6ec, 0x1f6f4, 0x1f6fc,
  0x1f7e0, 0x1f7eb, 0x1f90c, 0x1f93a, 0x1f93c, 0x1f945, 0x1f947, 0x1f9ff, 0x1fa70, 0x1faff,
  0x20000, 0x2fffd, 0x30000, 0x3fffd,
];
const ZERO_WIDTH_RE = /[\p{Mn}\p{Me}\p{Cf}]/u;
const UNASSIGNED_RE = /[\p{Cn}\p{Cs}]/u;

function wcwidth(cp: number, ch: string): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return -1;
  if (cp < 0x300) return 1;
  if ((cp >= 0x1160 && cp <= 0x11ff) || cp === 0x200b) return 0;
  if (ZERO_WIDTH_RE.test(ch)) return 0;
  if (UNASSIGNED_RE.test(ch)) return -1;
  for (let i = 0; i < WIDE_RANGES.length; i += 2) {
    if (cp < WIDE_RANGES[i]) break;
    if (cp <= WIDE_RANGES[i + 1]) return 2;
  }
  return 1;
}

/** Ansible's `get_text_width` (`undefined` where it raises `EnvironmentError`). */
function textWidth(text: string): number | undefined {
  if (!/[^\x20-\x7e]/.test(text)) return text.length;
  let width = 0;
  let printable = true;
  for (const ch of text) {
    const w = wcwidth(ch.codePointAt(0)!, ch);
    if (w < 0) {
      printable = false;
      break;
    }
    width += w;
  }
  if (printable) return width;
  width = 0;
  let counter = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    counter++;
    if (cp === 0x08 || cp === 0x7f || cp === 0x94 || cp === 0x1b) {
      width--;
      counter--;
      continue;
    }
    width += Math.max(wcwidth(cp, ch), 0);
  }
  if (width === 0 && counter) return undefined;
  return width >= 0 ? width : 0;
}

// ---------------------------------------------------------------------------
// textwrap.wrap (Python 3.11, default options, break_on_hyphens)

const TW_WS = "[\\t\\n\\x0b\\x0c\\r ]";
const TW_NWS = "[^\\t\\n\\x0b\\x0c\\r ]";
const TW_W = "[\\p{L}\\p{N}_]";
const TW_WP = "[\\p{L}\\p{N}_!\"'&.,?]";
const TW_LT = "[\\p{L}\\p{Nl}\\p{No}_]";
const WORDSEP_RE = new RegExp(
  `(${TW_WS}+|(?<=${TW_WP})-{2,}(?=${TW_W})|${TW_NWS}+?(?:-(?:(?<=${TW_LT}{2}-)|` +
    `(?<=${TW_LT}-${TW_LT}-))(?=${TW_LT}-?${TW_LT})|(?=${TW_WS}|$)|(?<=${TW_WP})(?=-{2,}${TW_W})))`,
  "u",
);

function expandTabs(text: string): string {
  if (!text.includes("\t")) return text;
  let out = "";
  let col = 0;
  for (const ch of text) {
    if (ch === "\t") {
      const n = 8 - (col % 8);
      out += " ".repeat(n);
      col += n;
    } else {
      out += ch;
      col = ch === "\n" || ch === "\r" ? 0 : col + 1;
    }
  }
  return out;
}

/** Python's `textwrap.wrap(text, width, drop_whitespace=...)`. */
function textWrap(text: string, width: number, dropWhitespace = true): string[] {
  // deno-lint-ignore no-control-regex
  const munged = expandTabs(text).replace(/[\t\n\x0b\x0c\r]/g, " ");
  const chunks = munged.split(WORDSEP_RE).filter((c) => c !== "").reverse();
  const lines: string[] = [];
  while (chunks.length) {
    const line: string[] = [];
    let len = 0;
    if (dropWhitespace && lines.length && pyStrip(chunks[chunks.length - 1]) === "") chunks.pop();
    while (chunks.length) {
      const l = cpLen(chunks[chunks.length - 1]);
      if (len + l > width) break;
      line.push(chunks.pop()!);
      len += l;
    }
    if (chunks.length && cpLen(chunks[chunks.length - 1]) > width) {
      const spaceLeft = width < 1 ? 1 : width - len;
      const chunk = Array.from(chunks[chunks.length - 1]);
      let end = spaceLeft;
      if (chunk.length > spaceLeft) {
        const hyphen = chunk.slice(0, spaceLeft).lastIndexOf("-");
        if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== "-")) end = hyphen + 1;
      }
      line.push(chunk.slice(0, end).join(""));
      chunks[chunks.length - 1] = chunk.slice(end).join("");
    }
    if (dropWhitespace && line.length && pyStrip(line[line.length - 1]) === "") line.pop();
    if (line.length) lines.push(line.join(""));
  }
  return lines;
}

// ---------------------------------------------------------------------------
// Display

/** `ansible.utils.color.stringc`: colours each `\n`-separated line separately. */
function stringc(text: string, color: string): string {
  const open = `\u001b[${color}m`;
  if (!text.includes("\n")) return open + text + "\u001b[0m";
  return text.split("\n").map((t) => open + t + "\u001b[0m").join("\n");
}

/** `Display.display(msg, color)`: one trailing newline, colour, newline. */
function display(out: string[], msg: string, color?: string): void {
  const body = msg.endsWith("\n") ? msg.slice(0, -1) : msg;
  out.push(color ? stringc(body, color) : body, "\n");
}

/** The pty (`\n` → `\r\n`) plus OutputEventFilter's `rstrip('\r\n')`. */
function finish(out: string[]): string {
  const text = out.join("");
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  const trimmed = text.slice(0, end);
  return trimmed.includes("\n") ? trimmed.replaceAll("\n", "\r\n") : trimmed;
}

function displayBanner(out: string[], msg: string): void {
  const text = pyStrip(msg);
  const width = textWidth(text);
  let stars = COLUMNS - (width ?? cpLen(text));
  if (stars <= 3) stars = 3;
  display(out, `\n${text} ${"*".repeat(stars)}`);
}

function displayWarning(out: string[], message: string, seen?: Set<string>): void {
  const text = textWrap(`[WARNING]: ${message}`, COLUMNS).join("\n") + "\n";
  if (seen) {
    if (seen.has(text)) return;
    seen.add(text);
  }
  display(out, text, ANSIBLE_COLORS.warn);
}

/** Options of a deprecation message (`Display.deprecated` keyword arguments). */
export interface DeprecationOptions {
  /** Version the feature goes away in. */
  version?: string;
  /** Date the feature goes away after (wins over `version`). */
  date?: string;
  /** Collection deprecating it (`ansible.builtin` shows as `ansible-core`). */
  collectionName?: string;
  /** Per-run set of texts already shown; a repeated text renders as `""`. */
  seen?: Set<string>;
}

function displayDeprecation(out: string[], msg: string, options: DeprecationOptions): void {
  let text = pyStrip(msg);
  if (text && !"!?.".includes(text[text.length - 1])) text += ".";
  const collection = options.collectionName === "ansible.builtin"
    ? "ansible-core"
    : options.collectionName;
  const when = options.date
    ? `in a release after ${options.date}.`
    : options.version
    ? `in version ${options.version}.`
    : "in a future release.";
  const message = [
    `[DEPRECATION WARNING]: ${text}`,
    "This feature will be removed",
    collection ? `from ${collection}` : "",
    when,
    "Deprecation warnings can be disabled by setting deprecation_warnings=False in ansible.cfg.",
  ].filter((f) => f).join(" ");
  const wrapped = textWrap(message, COLUMNS, false).join("\n") + "\n";
  if (options.seen) {
    if (options.seen.has(wrapped)) return;
    options.seen.add(wrapped);
  }
  display(out, pyStrip(wrapped), ANSIBLE_COLORS.deprecate);
}

const pyIter = (v: unknown): unknown[] =>
  Array.isArray(v) ? v : typeof v === "string" ? Array.from(v) : isDict(v) ? Object.keys(v) : [v];

/** `CallbackBase._handle_warnings`: shows and removes non-empty warnings/deprecations. */
function handleWarnings(out: string[], r: Dict, seen?: Set<string>): void {
  if (truthy(r.warnings)) {
    for (const w of pyIter(r.warnings)) displayWarning(out, pyStr(w), seen);
    delete r.warnings;
  }
  if (truthy(r.deprecations)) {
    for (const d of pyIter(r.deprecations)) {
      const dep = isDict(d) ? d : { msg: d };
      const opt = (
        k: string,
      ) => (dep[k] === undefined || dep[k] === null ? undefined : pyStr(dep[k]));
      displayDeprecation(out, pyStr(dep.msg ?? ""), {
        version: opt("version"),
        date: opt("date"),
        collectionName: opt("collection_name"),
        seen,
      });
    }
    delete r.deprecations;
  }
}

/** `CallbackBase._handle_exception`. */
function handleException(out: string[], r: Dict, verbosity: number): void {
  if (!("exception" in r)) return;
  const exception = pyStr(r.exception);
  let msg = "An exception occurred during task execution. ";
  if (verbosity < 3) {
    const lines = pyStrip(exception).split("\n");
    msg += "To see the full traceback, use -vvv. The error was: " + lines[lines.length - 1];
  } else {
    msg = "The full traceback is:\n" + exception;
    delete r.exception;
  }
  display(out, msg, ANSIBLE_COLORS.error);
}

/** `CallbackBase._clean_results`: `debug` shows only what it was asked to. */
function cleanResults(r: Dict, action: string): void {
  if (!DEBUG_ACTIONS.has(action)) return;
  if ("msg" in r) {
    for (const key of Object.keys(r)) {
      if (!DEBUG_ALLOWED_KEYS.has(key) && !key.startsWith("_")) delete r[key];
    }
  } else {
    for (const key of HIDE_IN_DEBUG) delete r[key];
  }
}

// ---------------------------------------------------------------------------
// Result cleaning

function stripInternal(v: unknown, exceptions?: Set<string>): unknown {
  if (Array.isArray(v)) return v.map((x) => stripInternal(x, exceptions));
  if (!isDict(v)) return v;
  const out: Dict = {};
  for (const key in v) {
    if (key.startsWith("_ansible_") && !exceptions?.has(key)) continue;
    const x = v[key];
    out[key] = typeof x === "object" && x !== null ? stripInternal(x, exceptions) : x;
  }
  return out;
}

/** Options of {@linkcode callbackResult}. */
export interface CallbackResultOptions {
  /** The task had `no_log: true`: the result is censored. */
  noLog?: boolean;
  /** The task's action (`debug` results also lose `invocation`). */
  action?: string;
}

/**
 * The result dict callbacks receive (`TaskResult.clean_copy`, which is also
 * what an event's `res` holds): a deep copy without `failed`/`skipped` and
 * internal keys (except `_ansible_verbose_always`, `_ansible_item_label`,
 * `_ansible_no_log`, `_ansible_verbose_override`); for `no_log` results only
 * `censored` plus `attempts`/`changed`/`retries`.
 *
 * @example
 * ```ts
 * callbackResult({ changed: true, failed: true, rc: 1 }); // { changed: true, rc: 1 }
 * callbackResult({ changed: false, stdout: "s" }, { noLog: true });
 * // { censored: "the output has been hidden …", changed: false }
 * ```
 */
export function callbackResult(
  result: Record<string, unknown>,
  options: CallbackResultOptions = {},
): Record<string, unknown> {
  return cleanCopy(result, options, true);
}

/** `clean_copy`; `deep: false` leaves nested values shared (the dumper strips them). */
function cleanCopy(result: Dict, options: CallbackResultOptions, deep: boolean): Dict {
  let out: Dict;
  if (options.noLog || truthy(result._ansible_no_log)) {
    out = { censored: CENSORED };
    for (const key of PRESERVE) if (key in result) out[key] = result[key];
  } else {
    out = {};
    for (const key in result) {
      if (key.startsWith("_ansible_") && !CLEAN_EXCEPTIONS.has(key)) continue;
      const x = result[key];
      out[key] = deep && typeof x === "object" && x !== null
        ? stripInternal(x, CLEAN_EXCEPTIONS)
        : x;
    }
    delete out.failed;
    delete out.skipped;
    if (options.action !== undefined && DEBUG_ACTIONS.has(options.action)) delete out.invocation;
  }
  const delegated = result._ansible_delegated_vars;
  if (isDict(delegated)) {
    const subset: Dict = {};
    for (const key of DELEGATED_SUBSET) if (key in delegated) subset[key] = delegated[key];
    out._ansible_delegated_vars = subset;
  }
  return out;
}

/**
 * Cleans a module result for display the way Ansible does before dumping it
 * (`clean_copy` + `_dump_results`): drops `failed`, `skipped`, every
 * `_ansible_*` key at any depth, `exception`, and below verbosity 3
 * `invocation` and `diff`.
 *
 * @example
 * ```ts
 * displayableResult({ rc: 0, invocation: {}, _ansible_no_log: false }); // { rc: 0 }
 * ```
 */
export function displayableResult(
  result: Record<string, unknown>,
  verbosity = 0,
): Record<string, unknown> {
  const out = stripInternal(result) as Dict;
  delete out.failed;
  delete out.skipped;
  if (verbosity < 3) {
    delete out.invocation;
    delete out.diff;
  }
  delete out.exception;
  return out;
}

const SKIP_TOP_QUIET = new Set(["invocation", "diff", "exception"]);
const SKIP_TOP_VERBOSE = new Set(["exception"]);

/**
 * `CallbackBase._dump_results` with the default `json` result format:
 * `json.dumps(abridged, indent=…, sort_keys=True, ensure_ascii=False)` where
 * the abridged result lacks `_ansible_*` keys (any depth), `exception`, and
 * below verbosity 3 `invocation`/`diff`. Keys are left out while writing
 * instead of copying the result (this runs once per host result).
 */
function dumpResults(r: Dict, verbosity: number, indent?: number): string {
  if (!indent && (truthy(r._ansible_verbose_always) || verbosity > 2)) indent = 4;
  return dumpJson(r, indent || 0, 0, verbosity < 3 ? SKIP_TOP_QUIET : SKIP_TOP_VERBOSE);
}

/**
 * Python `json.dumps(v, sort_keys=True, ensure_ascii=False, indent=indent || None)`
 * of JSON data, skipping `_ansible_*` keys and, at the top, `skipTop` keys.
 * Same output as `pythonJsonDumps` (whose string escaping with
 * `ensureAscii: false` is `JSON.stringify`'s), about three times faster.
 */
function dumpJson(v: unknown, indent: number, depth: number, skipTop?: Set<string>): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : formatNumber(v);
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return v.toString();
    case "object":
      if (v === null) return "null";
      break;
    default:
      return "null";
  }
  const inner = indent ? "\n" + " ".repeat(indent * (depth + 1)) : "";
  const outer = indent ? "\n" + " ".repeat(indent * depth) : "";
  const sep = indent ? "," + inner : ", ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    let s = "[" + inner;
    for (let i = 0; i < v.length; i++) {
      if (i > 0) s += sep;
      s += dumpJson(v[i], indent, depth + 1);
    }
    return s + outer + "]";
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === "function") {
    return dumpJson((v as { toJSON: () => unknown }).toJSON(), indent, depth);
  }
  const o = v as Dict;
  const keys = Object.keys(o).filter((k) =>
    o[k] !== undefined && typeof o[k] !== "function" && !k.startsWith("_ansible_") &&
    !skipTop?.has(k)
  ).sort();
  if (keys.length === 0) return "{}";
  let s = "{" + inner;
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) s += sep;
    s += JSON.stringify(keys[i]) + ": " + dumpJson(o[keys[i]], indent, depth + 1);
  }
  return s + outer + "}";
}

/** `CallbackBase._run_is_verbose`. */
function runIsVerbose(r: Dict, displayVerbosity: number, threshold = 0): boolean {
  const override = "_ansible_verbose_override" in r ? r._ansible_verbose_override : false;
  return (displayVerbosity > threshold || r._ansible_verbose_always === true) && override === false;
}

function itemLabel(r: Dict): string {
  if (truthy(r._ansible_no_log)) return "(censored due to no_log)";
  return pyStr("_ansible_item_label" in r ? r._ansible_item_label : r.item);
}

function hostLabel(host: string, delegateTo: string | undefined, r: Dict): string {
  let label = host;
  if (delegateTo && delegateTo !== host) {
    label += ` -> ${delegateTo}`;
    const vars = r._ansible_delegated_vars;
    const ahost = isDict(vars) && "ansible_host" in vars ? vars.ansible_host : delegateTo;
    if (delegateTo !== ahost) label += `(${pyStr(ahost)})`;
  }
  return label;
}

// ---------------------------------------------------------------------------
// Public renderers

/**
 * A banner line as `Display.banner` prints it: the text, a space, and stars
 * up to column 80 (at least 3), preceded by an empty line.
 *
 * @example
 * ```ts
 * bannerText("NO MORE HOSTS LEFT"); // "\r\nNO MORE HOSTS LEFT *****…" (80 columns)
 * ```
 */
export function bannerText(message: string): string {
  const out: string[] = [];
  displayBanner(out, message);
  return finish(out);
}

/**
 * `stdout` of `playbook_on_start`: `""`, or from verbosity 2 on the
 * `PLAYBOOK: <file name>` banner.
 *
 * @example
 * ```ts
 * playbookStartText("/runner/project/site.yml", 2); // "\r\nPLAYBOOK: site.yml ****…"
 * playbookStartText("site.yml"); // ""
 * ```
 */
export function playbookStartText(playbookPath: string, verbosity = 0): string {
  if (verbosity <= 1) return "";
  return bannerText(`PLAYBOOK: ${playbookPath.slice(playbookPath.lastIndexOf("/") + 1)}`);
}

/**
 * `stdout` of `playbook_on_play_start`: `PLAY [name]` banner (`PLAY` when the
 * name is blank).
 *
 * @example
 * ```ts
 * playBannerText("Demo play");
 * // "\r\nPLAY [Demo play] ***************************************************************"
 * ```
 */
export function playBannerText(playName: string): string {
  const name = pyStrip(playName);
  return bannerText(name ? `PLAY [${name}]` : "PLAY");
}

/** Options of {@linkcode taskBannerText}. */
export interface TaskBannerOptions {
  /** `TASK` (default), `RUNNING HANDLER` or `CLEANUP TASK`. */
  prefix?: string;
  /** Display verbosity; from 2 on the banner is followed by `task path: …`. */
  verbosity?: number;
  /** `file:line` of the task, shown at verbosity 2 and up. */
  taskPath?: string;
}

/**
 * `stdout` of `playbook_on_task_start`: `TASK [name]` banner. `taskName` is
 * what Ansible's `Task.get_name()` returns: the name, else the action as
 * written (`debug`), prefixed with `role : ` for role tasks.
 *
 * @example
 * ```ts
 * taskBannerText("say hi");
 * // "\r\nTASK [say hi] ******************************************************************"
 * taskBannerText("h1", { prefix: "RUNNING HANDLER" });
 * ```
 */
export function taskBannerText(taskName: string, options: TaskBannerOptions = {}): string {
  const out: string[] = [];
  displayBanner(out, `${options.prefix ?? "TASK"} [${pyStrip(taskName)}]`);
  if ((options.verbosity ?? 0) >= 2 && options.taskPath) {
    display(out, `task path: ${options.taskPath}`, ANSIBLE_COLORS.debug);
  }
  return finish(out);
}

/** What {@linkcode hostResultText} renders. */
export interface HostResultInput {
  /** `ok`/`changed` → `runner_on_ok`, else `runner_on_failed`/`_unreachable`/`_skipped`. */
  outcome: HostOutcome;
  /** Inventory host name. */
  host: string;
  /** Module result (raw, or a callback's `res`; for skipped results may be `{}`). */
  result: Record<string, unknown>;
  /** `runner_on_failed` with `ignore_errors`: adds a cyan `...ignoring` line. */
  ignoreErrors?: boolean;
  /** Unreachable with `ignore_unreachable`: adds `...ignoring`. */
  ignoreUnreachable?: boolean;
  /** Ad hoc command (`minimal` callback): `host | SUCCESS => {…}` forms. */
  adhoc?: boolean;
  /** The task's action as written (`debug`, `ansible.builtin.command`, …). */
  action?: string;
  /** Display verbosity (`-v` count), default 0. */
  verbosity?: number;
  /** A per-item event (`runner_item_on_ok`/`_failed`/`_skipped`). */
  item?: boolean;
  /** The task loops: a result with `results` is the loop summary (items were shown already). */
  loop?: boolean;
  /** The task has `no_log: true`. */
  noLog?: boolean;
  /** The task's `delegate_to` (shown as `host -> delegate`). */
  delegateTo?: string;
  /**
   * Warnings and deprecations already shown this run (Ansible shows each
   * text once per run); updated in place. Without it nothing is deduplicated.
   */
  seenWarnings?: Set<string>;
}

/**
 * `stdout` of a host result event (`runner_on_ok`, `runner_on_failed`,
 * `runner_on_unreachable`, `runner_on_skipped`, `runner_item_on_*`), including
 * the result's warnings, deprecations and exception lines that Ansible prints
 * inside the same event. Shown as `changed` when `outcome` is `changed` or the
 * result says `changed`.
 *
 * @example
 * ```ts
 * hostResultText({ outcome: "changed", host: "web1", result: { changed: true } });
 * // "\u001b[0;33mchanged: [web1]\u001b[0m"
 * hostResultText({ outcome: "ok", host: "web1", result: { ping: "pong" }, adhoc: true });
 * // "\u001b[0;32mweb1 | SUCCESS => {\u001b[0m\r\n…"
 * ```
 */
export function hostResultText(input: HostResultInput): string {
  const action = input.action ?? "";
  const r = cleanCopy(input.result, { noLog: input.noLog, action }, false);
  const out: string[] = [];
  if (input.adhoc) renderMinimal(out, input, r, action);
  else renderDefault(out, input, r, action);
  return finish(out);
}

function renderDefault(out: string[], input: HostResultInput, r: Dict, action: string): void {
  const verbosity = input.verbosity ?? 0;
  const label = hostLabel(input.host, input.delegateTo, r);
  const dump = () => dumpResults(r, verbosity);
  switch (input.outcome) {
    case "ok":
    case "changed": {
      if (INCLUDE_ACTIONS.has(action)) return;
      const changed = input.outcome === "changed" || truthy(r.changed);
      const color = changed ? ANSIBLE_COLORS.changed : ANSIBLE_COLORS.ok;
      let msg = `${changed ? "changed" : "ok"}: [${label}]`;
      if (input.item) {
        msg += ` => (item=${itemLabel(r)})`;
        cleanResults(r, action);
      } else {
        handleWarnings(out, r, input.seenWarnings);
        if (input.loop && "results" in r) return;
        cleanResults(r, action);
      }
      if (runIsVerbose(r, verbosity)) msg += ` => ${dump()}`;
      display(out, msg, color);
      return;
    }
    case "failed": {
      cleanResults(r, action);
      handleException(out, r, verbosity);
      handleWarnings(out, r, input.seenWarnings);
      if (input.item) {
        display(
          out,
          `failed: [${label}] (item=${itemLabel(r)}) => ${dump()}`,
          ANSIBLE_COLORS.error,
        );
        return;
      }
      if (!(input.loop && "results" in r)) {
        display(out, `fatal: [${label}]: FAILED! => ${dump()}`, ANSIBLE_COLORS.error);
      }
      if (input.ignoreErrors) display(out, "...ignoring", ANSIBLE_COLORS.skip);
      return;
    }
    case "skipped": {
      cleanResults(r, action);
      let msg = `skipping: [${input.host}]`;
      if (input.item) msg += ` => (item=${itemLabel(r)}) `;
      else if (input.loop) delete r.results;
      if (runIsVerbose(r, verbosity)) msg += ` => ${dump()}`;
      display(out, msg, ANSIBLE_COLORS.skip);
      return;
    }
    case "unreachable": {
      display(out, `fatal: [${label}]: UNREACHABLE! => ${dump()}`, ANSIBLE_COLORS.unreachable);
      if (input.ignoreUnreachable) display(out, "...ignoring", ANSIBLE_COLORS.skip);
      return;
    }
  }
}

function commandGenericMsg(host: string, r: Dict, caption: string): string {
  const field = (k: string) => (r[k] === undefined || r[k] === null ? "" : pyStr(r[k]));
  return `${host} | ${caption} | rc=${pyStr("rc" in r ? r.rc : -1)} >>\n` + field("stdout") +
    field("stderr") + field("msg") + "\n";
}

function renderMinimal(out: string[], input: HostResultInput, r: Dict, action: string): void {
  if (input.item) return; // the minimal callback has no item handlers
  const verbosity = input.verbosity ?? 0;
  const host = input.host;
  switch (input.outcome) {
    case "ok":
    case "changed": {
      cleanResults(r, action);
      handleWarnings(out, r, input.seenWarnings);
      const changed = input.outcome === "changed" || truthy(r.changed);
      const color = changed ? ANSIBLE_COLORS.changed : ANSIBLE_COLORS.ok;
      const state = changed ? "CHANGED" : "SUCCESS";
      if (MODULE_NO_JSON.has(action) && !("ansible_job_id" in r)) {
        display(out, commandGenericMsg(host, r, state), color);
      } else {
        display(out, `${host} | ${state} => ${dumpResults(r, verbosity, 4)}`, color);
      }
      return;
    }
    case "failed": {
      handleException(out, r, verbosity);
      handleWarnings(out, r, input.seenWarnings);
      if (MODULE_NO_JSON.has(action) && !("module_stderr" in r)) {
        display(out, commandGenericMsg(host, r, "FAILED"), ANSIBLE_COLORS.error);
      } else {
        display(out, `${host} | FAILED! => ${dumpResults(r, verbosity, 4)}`, ANSIBLE_COLORS.error);
      }
      return;
    }
    case "skipped":
      display(out, `${host} | SKIPPED`, ANSIBLE_COLORS.skip);
      return;
    case "unreachable":
      display(
        out,
        `${host} | UNREACHABLE! => ${dumpResults(r, verbosity, 4)}`,
        ANSIBLE_COLORS.unreachable,
      );
      return;
  }
}

/** Per-host counters of the play recap (`playbook_on_stats`). */
export interface HostCounts {
  /** Tasks that returned ok (changed ones included). */
  ok: number;
  /** Tasks that changed something. */
  changed: number;
  /** Unreachable results (`dark`). */
  unreachable: number;
  /** Failed results not ignored (`failures`). */
  failed: number;
  /** Skipped results. */
  skipped: number;
  /** Failures handled by a `rescue` block. */
  rescued: number;
  /** Failures ignored with `ignore_errors`. */
  ignored: number;
}

/** Options of {@linkcode recapText}. */
export interface RecapOptions {
  /** Ad hoc commands print no recap: the text is `""`. */
  adhoc?: boolean;
}

const codePointCompare = (a: string, b: string): number => {
  if (a === b) return 0;
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
};

function colorize(lead: string, num: number, color: string): string {
  const s = `${lead}=${ljust(String(num), 4)}`;
  return num !== 0 ? stringc(s, color) : s;
}

/**
 * `stdout` of `playbook_on_stats`: the `PLAY RECAP` banner and one line per
 * host, hosts sorted, host names padded to 26 columns and coloured red
 * (failures/unreachable), yellow (changed) or green, non-zero counters coloured.
 *
 * @example
 * ```ts
 * recapText({ localhost: { ok: 1, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 } });
 * // "\r\nPLAY RECAP ****…\r\n\u001b[0;32mlocalhost\u001b[0m                  : \u001b[0;32mok=1   \u001b[0m changed=0 …"
 * ```
 */
export function recapText(
  stats: Map<string, HostCounts> | Record<string, HostCounts>,
  options: RecapOptions = {},
): string {
  if (options.adhoc) return "";
  const entries = stats instanceof Map ? [...stats.entries()] : Object.entries(stats);
  entries.sort(([a], [b]) => codePointCompare(a, b));
  const out: string[] = [];
  displayBanner(out, "PLAY RECAP");
  const c = ANSIBLE_COLORS;
  for (const [host, t] of entries) {
    const hostColor = t.failed !== 0 || t.unreachable !== 0
      ? c.error
      : t.changed !== 0
      ? c.changed
      : c.ok;
    display(
      out,
      `${ljust(stringc(host, hostColor), 37)} : ${colorize("ok", t.ok, c.ok)} ` +
        `${colorize("changed", t.changed, c.changed)} ` +
        `${colorize("unreachable", t.unreachable, c.unreachable)} ` +
        `${colorize("failed", t.failed, c.error)} ${colorize("skipped", t.skipped, c.skip)} ` +
        `${colorize("rescued", t.rescued, c.ok)} ${colorize("ignored", t.ignored, c.warn)}`,
    );
  }
  display(out, "");
  return finish(out);
}

/**
 * `Display.warning` text: `[WARNING]: message` wrapped at 79 columns, each
 * line bold purple. Shown inside the host result event when it comes from a
 * result; on its own it is a `warning` event (or, printed before the callback
 * loads, one `verbose` event per line). Returns `""` for a text already in
 * `seen` (Ansible shows each warning once per run).
 *
 * @example
 * ```ts
 * warningText("No inventory was parsed, only implicit localhost is available");
 * // "\u001b[1;35m[WARNING]: No inventory was parsed, only implicit localhost is available\u001b[0m"
 * ```
 */
export function warningText(message: string, seen?: Set<string>): string {
  const out: string[] = [];
  displayWarning(out, message, seen);
  return finish(out);
}

/**
 * `Display.deprecated` text: `[DEPRECATION WARNING]: …` wrapped at 79
 * columns (inner trailing spaces kept), each line purple.
 *
 * @example
 * ```ts
 * deprecationText("old thing", { version: "2.99", collectionName: "ansible.builtin" });
 * // "\u001b[0;35m[DEPRECATION WARNING]: old thing. This feature will be removed from ansible-\u001b[0m\r\n…"
 * ```
 */
export function deprecationText(message: string, options: DeprecationOptions = {}): string {
  const out: string[] = [];
  displayDeprecation(out, message, options);
  return finish(out);
}

/** What {@linkcode retryText} renders. */
export interface RetryInput {
  /** Inventory host name. */
  host: string;
  /** The task's name (`Task.get_name()`). */
  taskName: string;
  /** The attempt's result (with `retries` and `attempts`). */
  result: Record<string, unknown>;
  /** Display verbosity; above 2 the result is appended. */
  verbosity?: number;
  /** The task's `delegate_to`. */
  delegateTo?: string;
}

/**
 * `stdout` of `runner_retry`: `FAILED - RETRYING: [host]: task (N retries left).`
 * in dark grey.
 *
 * @example
 * ```ts
 * retryText({ host: "h", taskName: "wait", result: { retries: 4, attempts: 1 } });
 * // "\u001b[1;30mFAILED - RETRYING: [h]: wait (3 retries left).\u001b[0m"
 * ```
 */
export function retryText(input: RetryInput): string {
  const r = cleanCopy(input.result, {}, false);
  const left = Number(r.retries ?? 0) - Number(r.attempts ?? 0);
  let msg = `FAILED - RETRYING: [${hostLabel(input.host, input.delegateTo, r)}]: ` +
    `${input.taskName} (${left} retries left).`;
  const verbosity = input.verbosity ?? 0;
  if (runIsVerbose(r, verbosity, 2)) msg += `Result was: ${dumpResults(r, verbosity)}`;
  const out: string[] = [];
  display(out, msg, ANSIBLE_COLORS.debug);
  return finish(out);
}

/**
 * `stdout` of `playbook_on_include`: `included: file for host1, host2` in
 * cyan, with `=> (item=…)` when the include looped.
 *
 * @example
 * ```ts
 * includedText("/p/t.yml", ["web1"]); // "\u001b[0;36mincluded: /p/t.yml for web1\u001b[0m"
 * ```
 */
export function includedText(
  filename: string,
  hosts: string[],
  vars: Record<string, unknown> = {},
): string {
  let msg = `included: ${filename} for ${hosts.join(", ")}`;
  const label = truthy(vars._ansible_no_log)
    ? "(censored due to no_log)"
    : ("_ansible_item_label" in vars ? vars._ansible_item_label : vars.item);
  if (truthy(label)) msg += ` => (item=${pyStr(label)})`;
  const out: string[] = [];
  display(out, msg, ANSIBLE_COLORS.skip);
  return finish(out);
}

/**
 * `stdout` of `playbook_on_no_hosts_matched`.
 *
 * @example
 * ```ts
 * noHostsMatchedText(); // "\u001b[0;36mskipping: no hosts matched\u001b[0m"
 * ```
 */
export function noHostsMatchedText(): string {
  return stringc("skipping: no hosts matched", ANSIBLE_COLORS.skip);
}

/**
 * `stdout` of `playbook_on_no_hosts_remaining`: the `NO MORE HOSTS LEFT` banner.
 *
 * @example
 * ```ts
 * noHostsRemainingText(); // "\r\nNO MORE HOSTS LEFT *************…"
 * ```
 */
export function noHostsRemainingText(): string {
  return bannerText("NO MORE HOSTS LEFT");
}
