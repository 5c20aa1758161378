/**
 * The typed task arguments of `pause` (types only; `task_args.ts` maps the
 * module name to them).
 *
 * @module
 */

/**
 * `pause`: waits on the controller, once per play.
 *
 * @example
 * ```ts
 * import type { PauseTaskArgs } from "./pause_task_args.ts";
 * const args: PauseTaskArgs = { seconds: 10 };
 * ```
 */
export type PauseTaskArgs =
  & (
    | {
      /** Seconds to wait (below 1 waits 1). */ seconds?: number; /** Not with `seconds`. */
      minutes?: never;
    }
    | { /** Minutes to wait. */ minutes?: number; /** Not with `minutes`. */ seconds?: never }
  )
  & {
    /** A prompt (a worker job has no terminal: it does not wait for an answer). */
    prompt?: string;
    /** Show typed input (default true; no effect with a time). */
    echo?: boolean;
  };
