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
 * throw new InventoryError("/runner/inventory/hosts:3: Expected key=value, got: x");
 * ```
 */
export class InventoryError extends Error {
  /**
   * @example
   * ```ts
   * new InventoryError("/tmp/inv: does not exist");
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
 * throw new InventoryFileTooLargeError("/runner/inventory/hosts: 300 MiB is over the 256 MiB limit");
 * ```
 */
export class InventoryFileTooLargeError extends InventoryError {
  override name = "InventoryFileTooLargeError";
}

/**
 * An inventory script that failed to run or printed something unusable.
 *
 * @example
 * ```ts
 * throw new ScriptInventoryError("Inventory script (/runner/inventory/hosts) had an execution error: boom");
 * ```
 */
export class ScriptInventoryError extends Error {
  /**
   * @example
   * ```ts
   * new ScriptInventoryError("failed to parse executable inventory script results");
   * ```
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ScriptInventoryError";
  }
}
