/**
 * Test support: seeded random transmit streams for the fuzz test. Each case
 * is a stream around zero, one or two zips made by a small zip writer here
 * (files stored or deflated, directories, symlinks; names from an alphabet
 * rich in `..`, `/`, `artifacts`, `env`, `.tachyon-…` and paths outside the
 * sandbox), then damaged: truncations, flipped bytes, rewritten header
 * fields, lying `zipfile` sizes, odd kwargs, missing eof.
 *
 * @module
 */
import { deflateRawSync } from "node:zlib";
import { crc32 } from "../../src/zip/crc32.ts";

/** A seeded PRNG (mulberry32): the same seed gives the same cases. */
export class Random {
  #state: number;

  /** Starts from `seed` (any 32-bit integer). */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
}

/** One generated case. */
export interface FuzzCase {
  /** The transmit stream bytes. */
  stream: Uint8Array;
  /** What was done to it (for failure messages). */
  label: string;
  /** How many `zipfile` messages it carries. */
  zips: number;
  /** Small expansion limits for this case, or undefined for the defaults. */
  smallLimits: boolean;
}

interface Entry {
  name: string;
  kind: "file" | "dir" | "symlink";
  data: Uint8Array;
  deflate: boolean;
  mode: number;
}

const encoder = new TextEncoder();

/** Ordinary path components. */
const PLAIN = ["a", "b", "project", "g1", "extravars", "c d", "caf\u00e9"];
/** Components the extractor must refuse or treat with care. */
const RISKY = ["artifacts", "env", "inventory", ".tachyon-agent-1", "..", ".", ""];

function names(random: Random, outside: string): string {
  if (random.chance(0.04)) return `${outside}/${random.pick(["x", "", "../y"])}`;
  const count = 1 + random.int(3);
  const picked = Array.from(
    { length: count },
    () => random.pick(random.chance(0.2) ? RISKY : PLAIN),
  );
  return (random.chance(0.03) ? "/" : random.chance(0.1) ? "./" : "") + picked.join("/");
}

function entries(random: Random, outside: string): Entry[] {
  const list: Entry[] = [];
  const count = random.int(7);
  for (let i = 0; i < count; i++) {
    const kind = random.pick(["file", "file", "file", "dir", "symlink"] as const);
    let name = names(random, outside);
    if (kind === "dir" && !name.endsWith("/")) name += "/";
    let data: Uint8Array = new Uint8Array(0);
    if (kind === "symlink") {
      data = encoder.encode(
        random.pick([outside, `${outside}/sentinel`, "..", "../..", "/", "a", "../a", "x/../.."]),
      );
    } else if (kind === "file") {
      const size = random.pick([0, 1, 10, 100, 5000, 70000]);
      data = random.chance(0.5) ? random.bytes(size) : encoder.encode("z".repeat(size));
    }
    const modes = kind === "dir"
      ? [0o40755, 0o40700, 0o40555, 0]
      : kind === "symlink"
      ? [0o120777]
      : [0o100644, 0o100600, 0o100444, 0o100000, 0];
    list.push({ name, kind, data, deflate: random.chance(0.6), mode: random.pick(modes) });
  }
  if (random.chance(0.15) && list.length > 0) list.push({ ...list[0] }); // a duplicate name
  return list;
}

/** Little-endian header bytes: `[value, width]` pairs. */
function header(fields: [number, 2 | 4][]): Uint8Array {
  const out = new Uint8Array(fields.reduce((n, [, width]) => n + width, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [value, width] of fields) {
    if (width === 2) view.setUint16(at, value & 0xffff, true);
    else view.setUint32(at, value >>> 0, true);
    at += width;
  }
  return out;
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A zip of `list` (UTF-8 names, DOS time 2024-01-02). */
function buildZip(list: Entry[]): Uint8Array {
  const body: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  let centralSize = 0;
  const time = (3 << 11) | (4 << 5) | 3;
  const date = ((2024 - 1980) << 9) | (1 << 5) | 2;
  for (const entry of list) {
    const name = encoder.encode(entry.name);
    const data = entry.deflate ? new Uint8Array(deflateRawSync(entry.data)) : entry.data;
    const method = entry.deflate ? 8 : 0;
    const crc = crc32(entry.data);
    const local = header([
      [0x04034b50, 4],
      [20, 2],
      [0x800, 2],
      [method, 2],
      [time, 2],
      [date, 2],
      [crc, 4],
      [data.length, 4],
      [entry.data.length, 4],
      [name.length, 2],
      [0, 2],
    ]);
    body.push(local, name, data);
    const record = header([
      [0x02014b50, 4],
      [(3 << 8) | 20, 2],
      [20, 2],
      [0x800, 2],
      [method, 2],
      [time, 2],
      [date, 2],
      [crc, 4],
      [data.length, 4],
      [entry.data.length, 4],
      [name.length, 2],
      [0, 2],
      [0, 2],
      [0, 2],
      [0, 2],
      [entry.mode << 16, 4],
      [offset, 4],
    ]);
    central.push(record, name);
    offset += local.length + name.length + data.length;
    centralSize += record.length + name.length;
  }
  const end = header([
    [0x06054b50, 4],
    [0, 2],
    [0, 2],
    [list.length, 2],
    [list.length, 2],
    [centralSize, 4],
    [offset, 4],
    [0, 2],
  ]);
  return concatBytes([...body, ...central, end]);
}

function damageZip(random: Random, zip: Uint8Array, label: string[]): Uint8Array {
  const roll = random.int(10);
  if (roll < 4 || zip.length === 0) return zip;
  if (roll === 4) {
    label.push("zip truncated");
    return zip.slice(0, random.int(zip.length));
  }
  if (roll === 5) {
    label.push("zip with garbage before");
    return concatBytes([random.bytes(random.int(64)), zip]);
  }
  const out = zip.slice();
  if (roll <= 7) {
    const flips = 1 + random.int(8);
    label.push(`${flips} zip bytes flipped`);
    for (let i = 0; i < flips; i++) out[random.int(out.length)] ^= 1 << random.int(8);
    return out;
  }
  // Rewrite a 16- or 32-bit field in the central directory / end record area.
  const tailStart = Math.max(0, out.length - 200);
  const at = tailStart + random.int(Math.max(1, out.length - tailStart - 4));
  const value = random.pick([0, 1, 0xffff, 0xffffffff, 0x7fffffff, random.int(1 << 30)]);
  label.push(`zip field at ${at} = ${value}`);
  const view = new DataView(out.buffer);
  if (random.chance(0.5)) view.setUint16(at, value & 0xffff, true);
  else if (at + 4 <= out.length) view.setUint32(at, value >>> 0, true);
  return out;
}

function kwargsLine(random: Random, label: string[]): string {
  const plain = random.chance(0.95);
  const kwargs = plain
    ? { ident: "fz", module: "ping", host_pattern: "nothing-matches" }
    : random.pick<unknown>([[], "str", 1, null, true, { ident: "a/b" }]);
  if (!plain) label.push(`kwargs ${JSON.stringify(kwargs)}`);
  return JSON.stringify({ kwargs }) + "\n";
}

/**
 * Generates case number `index` of `seed` (independent of the other cases).
 *
 * @example
 * ```ts
 * const { stream, label } = fuzzCase(42, 0, "/tmp/sandbox/outside");
 * ```
 */
export function fuzzCase(seed: number, index: number, outside: string): FuzzCase {
  const random = new Random((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const label: string[] = [];
  const zipCount = random.chance(0.1) ? 2 : random.chance(0.05) ? 0 : 1;
  let text = kwargsLine(random, label);
  for (let z = 0; z < zipCount; z++) {
    const list = entries(random, outside);
    label.push(`zip of ${list.map((e) => `${e.kind}:${JSON.stringify(e.name)}`).join(",")}`);
    const zip = damageZip(random, buildZip(list), label);
    let size: unknown = zip.length;
    if (random.chance(0.1)) {
      size = random.pick<unknown>([
        zip.length + 1 + random.int(9),
        random.int(zip.length + 1),
        -1,
        "7",
        1e300,
      ]);
      label.push(`zipfile size ${JSON.stringify(size)}`);
    }
    let base64 = zip.toBase64();
    if (random.chance(0.05)) {
      base64 = base64.slice(0, 10) + "\n" + base64.slice(10);
      label.push("newline inside the base64");
    }
    text += JSON.stringify({ zipfile: size }) + "\n" + base64;
  }
  if (random.chance(0.05)) {
    text += '{"unknown": 1}\n';
    label.push("an unknown message");
  }
  if (!random.chance(0.05)) text += '{"eof": true}\n';
  else label.push("no eof");
  let stream = encoder.encode(text);
  const roll = random.int(20);
  if (roll === 0) {
    stream = stream.slice(0, random.int(stream.length + 1));
    label.push(`stream truncated to ${stream.length}`);
  } else if (roll === 1 && stream.length > 0) {
    const flips = 1 + random.int(4);
    for (let i = 0; i < flips; i++) stream[random.int(stream.length)] ^= 1 << random.int(8);
    label.push(`${flips} stream bytes flipped`);
  }
  const smallLimits = random.chance(0.2);
  if (smallLimits) label.push("small limits");
  return { stream, label: label.join("; "), zips: zipCount, smallLimits };
}
