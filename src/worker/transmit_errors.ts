/**
 * How a malformed transmit stream is reported: the reference's texts and the
 * error that carries them to the worker's error status.
 *
 * @module
 */

/**
 * Reference text for an unparseable line or input that ends before `eof`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PARSE_ERROR_EXPLANATION } from "./transmit_errors.ts";
 *
 * assert.equal(PARSE_ERROR_EXPLANATION, "Failed to JSON parse a line from transmit stream.");
 * ```
 */
export const PARSE_ERROR_EXPLANATION = "Failed to JSON parse a line from transmit stream.";
/**
 * Reference text for a zip that cannot be decoded or extracted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EXTRACT_ERROR_EXPLANATION } from "./transmit_errors.ts";
 *
 * assert.equal(EXTRACT_ERROR_EXPLANATION, "Failed to extract private data directory on worker.");
 * ```
 */
export const EXTRACT_ERROR_EXPLANATION = "Failed to extract private data directory on worker.";

/**
 * The transmit stream was malformed; `explanation` is the `job_explanation`
 * to report (the reference's text where it has one), `traceback` its
 * `result_traceback`, if any, and `exitCode` the worker's exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PARSE_ERROR_EXPLANATION, TransmitStreamError } from "./transmit_errors.ts";
 *
 * const error = new TransmitStreamError(PARSE_ERROR_EXPLANATION);
 * assert.equal(error.exitCode, 0);
 * ```
 */
export class TransmitStreamError extends Error {
  /** The error name. */
  override name = "TransmitStreamError";
  /** The `job_explanation` to report. */
  readonly explanation: string;
  /** The `result_traceback` to report (extraction failures only). */
  readonly traceback?: string;
  /** The worker's exit code: 0 as the reference after a malformed stream, 1 for bad kwargs. */
  readonly exitCode: number;

  /** Creates the error. */
  constructor(explanation: string, traceback?: string, exitCode = 0) {
    super(traceback ? `${explanation}\n${traceback}` : explanation);
    this.explanation = explanation;
    this.traceback = traceback;
    this.exitCode = exitCode;
  }
}
