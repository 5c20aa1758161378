/**
 * Test support: runs the real entrypoint (`deno run -P main.ts …`, the exact
 * permission set the compiled binary gets) and the real ansible-runner peer.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT: string = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Deno's module cache of this test run. */
const DENO_DIR = Deno.env.get("DENO_DIR") ??
  join(Deno.env.get("HOME") ?? "/root", ".cache", "deno");

/** Deno's own notice under `deno run -P` (absent from the compiled binary). */
const DENO_NOTICE =
  "Permissions in the config file is an experimental feature and may change in the future.";

/** The outcome of a process run. */
export interface ProcessOutput {
  /** Exit code. */
  code: number;
  /** Raw stdout. */
  stdout: Uint8Array;
  /** stderr without Deno's config-permissions notice. */
  stderr: string;
}

/** Options for {@linkcode runTachyon}. */
export interface RunOptions {
  /** Bytes for stdin. */
  stdin?: Uint8Array;
  /** Extra environment. */
  env?: Record<string, string>;
  /** Working directory (default: a fresh temp dir, so nothing lands in the repo). */
  cwd?: string;
  /** Start from an empty environment (then `env` is all the process gets, plus DENO_DIR). */
  clearEnv?: boolean;
  /**
   * An automation file to run (`TACHYON_AUTOMATION`): only the uncompiled
   * entrypoint loads one from disk, so the process gets the dev permissions
   * (`-P=dev`, as `deno task dev`) instead of the binary's.
   */
  automation?: string;
  /** Another copy of the repository to run (`tests/_support/repo_copy.ts`), for builds with other settings. */
  root?: string;
}

/**
 * Runs `main.ts ARGS` exactly as the binary runs (`deno run -P --no-prompt`).
 *
 * @example
 * ```ts
 * const out = await runTachyon(["--version"]);
 * ```
 */
export async function runTachyon(args: string[], options: RunOptions = {}): Promise<ProcessOutput> {
  const child = tachyonCommand(args, options, options.stdin ? "piped" : "null").spawn();
  if (options.stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(options.stdin).catch(() => {});
    await writer.close().catch(() => {});
  }
  const out = await child.output();
  return { code: out.code, stdout: out.stdout, stderr: cleanStderr(out.stderr) };
}

/**
 * Starts `main.ts ARGS` as the binary runs, writes `stdin` to it and closes
 * it: for the tests that watch or signal the process while it runs.
 *
 * @example
 * ```ts
 * const child = await startTachyon(["worker", `--private-data-dir=${pdd}`], stream);
 * const out = await child.output();
 * ```
 */
export async function startTachyon(
  args: string[],
  stdin: Uint8Array,
  options: RunOptions = {},
): Promise<Deno.ChildProcess> {
  const child = tachyonCommand(args, options).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(stdin);
  await writer.close();
  return child;
}

/**
 * The `Deno.Command` that runs `main.ts ARGS` with the binary's permissions
 * (the dev ones with {@linkcode RunOptions.automation}).
 *
 * @example
 * ```ts
 * const child = tachyonCommand(["worker"], {}, "piped").spawn();
 * ```
 */
export function tachyonCommand(
  args: string[],
  options: RunOptions = {},
  stdin: "piped" | "null" = "piped",
): Deno.Command {
  const permissions = options.automation === undefined ? "-P" : "-P=dev";
  const automation: Record<string, string> = options.automation === undefined
    ? {}
    : { TACHYON_AUTOMATION: options.automation };
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      permissions,
      "--no-prompt",
      "--quiet",
      join(options.root ?? ROOT, "main.ts"),
      ...args,
    ],
    cwd: options.cwd ?? "/tmp",
    // Deno keeps its module cache under $HOME unless DENO_DIR says otherwise; pin
    // it, so a test that points HOME elsewhere sees only what the worker writes.
    env: { NO_COLOR: "1", DENO_DIR, ...automation, ...options.env },
    clearEnv: options.clearEnv,
    stdin,
    stdout: "piped",
    stderr: "piped",
  });
}

/**
 * Removes Deno's config-permissions notice from stderr bytes, and trims.
 *
 * @example
 * ```ts
 * const stderr = cleanStderr(out.stderr);
 * ```
 */
export function cleanStderr(stderr: Uint8Array): string {
  return withoutDenoNotice(new TextDecoder().decode(stderr)).trim();
}

/**
 * `stderr` without the line of Deno's config-permissions notice (nothing
 * else removed, not even white space).
 *
 * @example
 * ```ts
 * assert.equal(withoutDenoNotice(ours.stderr), "");
 * ```
 */
export function withoutDenoNotice(stderr: string): string {
  return stderr.split("\n").filter((l) => !l.includes(DENO_NOTICE)).join("\n");
}

/** The outcome of {@linkcode runTachyonText}: all of it as text. */
export interface TextOutput {
  /** Exit code. */
  code: number;
  /** stdout. */
  stdout: string;
  /** stderr as written (Deno's notice included: see {@linkcode withoutDenoNotice}). */
  stderr: string;
}

/**
 * Runs `main.ts ARGS` as the binary runs, stdin `/dev/null`, and returns its
 * output as text, stderr untouched (for the tests that check stderr to the
 * byte).
 *
 * @example
 * ```ts
 * const out = await runTachyonText(["worker", "--worker-info"], { cwd: ROOT });
 * ```
 */
export async function runTachyonText(
  args: string[],
  options: RunOptions = {},
): Promise<TextOutput> {
  const out = await tachyonCommand(args, options, "null").output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/**
 * Runs a program (the real ansible-runner peer, python, …) and returns its output.
 *
 * @example
 * ```ts
 * const out = await run("/usr/bin/ansible-runner", ["--version"]);
 * ```
 */
export async function run(
  program: string,
  args: string[],
  options: { stdin?: Uint8Array; cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: Uint8Array; stderr: string }> {
  const child = new Deno.Command(program, {
    args,
    cwd: options.cwd ?? "/tmp",
    env: options.env,
    stdin: options.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(options.stdin).catch(() => {});
    await writer.close().catch(() => {});
  }
  const out = await child.output();
  return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
}

/**
 * Splits a worker's stdout into protocol messages: JSON lines, with the base64
 * run after a `zipfile` line kept as `{ base64 }`.
 *
 * @example
 * ```ts
 * const messages = parseStream(out.stdout);
 * ```
 */
export function parseStream(stdout: Uint8Array): Record<string, unknown>[] {
  const text = new TextDecoder().decode(stdout);
  const messages: Record<string, unknown>[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    if (nl === -1) throw new Error(`unterminated line at ${pos}: ${text.slice(pos, pos + 80)}`);
    const line = text.slice(pos, nl);
    const message = JSON.parse(line) as Record<string, unknown>;
    messages.push(message);
    pos = nl + 1;
    if (typeof message.zipfile === "number") {
      const length = 4 * Math.ceil(message.zipfile / 3);
      messages.push({ base64: text.slice(pos, pos + length) });
      pos += length;
    }
  }
  return messages;
}

/** Whether `message` is the planner's decision: a `verbose` event whose text starts with `tachyon: `. */
function isDecision(message: Record<string, unknown>): boolean {
  return message.event === "verbose" && String(message.stdout).startsWith("tachyon: ");
}

/**
 * The planner's decision in a worker's messages: the text of its first event,
 * which must be a `verbose` event starting with `tachyon: `.
 *
 * @example
 * ```ts
 * assert.match(decisionOf(parseStream(out.stdout)), /runs under the EE's Ansible/);
 * ```
 */
export function decisionOf(messages: Record<string, unknown>[]): string {
  const first = messages.find((m) => typeof m.event === "string");
  if (first === undefined || !isDecision(first)) {
    throw new Error(`the first event is not the planner's decision: ${JSON.stringify(first)}`);
  }
  return String(first.stdout);
}

/**
 * A worker's messages without the planner's decision event (the one event
 * tachyon adds to what ansible-runner would send), for comparing with the
 * reference's events.
 *
 * @example
 * ```ts
 * const events = withoutDecision(parseStream(out.stdout)).filter((m) => "event" in m);
 * ```
 */
export function withoutDecision(messages: Record<string, unknown>[]): Record<string, unknown>[] {
  decisionOf(messages);
  return messages.filter((m) => !isDecision(m));
}

/**
 * Makes a temp dir for a test and returns it with a cleanup function.
 *
 * @example
 * ```ts
 * const dir = await tempDir();
 * try { … } finally { await dir.remove(); }
 * ```
 */
export async function tempDir(
  prefix = "tachyon_test_",
): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await Deno.makeTempDir({ prefix, dir: "/tmp" });
  return { path, remove: () => Deno.remove(path, { recursive: true }).catch(() => {}) };
}

/** The real ansible-runner peer (Debian's). */
export const ANSIBLE_RUNNER = "/usr/bin/ansible-runner";

/** Which worker a comparison runs: tachyon's or the real ansible-runner's. */
export type WorkerName = "tachyon" | "ansible-runner";

/**
 * Runs `worker --private-data-dir=PDD` with `stream` on stdin: tachyon's
 * entrypoint with the binary's permissions, or the real ansible-runner.
 *
 * @example
 * ```ts
 * for (const name of ["tachyon", "ansible-runner"] as const) {
 *   const out = await runWorker(name, `${tmp}/w-${name}`, stream);
 * }
 * ```
 */
export function runWorker(
  name: WorkerName,
  pdd: string,
  stream: Uint8Array,
): Promise<{ code: number; stdout: Uint8Array; stderr: string }> {
  const args = ["worker", `--private-data-dir=${pdd}`];
  return name === "tachyon"
    ? runTachyon(args, { stdin: stream })
    : run(ANSIBLE_RUNNER, args, { stdin: stream });
}

/**
 * Runs the real `ansible-runner transmit PDD ARGS` and returns the stream.
 *
 * @example
 * ```ts
 * const stream = await transmit(pdd, ["-p", "site.yml", "-i", "42"]);
 * ```
 */
export async function transmit(pdd: string, args: string[]): Promise<Uint8Array> {
  const out = await run(ANSIBLE_RUNNER, ["transmit", pdd, ...args]);
  if (out.code !== 0) throw new Error(`ansible-runner transmit failed: ${out.stderr}`);
  return out.stdout;
}

/**
 * Pipes `stream` into the real `ansible-runner process DIR` and returns its output.
 *
 * @example
 * ```ts
 * const processed = await processStream(workerStdout, dir, "42");
 * ```
 */
export async function processStream(
  stream: Uint8Array,
  dir: string,
  ident?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await run(ANSIBLE_RUNNER, ["process", dir, ...(ident ? ["--ident", ident] : [])], {
    stdin: stream,
  });
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout), stderr: out.stderr };
}
