/**
 * Ansible's data loader for inventory and vars files: JSON first, then YAML
 * with PyYAML's YAML 1.1 implicit types (`yes`/`on` are booleans, `0755`
 * is octal, `1:30` is sexagesimal, `2024-01-02` a date), merge keys,
 * duplicate keys (last wins, with a warning), and Ansible's `!unsafe` and
 * `!vault` tags.
 *
 * Mappings come back as `Map`s so that key order and key types survive;
 * {@link toPlain} turns them into plain objects for variables.
 *
 * Aliases follow PyYAML: an alias is the very value its anchor built, not a
 * copy, so a small document whose aliases nest (an "alias bomb") costs what
 * its text costs, and {@link toPlain} keeps that sharing. Alias recursion
 * and undefined aliases are errors. YAML text is limited to
 * {@link MAX_YAML_BYTES} (parsing is synchronous and blocks the worker).
 *
 * @module
 */

import type { Alias, LineCounter, Node, ScalarTag } from "yaml";
import { loadYaml, yamlModule } from "../../yaml/yaml_module.ts";
import { formatLimit, MAX_YAML_BYTES } from "./limits.ts";
import { setOwn } from "./own.ts";
import { pyFloatRepr } from "../../python/mod.ts";

/**
 * Data that is not valid JSON/YAML (or uses a feature tachyon lacks).
 *
 * @example
 * ```ts
 * throw new DataParseError("bad indentation of a mapping entry at line 2");
 * ```
 */
export class DataParseError extends Error {
  /**
   * @example
   * ```ts
   * new DataParseError("Parsed empty YAML file");
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "DataParseError";
  }
}

/**
 * YAML text over {@link MAX_YAML_BYTES}.
 *
 * @example
 * ```ts
 * throw new YamlTooLargeError("YAML text of 5000000 bytes is over tachyon's 4 MiB limit");
 * ```
 */
export class YamlTooLargeError extends DataParseError {
  override name = "YamlTooLargeError";
}

/** Most values a complex (list or mapping) key may hold once written out. */
const MAX_COMPLEX_KEY_VALUES = 10_000;

const INT_RE =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP_RE =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
const TIMESTAMP_PARTS =
  /^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?)?$/;

function constructInt(text: string): number {
  let v = text.replaceAll("_", "");
  let sign = 1;
  if (v[0] === "-") sign = -1;
  if (v[0] === "-" || v[0] === "+") v = v.slice(1);
  if (v === "0") return 0;
  if (v.startsWith("0b")) return sign * parseInt(v.slice(2), 2);
  if (v.startsWith("0x")) return sign * parseInt(v.slice(2), 16);
  if (v[0] === "0") return sign * parseInt(v, 8);
  if (v.includes(":")) return sign * sexagesimal(v.split(":").map(Number));
  return sign * Number(v);
}

function constructFloat(text: string): number {
  let v = text.replaceAll("_", "").toLowerCase();
  let sign = 1;
  if (v[0] === "-") sign = -1;
  if (v[0] === "-" || v[0] === "+") v = v.slice(1);
  if (v === ".inf") return sign * Infinity;
  if (v === ".nan") return NaN;
  if (v.includes(":")) return sign * sexagesimal(v.split(":").map(Number));
  return sign * Number(v);
}

function sexagesimal(parts: number[]): number {
  let value = 0;
  for (const p of parts) value = value * 60 + p;
  return value;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** PyYAML's timestamp, rendered as Python's `isoformat()` (what ansible-inventory prints). */
function constructTimestamp(text: string): string {
  const m = TIMESTAMP_PARTS.exec(text);
  if (!m) throw new Error(`invalid timestamp ${text}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCDate() !== day) {
    throw new Error(`day is out of range for month: ${text}`);
  }
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (m[4] === undefined) return date;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (hour > 23 || minute > 59 || second > 59) throw new Error(`invalid time: ${text}`);
  let out = `${date}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`;
  if (m[7]) {
    const micro = Number(m[7].slice(0, 6).padEnd(6, "0"));
    if (micro) out += `.${pad(micro, 6)}`;
  }
  if (m[9]) {
    const h = Number(m[10]);
    const mm = Number(m[11] ?? "0");
    out += (m[9] === "-" && (h || mm) ? "-" : "+") + `${pad(h, 2)}:${pad(mm, 2)}`;
  } else if (m[8] === "Z") {
    out += "+00:00";
  }
  return out;
}

/**
 * Marker object for an Ansible `!vault` value: the encrypted text, in the
 * shape `ansible-inventory --list` prints it (tachyon cannot decrypt it).
 *
 * @example
 * ```ts
 * const v: VaultValue = { __ansible_vault: "$ANSIBLE_VAULT;1.1;AES256\n6132..." };
 * ```
 */
export interface VaultValue {
  /** The vault envelope (`$ANSIBLE_VAULT;1.1;AES256...`). */
  __ansible_vault: string;
}

const TAGS: ScalarTag[] = [
  {
    tag: "tag:yaml.org,2002:null",
    default: true,
    test: /^(?:~|null|Null|NULL|)$/,
    resolve: () => null,
  },
  {
    tag: "tag:yaml.org,2002:bool",
    default: true,
    test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    resolve: (s: string) => /^(?:yes|true|on)$/i.test(s),
  },
  { tag: "tag:yaml.org,2002:int", default: true, test: INT_RE, resolve: constructInt },
  { tag: "tag:yaml.org,2002:float", default: true, test: FLOAT_RE, resolve: constructFloat },
  {
    tag: "tag:yaml.org,2002:timestamp",
    default: true,
    test: TIMESTAMP_RE,
    resolve: constructTimestamp,
  },
  { tag: "!unsafe", resolve: (s: string) => s },
  { tag: "!vault", resolve: (s: string): VaultValue => ({ __ansible_vault: s }) },
  { tag: "!vault-encrypted", resolve: (s: string): VaultValue => ({ __ansible_vault: s }) },
];

function utf8Length(text: string): number {
  // Only texts that could be over the limit are encoded.
  if (text.length * 3 <= MAX_YAML_BYTES) return text.length;
  if (text.length > MAX_YAML_BYTES) return Infinity;
  return new TextEncoder().encode(text).length;
}

/**
 * Parses one YAML document with Ansible's (PyYAML, YAML 1.1) semantics.
 * Mappings become `Map`s; an alias is the same `Map`/array as its anchor.
 * Throws {@link DataParseError} ({@link YamlTooLargeError} over
 * {@link MAX_YAML_BYTES}).
 *
 * @example
 * ```ts
 * parseYaml("a: yes\nb: 0755\n"); // Map { "a" => true, "b" => 493 }
 * ```
 */
export function parseYaml(text: string, warn?: (message: string) => void): unknown {
  const size = utf8Length(text);
  if (size > MAX_YAML_BYTES) {
    throw new YamlTooLargeError(
      `YAML text of ${
        Number.isFinite(size) ? `${size} bytes` : `more than ${MAX_YAML_BYTES} bytes`
      } is over tachyon's ${
        formatLimit(MAX_YAML_BYTES)
      } limit for YAML (parsing it would hold up the worker); write large data as JSON`,
    );
  }
  const { LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    version: "1.1",
    schema: "failsafe",
    customTags: TAGS,
    merge: true,
    uniqueKeys: false,
    logLevel: "silent",
    prettyErrors: true,
  });
  if (doc.errors.length > 0) {
    throw new DataParseError(doc.errors.map((e) => e.message).join("; "));
  }
  for (const w of doc.warnings) warn?.(w.message);
  return new Converter(lineCounter, warn).convert(doc.contents as Node | null, 0);
}

/**
 * Turns the `yaml` package's nodes into values, in document order. Anchors
 * are recorded as they are met (a later `&a` replaces an earlier one for
 * the aliases after it, as the `yaml` package resolves them), so an alias
 * is found in O(1) and gets its anchor's value itself (PyYAML's semantics).
 */
class Converter {
  /** Anchor name → the node that defined it last. */
  readonly #anchors = new Map<string, Node>();
  /** Anchored node → the value built for it, shared by all its aliases. */
  readonly #built = new Map<Node, unknown>();
  /** Anchored nodes being built: an alias to one of them is a recursion. */
  readonly #building = new Set<Node>();

  constructor(
    private readonly lines: LineCounter,
    private readonly warn: ((message: string) => void) | undefined,
  ) {}

  convert(node: Node | null, depth: number): unknown {
    const { isAlias } = yamlModule();
    if (depth > 1000) throw new DataParseError("YAML nesting is too deep");
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.#alias(node);
    const anchor = "anchor" in node ? node.anchor : undefined;
    if (!anchor) return this.#value(node, depth);
    this.#anchors.set(anchor, node);
    this.#building.add(node);
    const value = this.#value(node, depth);
    this.#building.delete(node);
    this.#built.set(node, value);
    return value;
  }

  #alias(alias: Alias): unknown {
    const target = this.#anchors.get(alias.source);
    if (!target) {
      throw new DataParseError(`found undefined alias '${alias.source}'${this.#where(alias)}`);
    }
    if (this.#building.has(target)) {
      throw new DataParseError(
        `alias '${alias.source}'${this.#where(alias)} is inside the node it refers to ` +
          "(recursive data is not supported)",
      );
    }
    return this.#built.get(target);
  }

  #where(node: Node): string {
    const pos = node.range ? this.lines.linePos(node.range[0]) : undefined;
    return pos ? `, line ${pos.line}, column ${pos.col}` : "";
  }

  #value(node: Node, depth: number): unknown {
    const { isMap, isScalar, isSeq } = yamlModule();
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map((n) => this.convert(n as Node, depth + 1));
    if (isMap(node)) return this.#map(node.items, depth);
    return null;
  }

  #map(items: Array<{ key: unknown; value: unknown }>, depth: number): Map<unknown, unknown> {
    const out = new Map<unknown, unknown>();
    const explicit = new Set<unknown>();
    // Python dict keys compare by value (True == 1 == 1.0): the first key
    // object is kept, the last value wins.
    const firstKey = new Map<unknown, unknown>();
    for (const pair of items) {
      const keyNode = pair.key as Node | null;
      if (yamlModule().isScalar(keyNode) && typeof keyNode.value === "symbol") {
        mergeInto(out, explicit, this.convert(pair.value as Node | null, depth + 1));
        continue;
      }
      const key = this.convert(keyNode, depth + 1);
      const id = key === true
        ? 1
        : key === false
        ? 0
        : key instanceof Map || Array.isArray(key)
        ? complexKeyJson(key)
        : key;
      if (!firstKey.has(id)) firstKey.set(id, key instanceof Map || Array.isArray(key) ? id : key);
      const hashKey = firstKey.get(id);
      if (explicit.has(hashKey)) {
        const where = keyNode ? this.#where(keyNode) : "";
        this.warn?.(
          `While constructing a mapping${where}, found a duplicate dict key (${
            String(hashKey)
          }). Using last defined value only.`,
        );
      }
      explicit.add(hashKey);
      out.set(hashKey, this.convert(pair.value as Node | null, depth + 1));
    }
    return out;
  }
}

/**
 * How many values `value` holds once written out as a tree (shared parts
 * counted each time they appear), counting stops past `limit`.
 */
function writtenOutSize(value: unknown, limit: number, memo = new Map<object, number>()): number {
  if (!(value instanceof Map) && !Array.isArray(value)) return 1;
  const known = memo.get(value);
  if (known !== undefined) return known;
  memo.set(value, limit + 1); // a cycle counts as too large
  let size = 1;
  const parts = value instanceof Map ? [...value.keys(), ...value.values()] : value;
  for (const part of parts) {
    size += writtenOutSize(part, limit, memo);
    if (size > limit) break;
  }
  size = Math.min(size, limit + 1);
  memo.set(value, size);
  return size;
}

/** The JSON text of a list or mapping key, refused when it would be huge. */
function complexKeyJson(key: unknown): string {
  if (writtenOutSize(key, MAX_COMPLEX_KEY_VALUES) > MAX_COMPLEX_KEY_VALUES) {
    throw new DataParseError(
      `a mapping key holding more than ${MAX_COMPLEX_KEY_VALUES} values is not supported`,
    );
  }
  return JSON.stringify(toPlain(key));
}

function mergeInto(out: Map<unknown, unknown>, explicit: Set<unknown>, source: unknown): void {
  const sources = Array.isArray(source) ? source : [source];
  for (const s of sources) {
    if (!(s instanceof Map)) throw new DataParseError("Merge sources must be maps or map aliases");
    for (const [k, v] of s) {
      if (!out.has(k) && !explicit.has(k)) out.set(k, v);
    }
  }
}

/**
 * Ansible's `DataLoader.load`: JSON when the text is JSON, otherwise YAML
 * (synchronous: `loadYaml()` must have run; see {@link parseDataAsync}).
 * Whole-file vault envelopes are refused (tachyon has no vault support).
 *
 * @example
 * ```ts
 * parseData('{"a": 1}'); // Map { "a" => 1 }
 * ```
 */
export function parseData(text: string, warn?: (message: string) => void): unknown {
  if (text.startsWith("$ANSIBLE_VAULT;")) {
    throw new DataParseError("vault-encrypted data is not supported (no vault secrets available)");
  }
  try {
    return jsonToMaps(JSON.parse(text));
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
  }
  return parseYaml(text, warn);
}

/**
 * {@link parseData} that loads the YAML parser only when the text is not JSON.
 *
 * @example
 * ```ts
 * await parseDataAsync("a: yes"); // Map { "a" => true }
 * ```
 */
export async function parseDataAsync(
  text: string,
  warn?: (message: string) => void,
): Promise<unknown> {
  if (text.startsWith("$ANSIBLE_VAULT;")) return parseData(text, warn);
  try {
    return jsonToMaps(JSON.parse(text));
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
  }
  await loadYaml();
  return parseYaml(text, warn);
}

/**
 * Parses JSON into the same `Map`-based shape as {@link parseYaml}.
 *
 * @example
 * ```ts
 * parseJson('{"a": [1]}'); // Map { "a" => [1] }
 * ```
 */
export function parseJson(text: string): unknown {
  return jsonToMaps(JSON.parse(text));
}

function jsonToMaps(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonToMaps);
  if (v !== null && typeof v === "object") {
    return new Map(Object.entries(v).map(([k, x]) => [k, jsonToMaps(x)]));
  }
  return v;
}

/**
 * Whether a parsed value is a mapping.
 *
 * @example
 * ```ts
 * isMapping(new Map()); // true
 * ```
 */
export function isMapping(v: unknown): v is Map<unknown, unknown> {
  return v instanceof Map;
}

/**
 * The key `json.dumps` would write for a Python dict key.
 *
 * @example
 * ```ts
 * jsonKey(true); // "true"
 * ```
 */
export function jsonKey(k: unknown): string {
  if (typeof k === "string") return k;
  if (k === null || k === undefined) return "null";
  if (typeof k === "boolean") return k ? "true" : "false";
  if (typeof k === "number") return Number.isInteger(k) ? String(k) : pyFloatRepr(k);
  return complexKeyJson(k);
}

/**
 * Turns `Map`s (recursively) into plain objects, keys stringified like
 * Python's `json.dumps` would. A `Map` or array met several times (YAML
 * aliases) becomes one object or array met as often, so the work is the
 * size of the data, not of the data written out. Pass the same `shared`
 * map to calls on parts of one document (each variable of an inventory),
 * so that a part aliased by many variables is converted once.
 *
 * @example
 * ```ts
 * toPlain(new Map([[1, "a"]])); // { "1": "a" }
 * const shared = new Map<object, unknown>();
 * for (const [k, v] of vars) setVariable(k, toPlain(v, shared));
 * ```
 */
export function toPlain(v: unknown, shared: Map<object, unknown> = new Map()): unknown {
  if (!(v instanceof Map) && !Array.isArray(v)) return v;
  const known = shared.get(v);
  if (known !== undefined) return known;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    shared.set(v, out);
    for (const x of v) out.push(toPlain(x, shared));
    return out;
  }
  const out: Record<string, unknown> = {};
  shared.set(v, out);
  for (const [k, x] of v) setOwn(out, jsonKey(k), toPlain(x, shared));
  return out;
}
