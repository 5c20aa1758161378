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
 * This file parses and turns YAML nodes into values; `yaml_scalars.ts`
 * holds the implicit scalar types and tags, `plain_data.ts` turns `Map`s
 * into plain objects, `data_parse_error.ts` the errors.
 *
 * @module
 */

import type { Alias, LineCounter, Node } from "yaml";
import { loadYaml, yamlModule } from "../../yaml/yaml_module.ts";
import { DataParseError, YamlTooLargeError } from "./data_parse_error.ts";
import { formatLimit, MAX_YAML_BYTES } from "./limits.ts";
import { complexKeyJson } from "./plain_data.ts";
import { YAML_1_1_TAGS } from "./yaml_scalars.ts";

export { DataParseError, YamlTooLargeError } from "./data_parse_error.ts";
export { isMapping, jsonKey, toPlain } from "./plain_data.ts";
export type { VaultValue } from "./yaml_scalars.ts";

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
 * import assert from "node:assert/strict";
 * import { loadYaml } from "../../yaml/yaml_module.ts";
 * import { parseYaml } from "./yaml_data.ts";
 *
 * await loadYaml();
 * assert.deepEqual(parseYaml("a: yes\nb: 0755\n"), new Map<string, unknown>([["a", true], ["b", 493]]));
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
    customTags: YAML_1_1_TAGS,
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
 * import assert from "node:assert/strict";
 * import { parseData } from "./yaml_data.ts";
 *
 * assert.deepEqual(parseData('{"a": 1}'), new Map([["a", 1]]));
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
 * import assert from "node:assert/strict";
 * import { parseDataAsync } from "./yaml_data.ts";
 *
 * assert.deepEqual(await parseDataAsync("a: yes"), new Map([["a", true]]));
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
 * import assert from "node:assert/strict";
 * import { parseJson } from "./yaml_data.ts";
 *
 * assert.deepEqual(parseJson('{"a": [1]}'), new Map([["a", [1]]]));
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
