/**
 * The errors inventory loaders throw.
 *
 * @module
 */

/**
 * An inventory source could not be read or parsed. The message names the
 * source (a path, often with `:line`) and the problem.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InventoryError } from "./errors.ts";
 *
 * const err = new InventoryError("/runner/inventory/hosts:3: Expected key=value, got: x");
 * assert.equal(err.name, "InventoryError");
 * assert.ok(err instanceof Error);
 * ```
 */
export class InventoryError extends Error {
  /**
   * Makes the error from a message that names the source and the problem.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { InventoryError } from "./errors.ts";
   *
   * const cause = new Error("ENOENT");
   * const err = new InventoryError("/tmp/inv: does not exist", { cause });
   * assert.equal(err.message, "/tmp/inv: does not exist");
   * assert.equal(err.cause, cause);
   * ```
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InventoryError";
  }
}

/**
 * An inventory or vars file over tachyon's size limit (see `limits.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InventoryError, InventoryFileTooLargeError } from "./errors.ts";
 *
 * const err = new InventoryFileTooLargeError(
 *   "/runner/inventory/hosts: 300 MiB is over the 256 MiB limit",
 * );
 * assert.equal(err.name, "InventoryFileTooLargeError");
 * assert.ok(err instanceof InventoryError);
 * ```
 */
export class InventoryFileTooLargeError extends InventoryError {
  /**
   * The class name, as error reports print it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { InventoryFileTooLargeError } from "./errors.ts";
   *
   * assert.equal(new InventoryFileTooLargeError("x").name, "InventoryFileTooLargeError");
   * ```
   */
  override name = "InventoryFileTooLargeError";
}

/**
 * An inventory script that failed to run or printed something unusable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ScriptInventoryError } from "./errors.ts";
 *
 * const err = new ScriptInventoryError(
 *   "Inventory script (/runner/inventory/hosts) had an execution error: boom",
 * );
 * assert.equal(err.name, "ScriptInventoryError");
 * ```
 */
export class ScriptInventoryError extends Error {
  /**
   * Makes the error from a message that names the script and what went wrong.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ScriptInventoryError } from "./errors.ts";
   *
   * const err = new ScriptInventoryError("failed to parse executable inventory script results");
   * assert.equal(err.message, "failed to parse executable inventory script results");
   * ```
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ScriptInventoryError";
  }
}
