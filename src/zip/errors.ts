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
 * throw new ZipFormatError("File is not a zip file");
 * ```
 */
export class ZipFormatError extends Error {
  override name = "ZipFormatError";
}

/**
 * A zip entry that would escape (or write through a symlink out of) the
 * target directory: absolute names, `..` components, a path that goes
 * through a symlink. Nothing is written for such an entry.
 *
 * @example
 * ```ts
 * const error = new UnsafeZipEntryError("../x", "it has a '..' component");
 * error.entryName; // "../x"
 * ```
 */
export class UnsafeZipEntryError extends Error {
  override name = "UnsafeZipEntryError";
  /** The offending entry name as stored in the zip. */
  readonly entryName: string;

  /**
   * @param entryName the entry name as stored in the zip
   * @param reason why the entry is refused
   */
  constructor(entryName: string, reason: string) {
    super(`Unsafe zip entry ${JSON.stringify(entryName)}: ${reason}`);
    this.entryName = entryName;
  }
}
