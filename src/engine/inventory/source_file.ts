/**
 * Reads an inventory or vars file within {@link MAX_INVENTORY_FILE_BYTES}:
 * only regular files (a FIFO or a device could block or never end), and
 * the read stops when the job's signal aborts.
 *
 * @module
 */

import { InventoryError, InventoryFileTooLargeError } from "./errors.ts";
import { formatLimit, MAX_INVENTORY_FILE_BYTES } from "./limits.ts";

/**
 * The bytes of the file at `path`, whose `stat` is `info`. Throws
 * {@link InventoryFileTooLargeError} over the limit, {@link InventoryError}
 * for anything but a regular file or a failed read, and the signal's reason
 * once `signal` aborts.
 *
 * @example
 * ```ts
 * const bytes = await readSourceFile(path, await Deno.stat(path), signal);
 * ```
 */
export async function readSourceFile(
  path: string,
  info: Deno.FileInfo,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  signal?.throwIfAborted();
  if (!info.isFile) throw new InventoryError(`${path}: not a regular file`);
  if (info.size > MAX_INVENTORY_FILE_BYTES) {
    throw new InventoryFileTooLargeError(
      `${path}: ${info.size} bytes is over tachyon's ${
        formatLimit(MAX_INVENTORY_FILE_BYTES)
      } limit for an inventory or vars file`,
    );
  }
  try {
    return await Deno.readFile(path, { signal });
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw new InventoryError(`${path}: ${(e as Error).message}`, { cause: e });
  }
}
