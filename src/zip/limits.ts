/**
 * Bounds on how much an archive may expand, so that a zip bomb (a few MiB
 * that inflate to GiBs, ~1000× for deflate) cannot fill the disk: a cap on
 * the total bytes written and a cap on the expansion ratio. Both count the
 * bytes really produced while inflating, never the sizes headers claim
 * (those only allow an early refusal, before anything is written).
 *
 * The ratio is the bytes written so far per compressed byte read so far,
 * over all entries; it applies only once `ratioAfterBytes` were written, so
 * small, highly compressible payloads (a few MiB of logs or zeros) pass.
 * Legitimate content compresses 1–20× (git packs ~1×, text 5–20×).
 *
 * @module
 */

import { ZipLimitError } from "./errors.ts";

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

/**
 * The expansion limits of an extraction; 0 turns a limit off.
 *
 * @example
 * ```ts
 * const limits: ExpansionLimits = { maxBytes: 8 * 2 ** 30, maxRatio: 200, ratioAfterBytes: 2 ** 27 };
 * ```
 */
export interface ExpansionLimits {
  /** The most bytes all entries may expand to, in total. */
  maxBytes: number;
  /** The most bytes written per compressed byte read. */
  maxRatio: number;
  /** The ratio is checked only once this many bytes were written. */
  ratioAfterBytes: number;
}

/**
 * The defaults: 4 GiB in total (an AWX project with its git history is
 * hundreds of MiB), and 200× past the first 128 MiB (text compresses
 * 5–20×, a deflate bomb ~1000×).
 *
 * @example
 * ```ts
 * const limits = { ...DEFAULT_EXPANSION_LIMITS, maxBytes: 16 * 2 ** 30 };
 * ```
 */
export const DEFAULT_EXPANSION_LIMITS: Readonly<ExpansionLimits> = Object.freeze({
  maxBytes: 4 * GIB,
  maxRatio: 200,
  ratioAfterBytes: 128 * MIB,
});

/**
 * Counts what extractions write against {@linkcode ExpansionLimits}; one
 * budget can span several archives (all payloads of one transmit stream).
 *
 * @example
 * ```ts
 * const budget = new ExpansionBudget(DEFAULT_EXPANSION_LIMITS);
 * budget.consume(1024); // compressed bytes about to be inflated
 * budget.produce(4096); // bytes they became; throws ZipLimitError past a limit
 * ```
 */
export class ExpansionBudget {
  /** The limits this budget enforces. */
  readonly limits: Readonly<ExpansionLimits>;
  #written = 0;
  #read = 0;

  /** A budget with nothing counted yet. */
  constructor(limits: Readonly<ExpansionLimits> = DEFAULT_EXPANSION_LIMITS) {
    this.limits = limits;
  }

  /** Bytes written so far. */
  get written(): number {
    return this.#written;
  }

  /** Counts `bytes` of compressed (or stored) input about to be expanded. */
  consume(bytes: number): void {
    this.#read += bytes;
  }

  /**
   * Counts `bytes` of output.
   *
   * @throws {ZipLimitError} when the total or the ratio goes past its limit
   */
  produce(bytes: number): void {
    this.#written += bytes;
    this.#check(this.#written, this.#read);
  }

  /**
   * Refuses early, before anything is written, an archive of `archiveBytes`
   * whose entries claim to expand to `declaredBytes`.
   *
   * @throws {ZipLimitError} when the claimed sizes already go past a limit
   */
  checkDeclared(declaredBytes: number, archiveBytes: number): void {
    this.#check(this.#written + declaredBytes, this.#read + archiveBytes);
  }

  #check(written: number, read: number): void {
    const { maxBytes, maxRatio, ratioAfterBytes } = this.limits;
    if (maxBytes > 0 && written > maxBytes) {
      throw new ZipLimitError(
        "size",
        maxBytes,
        `The archive expands to more than ${formatBytes(maxBytes)}`,
      );
    }
    if (maxRatio > 0 && written > ratioAfterBytes && written > maxRatio * Math.max(read, 1)) {
      throw new ZipLimitError(
        "ratio",
        maxRatio,
        `Past ${formatBytes(ratioAfterBytes)}, the archive expands more than ${maxRatio} ` +
          `times its compressed size (${formatBytes(written)} from ${formatBytes(read)})`,
      );
    }
  }
}

const UNITS: Record<string, number> = { "": 1, K: KIB, M: MIB, G: GIB, T: 1024 * GIB };

/**
 * Parses a byte count: digits with an optional binary unit `K`, `M`, `G` or
 * `T` (`KiB`, `KB`, `k` are read alike). Returns `undefined` for anything
 * else.
 *
 * @example
 * ```ts
 * parseByteSize("4G"); // 4294967296
 * parseByteSize("512 MiB"); // 536870912
 * parseByteSize("lots"); // undefined
 * ```
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!match) return undefined;
  const value = Math.floor(Number(match[1]) * UNITS[match[2].toUpperCase()]);
  return Number.isSafeInteger(value) ? value : undefined;
}

const DISPLAY_UNITS: [string, number][] = [
  ["TiB", 1024 * GIB],
  ["GiB", GIB],
  ["MiB", MIB],
  ["KiB", KIB],
];

/**
 * A byte count for people: the largest binary unit that keeps it ≥ 1.
 *
 * @example
 * ```ts
 * formatBytes(4 * 2 ** 30); // "4 GiB"
 * formatBytes(1536); // "1.5 KiB"
 * ```
 */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of DISPLAY_UNITS) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/**
 * The environment variables that override {@linkcode DEFAULT_EXPANSION_LIMITS}
 * in the execution environment (each takes a byte count such as `8G`, or a
 * factor for the ratio; `0` turns that limit off).
 *
 * @example
 * ```ts
 * Deno.env.get(EXPANSION_LIMIT_ENV.maxBytes); // e.g. "8G"
 * ```
 */
export const EXPANSION_LIMIT_ENV: Readonly<Record<keyof ExpansionLimits, string>> = Object
  .freeze({
    maxBytes: "TACHYON_UNZIP_MAX_BYTES",
    maxRatio: "TACHYON_UNZIP_MAX_RATIO",
    ratioAfterBytes: "TACHYON_UNZIP_RATIO_AFTER_BYTES",
  });

/**
 * An {@linkcode EXPANSION_LIMIT_ENV} variable holds no valid value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExpansionLimitSettingError } from "./limits.ts";
 *
 * const error = new ExpansionLimitSettingError("TACHYON_UNZIP_MAX_BYTES", "lots");
 * assert.equal(error.name, "ExpansionLimitSettingError");
 * assert.match(error.message, /^TACHYON_UNZIP_MAX_BYTES="lots" is not a valid limit/);
 * ```
 */
export class ExpansionLimitSettingError extends Error {
  /** The error name. */
  override name = "ExpansionLimitSettingError";

  /**
   * Builds the message from the variable and its value.
   *
   * @param variable the variable's name
   * @param value its value
   */
  constructor(variable: string, value: string) {
    super(
      `${variable}=${JSON.stringify(value)} is not a valid limit: give a whole number ` +
        `(bytes may take a K, M, G or T suffix), or 0 for no limit`,
    );
  }
}

/**
 * The limits in force: the defaults, overridden by the
 * {@linkcode EXPANSION_LIMIT_ENV} variables that `read` returns.
 *
 * @throws {ExpansionLimitSettingError} for a value that is not a number
 *
 * @example
 * ```ts
 * const limits = expansionLimitsFrom((name) => Deno.env.get(name));
 * ```
 */
export function expansionLimitsFrom(
  read: (variable: string) => string | undefined,
): ExpansionLimits {
  const limits: ExpansionLimits = { ...DEFAULT_EXPANSION_LIMITS };
  for (const key of Object.keys(EXPANSION_LIMIT_ENV) as (keyof ExpansionLimits)[]) {
    const variable = EXPANSION_LIMIT_ENV[key];
    const text = read(variable);
    if (text === undefined || text.trim() === "") continue;
    const value = key === "maxRatio" ? parseRatio(text) : parseByteSize(text);
    if (value === undefined) throw new ExpansionLimitSettingError(variable, text);
    limits[key] = value;
  }
  return limits;
}

function parseRatio(text: string): number | undefined {
  if (!/^\s*\d+(?:\.\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}
