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
 * @module
 */

import type { Document, LineCounter, Node, ScalarTag } from "yaml";
import { loadYaml, yamlModule } from "../../yaml/yaml_module.ts";
import { setOwn } from "./own.ts";
import { pyFloatRepr } from "./python_literal.ts";

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

/**
 * Parses one YAML document with Ansible's (PyYAML, YAML 1.1) semantics.
 * Mappings become `Map`s. Throws {@link DataParseError}.
 *
 * @example
 * ```ts
 * parseYaml("a: yes\nb: 0755\n"); // Map { "a" => true, "b" => 493 }
 * ```
 */
export function parseYaml(text: string, warn?: (message: string) => void): unknown {
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
  return new Converter(doc, lineCounter, warn).convert(doc.contents as Node | null, 0);
}

class Converter {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly warn: ((message: string) => void) | undefined,
  ) {}

  convert(node: Node | null, depth: number): unknown {
    const { isAlias, isMap, isScalar, isSeq } = yamlModule();
    if (depth > 1000) throw new DataParseError("YAML nesting (or alias recursion) is too deep");
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.convert((node.resolve(this.doc) as Node) ?? null, depth + 1);
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
        ? JSON.stringify(toPlain(key))
        : key;
      if (!firstKey.has(id)) firstKey.set(id, key instanceof Map || Array.isArray(key) ? id : key);
      const hashKey = firstKey.get(id);
      if (explicit.has(hashKey)) {
        const pos = keyNode?.range ? this.lines.linePos(keyNode.range[0]) : undefined;
        const where = pos ? `, line ${pos.line}, column ${pos.col}` : "";
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
  return JSON.stringify(toPlain(k));
}

/**
 * Turns `Map`s (recursively) into plain objects, keys stringified like
 * Python's `json.dumps` would.
 *
 * @example
 * ```ts
 * toPlain(new Map([[1, "a"]])); // { "1": "a" }
 * ```
 */
export function toPlain(v: unknown): unknown {
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) {
      setOwn(out, jsonKey(k), toPlain(x));
    }
    return out;
  }
  if (Array.isArray(v)) return v.map(toPlain);
  return v;
}
