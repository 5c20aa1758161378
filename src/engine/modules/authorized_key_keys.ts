/**
 * The text side of `authorized_key`, as ansible.posix's module does it:
 * parsing key lines (options, type, key, comment), its option parser, the
 * ordered keyed table it edits and the file text it writes back (key lines
 * rewritten as `options type key comment`, other lines kept as they were).
 * Pure: the module reads and writes the file.
 *
 * @module
 */
import { pySplitlines } from "../../python/splitlines.ts";

/** Key types ansible.posix's `authorized_key` recognises. */
const KEY_TYPES = new Set([
  "sk-ecdsa-sha2-nistp256@openssh.com",
  "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
  "webauthn-sk-ecdsa-sha2-nistp256@openssh.com",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp256-cert-v01@openssh.com",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp384-cert-v01@openssh.com",
  "ecdsa-sha2-nistp521",
  "ecdsa-sha2-nistp521-cert-v01@openssh.com",
  "sk-ssh-ed25519@openssh.com",
  "sk-ssh-ed25519-cert-v01@openssh.com",
  "ssh-ed25519",
  "ssh-ed25519-cert-v01@openssh.com",
  "ssh-dss",
  "ssh-rsa",
  "ssh-xmss@openssh.com",
  "ssh-xmss-cert-v01@openssh.com",
  "rsa-sha2-256",
  "rsa-sha2-512",
  "ssh-rsa-cert-v01@openssh.com",
  "rsa-sha2-256-cert-v01@openssh.com",
  "rsa-sha2-512-cert-v01@openssh.com",
  "ssh-dss-cert-v01@openssh.com",
]);

/** Key options in order, a name possibly repeated (`null`: a flag without `=`). */
export type KeyOptions = readonly (readonly [string, string | null])[];

/**
 * One entry of the file: a key, or a line kept as is (`type` `skipped`).
 *
 * @example
 * ```ts
 * const entry: KeyEntry = { id: "AAAAC3…", type: "ssh-ed25519", options: [], comment: "me", rank: 0 };
 * ```
 */
export interface KeyEntry {
  /** The key's base64 (the table's key), or the kept line itself. */
  readonly id: string;
  /** The key type, or `skipped`. */
  readonly type: string;
  /** Its options (empty for skipped lines). */
  readonly options: KeyOptions;
  /** Its comment (`""` when none). */
  readonly comment: string;
  /** Its position: lines keep theirs, new keys go after the old ones. */
  readonly rank: number;
}

/**
 * `parseoptions`: `no-pty,from="a,b"` into ordered pairs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseKeyOptions } from "./authorized_key_keys.ts";
 * assert.deepEqual(parseKeyOptions('no-pty,from="a,b"'), [["no-pty", null], ["from", '"a,b"']]);
 * ```
 */
export function parseKeyOptions(text: string | undefined): KeyOptions {
  if (!text) return [];
  const parts = text.split(/((?:[^,"']|"[^"]*"|'[^']*')+)/).slice(1, -1);
  const options: [string, string | null][] = [];
  for (const part of parts) {
    const eq = part.indexOf("=");
    if (eq >= 0) options.push([part.slice(0, eq), part.slice(eq + 1)]);
    else if (part !== ",") options.push([part, null]);
  }
  return options;
}

/**
 * `parsekey`: a key line into an entry; `undefined` when it names no key
 * type (or has nothing after the type).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseKeyLine } from "./authorized_key_keys.ts";
 * const e = parseKeyLine("no-pty ssh-ed25519 AAAAC3Nz me@host", 0)!;
 * assert.equal(e.type, "ssh-ed25519");
 * assert.equal(e.comment, "me@host");
 * ```
 */
export function parseKeyLine(rawLine: string, rank: number): KeyEntry | undefined {
  const raw = rawLine.replaceAll("\\#", "#");
  const parts = raw.split(/[ \t\r\n]+/).filter((p) => p !== "");
  if (parts[0] === "#") return { id: raw, type: "skipped", options: [], comment: "", rank };
  const at = parts.findIndex((p) => KEY_TYPES.has(p));
  if (at < 0 || at + 1 >= parts.length) return undefined;
  return {
    id: parts[at + 1],
    type: parts[at],
    options: parseKeyOptions(at > 0 ? parts.slice(0, at).join(" ") : undefined),
    comment: parts.slice(at + 2).join(" "),
    rank,
  };
}

/**
 * `parsekeys`: the file's entries by id, in insertion order (a repeated key
 * keeps its first place and its last line's rank, as a Python dict does).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseKeyFile } from "./authorized_key_keys.ts";
 * assert.equal(parseKeyFile("# keys\nssh-rsa AAAA x\n").size, 2);
 * ```
 */
export function parseKeyFile(text: string): Map<string, KeyEntry> {
  const keys = new Map<string, KeyEntry>();
  pySplitlines(text, true).forEach((line, rank) => {
    const entry = parseKeyLine(line, rank) ??
      { id: line, type: "skipped", options: [], comment: "", rank };
    keys.set(entry.id, entry);
  });
  return keys;
}

/**
 * `serialize`: the file's text, entries by rank (ties in table order).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseKeyFile, serializeKeys } from "./authorized_key_keys.ts";
 * assert.equal(serializeKeys(parseKeyFile("ssh-rsa AAAA")), "ssh-rsa AAAA \n");
 * ```
 */
export function serializeKeys(keys: ReadonlyMap<string, KeyEntry>): string {
  const ordered = [...keys.values()].map((e, i) => [e, i] as const)
    .sort((x, y) => x[0].rank - y[0].rank || x[1] - y[1]);
  return ordered.map(([e]) => {
    if (e.type === "skipped") return e.id;
    const options = e.options.length > 0
      ? e.options.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join(",") + " "
      : "";
    return `${options}${e.type} ${e.id} ${e.comment}\n`;
  }).join("");
}

/** Python's `keydict ==`: the same names, each with the same values in order. */
function sameOptions(a: KeyOptions, b: KeyOptions): boolean {
  const group = (o: KeyOptions) => {
    const m = new Map<string, (string | null)[]>();
    for (const [k, v] of o) m.set(k, [...(m.get(k) ?? []), v]);
    return m;
  };
  const ga = group(a);
  const gb = group(b);
  if (ga.size !== gb.size) return false;
  for (const [k, v] of ga) {
    const w = gb.get(k);
    if (!w || w.length !== v.length || v.some((x, i) => x !== w[i])) return false;
  }
  return true;
}

/** What the task asks for. */
export interface KeyRequest {
  /** The `key` text: one key per line (`#` lines and empty lines ignored). */
  readonly key: string;
  /** `present` or `absent`. */
  readonly state: "present" | "absent";
  /** Options replacing each key's own. */
  readonly keyOptions?: string;
  /** A comment replacing each key's own. */
  readonly comment?: string;
  /** Remove every other line (`present` only). */
  readonly exclusive: boolean;
}

/**
 * A new key that is not a key: Ansible's `invalid key specified: …`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InvalidKeyError } from "./authorized_key_keys.ts";
 * assert.equal(new InvalidKeyError("x").message, "invalid key specified: x");
 * ```
 */
export class InvalidKeyError extends Error {
  override name = "InvalidKeyError";
  /** Creates the error for the offending line. */
  constructor(line: string) {
    super(`invalid key specified: ${line}`);
  }
}

/**
 * `enforce_state`'s edit: the new text, and whether it must be written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { editKeys } from "./authorized_key_keys.ts";
 * const edit = editKeys("", { key: "ssh-ed25519 AAAA me", state: "present", exclusive: false });
 * assert.deepEqual(edit, { write: true, text: "ssh-ed25519 AAAA me\n" });
 * ```
 * @throws {InvalidKeyError} when a line of `key` names no key type
 */
export function editKeys(existing: string, request: KeyRequest): { write: boolean; text: string } {
  const keys = parseKeyFile(existing);
  const wanted = pySplitlines(request.key).filter((s) => s && !s.startsWith("#"));
  const maxRank = keys.size;
  const toExist: string[] = [];
  let write = false;
  wanted.forEach((line, rankIndex) => {
    let parsed = parseKeyLine(line, rankIndex);
    if (!parsed) throw new InvalidKeyError(line);
    if (request.keyOptions !== undefined) {
      parsed = { ...parsed, options: parseKeyOptions(request.keyOptions) };
    }
    if (request.comment !== undefined) parsed = { ...parsed, comment: request.comment };
    const old = keys.get(parsed.id);
    let matched = false;
    let mismatch = false;
    if (old) {
      const same = old.type === parsed.type && sameOptions(old.options, parsed.options) &&
        old.comment === parsed.comment;
      if (!same && request.state === "present") mismatch = true;
      else matched = true;
    }
    if (request.state === "present") {
      toExist.push(parsed.id);
      if (mismatch) {
        keys.delete(parsed.id);
        write = true;
      }
      if (!matched) {
        keys.set(parsed.id, { ...parsed, rank: maxRank + parsed.rank });
        write = true;
      }
    } else if (matched) {
      keys.delete(parsed.id);
      write = true;
    }
  });
  if (request.state === "present" && request.exclusive) {
    for (const id of [...keys.keys()]) {
      if (!toExist.includes(id)) {
        keys.delete(id);
        write = true;
      }
    }
  }
  return { write, text: serializeKeys(keys) };
}
