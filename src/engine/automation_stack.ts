/**
 * An error thrown by automation code, described for its author: the error's
 * name and message, then only the stack frames of the automation's own files
 * (`automation/site.ts:12:9`). tachyon's engine, Deno's internals and npm
 * packages are left out, so the first frame is the author's line; so is
 * whatever called the automation (the frames below
 * {@linkcode callAutomation}).
 *
 * @module
 */

/** The repository root: frames under it are shown relative to it. */
const ROOT = new URL("../../", import.meta.url).href;

/** tachyon's own code: never the author's frame. */
const OWN = [`${ROOT}src/`, `${ROOT}mod.ts`, `${ROOT}main.ts`];

/**
 * One stack frame of automation code.
 *
 * @example
 * ```ts
 * import type { AutomationFrame } from "./automation_stack.ts";
 * const frame: AutomationFrame = { fn: "run", file: "automation/site.ts", line: 12, column: 9 };
 * ```
 */
export interface AutomationFrame {
  /** The function, as V8 names it (`run`, `async Object.run`), if any. */
  readonly fn: string | undefined;
  /** The file: relative to the repository root when under it, else absolute. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** This file's URL: the {@linkcode callAutomation} frame is in it. */
const SELF = import.meta.url;

/**
 * Calls automation code: the frames below this call (the engine's entry
 * and its caller) are not the automation's, and are left out of its stack.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { callAutomation, describeAutomationError } from "./automation_stack.ts";
 * const error = await callAutomation(() => Promise.reject(new Error("boom"))).catch((e) => e);
 * assert.equal(describeAutomationError(error), "Error: boom");
 * ```
 */
export async function callAutomation<T>(body: () => Promise<T>): Promise<T> {
  return await body();
}

/**
 * The frames of `error`'s stack that are automation code, innermost first,
 * down to the {@linkcode callAutomation} that ran it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { automationFrames } from "./automation_stack.ts";
 * const error = new Error("boom");
 * error.stack = "Error: boom\n    at run (file:///work/automation/site.ts:12:9)\n" +
 *   "    at ext:core/01_core.js:10:3";
 * assert.deepEqual(automationFrames(error), [
 *   { fn: "run", file: "/work/automation/site.ts", line: 12, column: 9 },
 * ]);
 * ```
 */
export function automationFrames(error: unknown): AutomationFrame[] {
  if (!(error instanceof Error) || typeof error.stack !== "string") return [];
  const frames: AutomationFrame[] = [];
  for (const text of error.stack.split("\n")) {
    const frame = parseFrame(text);
    if (frame === "boundary") break;
    if (frame) frames.push(frame);
  }
  return frames;
}

/**
 * `Name: message`, then one `    at …` line per automation frame, as V8
 * prints a stack. A thrown non-error is its string.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeAutomationError } from "./automation_stack.ts";
 * const error = new TypeError("play.shel is not a function");
 * error.stack = "TypeError: play.shel is not a function\n" +
 *   "    at Object.run (file:///work/automation/site.ts:7:18)";
 * assert.equal(
 *   describeAutomationError(error),
 *   "TypeError: play.shel is not a function\n    at Object.run (/work/automation/site.ts:7:18)",
 * );
 * assert.equal(describeAutomationError("plain"), "plain");
 * ```
 */
export function describeAutomationError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const lines = automationFrames(error).map((f) =>
    `    at ${f.fn ? `${f.fn} (${location(f)})` : location(f)}`
  );
  return [`${error.name}: ${error.message}`, ...lines].join("\n");
}

/**
 * Where automation code threw: `file:line:column` of its innermost frame.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorLocation } from "./automation_stack.ts";
 * const error = new Error("boom");
 * error.stack = "Error: boom\n    at file:///work/automation/site.ts:3:11";
 * assert.equal(errorLocation(error), "/work/automation/site.ts:3:11");
 * assert.equal(errorLocation(new Error("no frames of automation code")), undefined);
 * ```
 */
export function errorLocation(error: unknown): string | undefined {
  const frame = automationFrames(error)[0];
  return frame ? location(frame) : undefined;
}

function location(frame: AutomationFrame): string {
  return `${frame.file}:${frame.line}:${frame.column}`;
}

/**
 * One `    at fn (url:line:col)` or `    at url:line:col` line, if it is
 * automation code; `"boundary"` for the {@linkcode callAutomation} frame.
 */
function parseFrame(text: string): AutomationFrame | "boundary" | undefined {
  const at = /^\s+at (.+)$/.exec(text);
  if (!at) return undefined;
  const call = /^(.*?) \((.+)\)$/.exec(at[1]);
  const [fn, place] = call ? [call[1], call[2]] : [undefined, at[1]];
  const pos = /^(file:\/\/.+):(\d+):(\d+)$/.exec(place);
  if (!pos) return undefined;
  const url = pos[1];
  if (url === SELF && /\bcallAutomation$/.test(fn ?? "")) return "boundary";
  if (OWN.some((own) => url.startsWith(own)) || isPackage(url)) return undefined;
  const file = url.startsWith(ROOT)
    ? decodeURIComponent(url.slice(ROOT.length))
    : decodeURIComponent(new URL(url).pathname);
  return { fn, file, line: Number(pos[2]), column: Number(pos[3]) };
}

/** npm packages (Deno's cache or a `node_modules` dir) are nobody's own code. */
function isPackage(url: string): boolean {
  return url.includes("/node_modules/") || url.includes("/npm/registry.npmjs.org/");
}
