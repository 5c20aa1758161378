/**
 * The errors of the data loader (`yaml_data.ts`): data that is not valid
 * JSON/YAML, and YAML text too large to parse without holding up the
 * worker. A file of their own so that the loader's parts can throw them
 * without importing each other.
 *
 * @module
 */

/**
 * Data that is not valid JSON/YAML (or uses a feature tachyon lacks).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataParseError } from "./data_parse_error.ts";
 *
 * const error = new DataParseError("bad indentation of a mapping entry at line 2");
 * assert.equal(error.name, "DataParseError");
 * ```
 */
export class DataParseError extends Error {
  /**
   * An error saying `message`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { DataParseError } from "./data_parse_error.ts";
   *
   * assert.equal(new DataParseError("Parsed empty YAML file").message, "Parsed empty YAML file");
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "DataParseError";
  }
}

/**
 * YAML text over {@link MAX_YAML_BYTES}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataParseError, YamlTooLargeError } from "./data_parse_error.ts";
 *
 * const error = new YamlTooLargeError("YAML text of 5000000 bytes is over tachyon's 4 MiB limit");
 * assert.ok(error instanceof DataParseError);
 * assert.equal(error.name, "YamlTooLargeError");
 * ```
 */
export class YamlTooLargeError extends DataParseError {
  /** The error name. */
  override name = "YamlTooLargeError";
}
