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
 * throw new HostPatternError("No hosts matched the subscripted pattern 'web[9]'");
 * ```
 */
export class HostPatternError extends Error {
  /**
   * @example
   * ```ts
   * new HostPatternError("Invalid host list pattern: ~[");
   * ```
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "HostPatternError";
  }
}
