/**
 * The error every inventory loader throws.
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
