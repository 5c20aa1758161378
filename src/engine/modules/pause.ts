/**
 * `pause`: waits `seconds` or `minutes` on the controller, as Ansible's
 * action plugin does. A worker job has no terminal, so a `prompt` without a
 * time does not wait (Ansible's non-interactive case: `user_input` is
 * empty). The result keys are Ansible's: `start`, `stop`, `delta`,
 * `stdout` (`Paused for 1.0 seconds`), `user_input`, `echo`, `rc`,
 * `stderr`. Ansible runs it once per play, not once per host
 * (`BYPASS_HOST_LOOP`): the module says so with `runOnce`, for the executor.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import type { ModuleResult } from "../types.ts";

/** Arguments of `pause`. */
export interface PauseArgs {
  /** How long to wait, in seconds (from `seconds`, or `minutes` × 60); none: the prompt case. */
  seconds?: number;
  /** The unit `stdout` reports in. */
  unit: "seconds" | "minutes";
  /** The prompt text (shown only on a terminal, which a worker job lacks). */
  prompt?: string;
  /** Show typed input (no effect with a time). */
  echo: boolean;
}

/**
 * The action validates its arguments and fails with Ansible's text, which
 * the module argument errors already have (`argument 'seconds' is of type …`).
 */
function pythonInt(a: ArgReader, name: string): number | undefined {
  const v = a.values[name];
  if (v === undefined) return undefined;
  if (typeof v === "number" && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  const text = String(v).trim();
  if (/^[+-]?\d+(_\d+)*$/.test(text)) return Number(text.replaceAll("_", ""));
  const type = typeof v === "string" ? "<class 'str'>" : "<class 'float'>";
  throw a.error(
    `argument '${name}' is of type ${type} and we were unable to convert to int: ` +
      `invalid literal for int() with base 10: '${String(v)}'`,
  );
}

/**
 * Python's `str(datetime.datetime.now())`: local time, microseconds unless zero.
 *
 * @example
 * ```ts
 * pythonNow(new Date(2026, 0, 2, 3, 4, 5, 6)); // "2026-01-02 03:04:05.006000"
 * ```
 */
export function pythonNow(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const base = `${p(date.getFullYear(), 4)}-${p(date.getMonth() + 1)}-${p(date.getDate())} ` +
    `${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
  const ms = date.getMilliseconds();
  return ms === 0 ? base : `${base}.${p(ms * 1000, 6)}`;
}

/**
 * Python's `str(round(x, 2))`: `1.0`, `0.02`, `12.35`.
 *
 * @example
 * ```ts
 * pythonRound2(1.0042); // "1.0"
 * ```
 */
export function pythonRound2(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Number.isInteger(r) ? `${r}.0` : String(r);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The `pause` module. `runOnce: true` tells the executor to run it for the
 * play's first host only, as Ansible does.
 *
 * @example
 * ```ts
 * await play.task("pause", { seconds: 5 });
 * ```
 */
export const pauseModule: ModuleDefinition<PauseArgs> = {
  name: "pause",
  fqcn: "ansible.builtin.pause",
  controllerOnly: true,
  supportsCheckMode: true,
  runOnce: true,
  parseArgs(input) {
    const a = ArgReader.from("pause", input, [
      { name: "echo" },
      { name: "minutes" },
      { name: "seconds" },
      { name: "prompt" },
    ]);
    a.exclusive("minutes", "seconds");
    const echo = a.bool("echo", true);
    const minutes = pythonInt(a, "minutes");
    const seconds = pythonInt(a, "seconds");
    if (minutes !== undefined) {
      return { seconds: minutes * 60, unit: "minutes", echo, ...prompt(a) };
    }
    return { seconds, unit: seconds === undefined ? "minutes" : "seconds", echo, ...prompt(a) };
  },
  async run(ctx, args) {
    const start = performance.now();
    const result: ModuleResult = {
      changed: false,
      rc: 0,
      stderr: "",
      stdout: "",
      start: pythonNow(new Date()),
      stop: null,
      delta: null,
      echo: args.echo,
    };
    if (args.seconds !== undefined) {
      await sleep(Math.max(1, args.seconds) * 1000, ctx.signal);
    }
    const duration = (performance.now() - start) / 1000;
    result.stop = pythonNow(new Date());
    result.delta = Math.trunc(duration);
    result.stdout = `Paused for ${
      pythonRound2(args.unit === "minutes" ? duration / 60 : duration)
    } ${args.unit}`;
    result.user_input = "";
    return result;
  },
};

function prompt(a: ArgReader): { prompt?: string } {
  const text = a.string("prompt");
  return text === undefined ? {} : { prompt: text };
}
