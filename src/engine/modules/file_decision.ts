/**
 * What the `file` module decided for one path: the result, whether it
 * changes, the sh that makes the change, and the diff, shared by the
 * per-state decisions (`file_paths.ts`, `file_links.ts`) so that each
 * state's rules read on their own.
 *
 * @module
 */
import type { AttrPlan } from "./file_attrs.ts";
import type { ModuleResult } from "../types.ts";

/**
 * What the decision step chose.
 *
 * @example
 * ```ts
 * import type { Decision } from "./file_decision.ts";
 *
 * const unchanged: Decision = { result: { path: "/srv" }, changed: false, infoPath: "/srv" };
 * ```
 */
export interface Decision {
  /** The result without path info. */
  result: ModuleResult;
  /** Whether something changes. */
  changed: boolean;
  /** sh to run when changing (not in check mode). */
  commands?: string;
  /** The path whose info ends the result. */
  infoPath: string;
  /** Diff (when the state has one). */
  diff?: FileDiff;
}

/**
 * A `file` failure: the module reports `msg` and the `extra` fields (and the
 * path's info when `extra` has a `path`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FileFailure } from "./file_decision.ts";
 *
 * const failure = new FileFailure("src does not exist", { dest: "/a", src: "/b" });
 * assert.deepEqual(failure.extra, { dest: "/a", src: "/b" });
 * ```
 */
export class FileFailure extends Error {
  /** The error name. */
  override name = "FileFailure";
  /** Fields added to the failed result. */
  readonly extra: Record<string, unknown>;
  /** A failure saying `message`, with `extra` result fields. */
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.extra = extra;
  }
}

/**
 * The diff of `file`: before and after name the path, and the states when
 * they differ.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initialDiff } from "./file_decision.ts";
 *
 * assert.deepEqual(initialDiff("/a", "directory", "absent"), {
 *   before: { path: "/a", state: "absent" },
 *   after: { path: "/a", state: "directory" },
 * });
 * ```
 */
export function initialDiff(path: string, state: string, prev: string): FileDiff {
  const diff = {
    before: { path } as Record<string, unknown>,
    after: { path } as Record<string, unknown>,
  };
  if (prev !== state) {
    diff.before.state = prev;
    diff.after.state = state;
  }
  return diff;
}

/**
 * A `file` diff: what was and what will be.
 *
 * @example
 * ```ts
 * import type { FileDiff } from "./file_decision.ts";
 *
 * const diff: FileDiff = { before: { path: "/a", mode: "0644" }, after: { path: "/a", mode: "0600" } };
 * ```
 */
export interface FileDiff {
  /** Fields before the change. */
  before: Record<string, unknown>;
  /** Fields after the change. */
  after: Record<string, unknown>;
}

/**
 * Adds an attribute plan's before and after (mode, owner, group) to `diff`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initialDiff, withPlan } from "./file_decision.ts";
 *
 * const diff = initialDiff("/a", "file", "file");
 * assert.equal(withPlan(diff, undefined), diff);
 * ```
 */
export function withPlan(diff: FileDiff, plan: AttrPlan | undefined): FileDiff {
  if (plan) {
    Object.assign(diff.before, plan.before);
    Object.assign(diff.after, plan.after);
  }
  return diff;
}
