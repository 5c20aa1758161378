/**
 * The library's errors, one class per cause, as ansible-runner's
 * `AnsibleRunnerException` ⊃ `ConfigurationError`, `CallbackError`. A job
 * that runs and fails is not an error: its `Runner` says `failed` (or
 * `timeout`, `canceled`, `error`) with its rc.
 *
 * @module
 */

/**
 * The base of every error the library throws.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunnerConfigError, RunnerError } from "./errors.ts";
 *
 * assert.ok(new RunnerConfigError("x") instanceof RunnerError);
 * ```
 */
export class RunnerError extends Error {
  /** The error name. */
  override name = "RunnerError";
}

/**
 * The options cannot make a job (both a playbook and a module, a role, a
 * private data dir this process may not use, an inventory that does not
 * exist, …); nothing ran.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunnerConfigError } from "./errors.ts";
 *
 * assert.equal(new RunnerConfigError("x").name, "RunnerConfigError");
 * ```
 */
export class RunnerConfigError extends RunnerError {
  /** The error name. */
  override name = "RunnerConfigError";
}

/**
 * A handler or callback threw (`cause` holds what it threw). A throw while
 * the job runs cancels it; the runner's `done` then rejects with this error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunnerCallbackError } from "./errors.ts";
 *
 * const error = new RunnerCallbackError("eventHandler", new Error("boom"));
 * assert.equal(error.message, "Exception in eventHandler: Error: boom");
 * ```
 */
export class RunnerCallbackError extends RunnerError {
  /** The error name. */
  override name = "RunnerCallbackError";
  /** Which handler threw (`eventHandler`, `cancelCallback`, …). */
  readonly handler: string;

  /** Names the handler and what it threw. */
  constructor(handler: string, cause: unknown) {
    super(`Exception in ${handler}: ${describe(cause)}`, { cause });
    this.handler = handler;
  }
}

/**
 * An output of the job is not there (`stdout` with `suppress_output_file`,
 * or before the job started).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunnerOutputError } from "./errors.ts";
 *
 * assert.equal(new RunnerOutputError("stdout missing").name, "RunnerOutputError");
 * ```
 */
export class RunnerOutputError extends RunnerError {
  /** The error name. */
  override name = "RunnerOutputError";
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
