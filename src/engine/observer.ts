/**
 * What the engine reports while it runs; the event layer turns these into
 * ansible-runner events.
 *
 * @module
 */
import type { HostOutcome, ModuleResult } from "./types.ts";

/**
 * A play as the engine runs it.
 *
 * @example
 * ```ts
 * import type { PlayInfo } from "./observer.ts";
 * const play: PlayInfo = { uuid: crypto.randomUUID(), name: "Deploy", pattern: "web" };
 * ```
 */
export interface PlayInfo {
  /** Unique id of the play. */
  readonly uuid: string;
  /** The play's name. */
  readonly name: string;
  /** The host pattern it targets. */
  readonly pattern: string;
}

/**
 * A task as the engine runs it.
 *
 * @example
 * ```ts
 * import type { TaskInfo } from "./observer.ts";
 * const task: TaskInfo = {
 *   uuid: crypto.randomUUID(),
 *   name: "Gathering Facts",
 *   action: "setup",
 *   resolvedAction: "ansible.builtin.setup",
 *   ignoreErrors: false,
 *   conditional: false,
 *   handler: false,
 * };
 * ```
 */
export interface TaskInfo {
  /** Unique id of the task. */
  readonly uuid: string;
  /** The task's name (the action when unnamed). */
  readonly name: string;
  /** The module's short name. */
  readonly action: string;
  /** The module's qualified name, or null when unresolved. */
  readonly resolvedAction: string | null;
  /** Failures are ignored. */
  readonly ignoreErrors: boolean;
  /** Whether the task has a per-host condition. */
  readonly conditional: boolean;
  /** Whether the task runs as a handler (`RUNNING HANDLER`). */
  readonly handler: boolean;
  /**
   * Diff mode (`--diff`): a result that carries a `diff` is also reported
   * as the diff Ansible prints. When not given, any result's `diff` is
   * (modules return one only in diff mode).
   */
  readonly diff?: boolean;
}

/**
 * One host's result of one task.
 *
 * @example
 * ```ts
 * import type { HostResultInfo } from "./observer.ts";
 * const result: HostResultInfo = {
 *   host: "web1",
 *   remoteAddr: "10.0.0.1",
 *   outcome: "ok",
 *   result: { ping: "pong" },
 *   start: new Date(),
 *   end: new Date(),
 * };
 * ```
 */
export interface HostResultInfo {
  /** The host's inventory name. */
  readonly host: string;
  /** The address the host was reached at. */
  readonly remoteAddr: string;
  /** How the task ended on the host. */
  readonly outcome: HostOutcome;
  /** The module's result. */
  readonly result: ModuleResult;
  /** When the host started the task. */
  readonly start: Date;
  /** When the host finished the task. */
  readonly end: Date;
}

/**
 * Receives the engine's progress, in order.
 *
 * @example
 * ```ts
 * import type { RunObserver } from "./observer.ts";
 * const quiet: RunObserver = {
 *   playStart() {}, taskStart() {}, hostStart() {}, hostResult() {}, message() {},
 * };
 * ```
 */
export interface RunObserver {
  /** A play starts. */
  playStart(play: PlayInfo): void;
  /** A task starts (not called for ad hoc runs). */
  taskStart(task: TaskInfo, play: PlayInfo | undefined): void;
  /** A task starts on one host. */
  hostStart(task: TaskInfo, host: string): void;
  /** A task ended on one host. */
  hostResult(task: TaskInfo, result: HostResultInfo): void;
  /** A message for the user: plain output, a warning or an error. */
  message(text: string, kind: "verbose" | "warning" | "error"): void;
}
