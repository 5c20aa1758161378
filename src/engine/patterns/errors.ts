/**
 * The error host pattern evaluation throws.
 *
 * @module
 */

/**
 * A host pattern or `--limit` that Ansible rejects: a bad regex, a
 * subscript past the end of the matches, a missing `@file`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HostPatternError } from "./errors.ts";
 *
 * const err = new HostPatternError("No hosts matched the subscripted pattern 'web[9]'");
 * assert.equal(err.name, "HostPatternError");
 * ```
 */
export class HostPatternError extends Error {
  /**
   * Makes the error from Ansible's message for the rejected pattern.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { HostPatternError } from "./errors.ts";
   *
   * const err = new HostPatternError("Invalid host list pattern: ~[");
   * assert.equal(err.message, "Invalid host list pattern: ~[");
   * ```
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "HostPatternError";
  }
}
