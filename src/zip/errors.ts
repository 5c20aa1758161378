/**
 * Errors raised by the zip layer.
 *
 * @module
 */

/**
 * The data is not a readable zip (or base64) stream: bad signature, truncated
 * archive, corrupt entry, bad CRC, unsupported method or bad base64 padding.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ZipFormatError } from "./errors.ts";
 *
 * const error = new ZipFormatError("File is not a zip file");
 * assert.equal(error.name, "ZipFormatError");
 * ```
 */
export class ZipFormatError extends Error {
  /** The error name. */
  override name = "ZipFormatError";
}

/**
 * A zip entry that would escape (or write through a symlink out of) the
 * target directory: absolute names, `..` components, a path that goes
 * through a symlink. Nothing is written for such an entry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UnsafeZipEntryError } from "./errors.ts";
 *
 * const error = new UnsafeZipEntryError("../x", "it has a '..' component");
 * assert.equal(error.entryName, "../x");
 * ```
 */
export class UnsafeZipEntryError extends Error {
  /** The error name. */
  override name = "UnsafeZipEntryError";
  /** The offending entry name as stored in the zip. */
  readonly entryName: string;

  /**
   * Builds the message from the entry name and the reason.
   *
   * @param entryName the entry name as stored in the zip
   * @param reason why the entry is refused
   */
  constructor(entryName: string, reason: string) {
    super(`Unsafe zip entry ${JSON.stringify(entryName)}: ${reason}`);
    this.entryName = entryName;
  }
}

/**
 * Extracted symlinks could not be created (they are made by `ln -s` through
 * `/bin/sh`, because `Deno.symlink` needs unscoped permissions).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SymlinkError } from "./errors.ts";
 *
 * const error = new SymlinkError("Cannot create symlinks: ln: ...: File exists");
 * assert.equal(error.name, "SymlinkError");
 * ```
 */
export class SymlinkError extends Error {
  /** The error name. */
  override name = "SymlinkError";
}

/**
 * Which expansion limit an archive went past: `"size"`, the total bytes all
 * entries expand to, or `"ratio"`, the bytes written per compressed byte read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ExpansionLimitKind } from "./errors.ts";
 *
 * const which: ExpansionLimitKind = "ratio";
 * assert.equal(which, "ratio");
 * ```
 */
export type ExpansionLimitKind = "size" | "ratio";

/**
 * An archive expanded past one of its expansion limits (`limits.ts`): the
 * extraction stopped there and removed what it had written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ZipLimitError } from "./errors.ts";
 *
 * const error = new ZipLimitError("size", 4 * 2 ** 30, "expands to more than 4 GiB");
 * assert.equal(error.limit, "size");
 * ```
 */
export class ZipLimitError extends Error {
  /** The error name. */
  override name = "ZipLimitError";
  /** The limit that was reached. */
  readonly limit: ExpansionLimitKind;
  /** Its value: bytes for `"size"`, a factor for `"ratio"`. */
  readonly value: number;

  /**
   * Builds the error.
   *
   * @param limit the limit that was reached
   * @param value its value
   * @param message what happened
   */
  constructor(limit: ExpansionLimitKind, value: number, message: string) {
    super(message);
    this.limit = limit;
    this.value = value;
  }
}
