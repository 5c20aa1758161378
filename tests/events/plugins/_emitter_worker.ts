/**
 * Test support: the worker run as a binary with the emitter permission set
 * (`deno run -P=emitter main.ts worker`, what `deno task compile:emitter`
 * embeds) or the default one, on a job whose private data dir carries
 * `env/settings`, with the moment its stdout's eof arrived and the moment
 * it exited; and the status lines and events of a worker's stdout as the
 * exact text it wrote.
 *
 * @module
 */
import { join } from "node:path";
import { writeTransmitStream } from "../../../src/transmit/transmit_stream.ts";
import { ROOT, withoutDenoNotice } from "../../_support/worker_process.ts";
import { concatBytes } from "../../../src/io/concat_bytes.ts";

/** Deno's module cache of this test run (as tests/_support/worker_process.ts pins it). */
const DENO_DIR = Deno.env.get("DENO_DIR") ??
  join(Deno.env.get("HOME") ?? "/root", ".cache", "deno");
const EOF_LINE = '{"eof": true}\n';

/** A worker run, timed. */
export interface TimedRun {
  /** Exit code. */
  code: number;
  /** stdout as text. */
  stdout: string;
  /** stderr without Deno's config-permissions notice. */
  stderr: string;
  /** `performance.now()` when stdout's eof line arrived (undefined: never). */
  eofAt?: number;
  /** `performance.now()` when the process had exited. */
  exitAt: number;
}

/** Options of {@linkcode runEmitterWorker}. */
export interface EmitterRunOptions {
  /** `emitter` (default) or `default`: the permission set of deno.json. */
  permissions?: "emitter" | "default";
  /** Extra environment. */
  env?: Record<string, string>;
  /** Called once stdout's eof line arrived. */
  onEof?: () => void;
  /** SIGKILL and fail after this long (default 120 s). */
  deadlineMs?: number;
}

/**
 * Runs `worker --private-data-dir=PDD` with `stream` on stdin under a
 * permission set of deno.json.
 *
 * @example
 * ```ts
 * const out = await runEmitterWorker(pdd, stream, { env: { RUNNER_HTTP_URL: url } });
 * ```
 */
export async function runEmitterWorker(
  pdd: string,
  stream: Uint8Array,
  options: EmitterRunOptions = {},
): Promise<TimedRun> {
  const set = options.permissions ?? "emitter";
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      set === "default" ? "-P" : `-P=${set}`,
      "--no-prompt",
      "--quiet",
      join(ROOT, "main.ts"),
      "worker",
      `--private-data-dir=${pdd}`,
    ],
    cwd: "/tmp",
    env: { NO_COLOR: "1", DENO_DIR, ...options.env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const killer = setTimeout(() => child.kill("SIGKILL"), options.deadlineMs ?? 120_000);
  try {
    const writer = child.stdin.getWriter();
    await writer.write(stream).catch(() => {});
    await writer.close().catch(() => {});
    const decoder = new TextDecoder();
    let stdout = "";
    let eofAt: number | undefined;
    const reading = (async () => {
      for await (const chunk of child.stdout) {
        stdout += decoder.decode(chunk, { stream: true });
        if (eofAt === undefined && stdout.endsWith(EOF_LINE)) {
          eofAt = performance.now();
          options.onEof?.();
        }
      }
    })();
    const stderr = new Response(child.stderr).text();
    const status = await child.status;
    const exitAt = performance.now();
    await reading;
    return {
      code: status.code,
      stdout,
      stderr: withoutDenoNotice(await stderr).trim(),
      eofAt,
      exitAt,
    };
  } finally {
    clearTimeout(killer);
  }
}

/**
 * The transmit stream of a job: `kwargs`, and a private data dir made in
 * `dir/src` with `env/settings` = `settings` and `inventory/hosts` = `hosts`
 * (and `project/` files, when given).
 *
 * @example
 * ```ts
 * const stream = await jobStream(dir, { module: "ping", host_pattern: "all" },
 *   { runner_http_url: url }, "localhost ansible_connection=local\n");
 * ```
 */
export async function jobStream(
  dir: string,
  kwargs: Record<string, unknown>,
  settings: Record<string, unknown>,
  hosts: string,
  project: Record<string, string> = {},
): Promise<Uint8Array> {
  const src = join(dir, "src");
  await Deno.mkdir(join(src, "env"), { recursive: true });
  await Deno.mkdir(join(src, "inventory"), { recursive: true });
  await Deno.writeTextFile(join(src, "env", "settings"), JSON.stringify(settings));
  await Deno.writeTextFile(join(src, "inventory", "hosts"), hosts);
  if (Object.keys(project).length > 0) {
    await Deno.mkdir(join(src, "project"), { recursive: true });
    for (const [name, text] of Object.entries(project)) {
      await Deno.writeTextFile(join(src, "project", name), text);
    }
  }
  const chunks: Uint8Array[] = [];
  const sink = {
    writeSync: (bytes: Uint8Array) => (chunks.push(bytes.slice()), bytes.length),
  };
  await writeTransmitStream(sink, kwargs, src, join(dir, "stream.zip"));
  return concatBytes(chunks);
}

/**
 * The status lines and events of a worker's stdout (no keepalive, zipfile,
 * base64 or eof), each exactly as written, without its newline.
 *
 * @example
 * ```ts
 * assert.deepEqual(receiver.requests.map((r) => r.body), pluginLines(out.stdout));
 * ```
 */
export function pluginLines(stdout: string): string[] {
  const lines: string[] = [];
  let pos = 0;
  while (pos < stdout.length) {
    const nl = stdout.indexOf("\n", pos);
    if (nl === -1) throw new Error(`unterminated line at ${pos}`);
    const line = stdout.slice(pos, nl);
    pos = nl + 1;
    const message = JSON.parse(line) as Record<string, unknown>;
    if (typeof message.zipfile === "number") {
      pos += 4 * Math.ceil(message.zipfile / 3);
      continue;
    }
    if (typeof message.event === "string" && message.event !== "keepalive") lines.push(line);
    else if (typeof message.status === "string") lines.push(line);
  }
  return lines;
}

/**
 * `count` local hosts `h1` … for an inventory.
 *
 * @example
 * ```ts
 * const hosts = localHosts(5);
 * ```
 */
export function localHosts(count: number): string {
  return Array.from({ length: count }, (_, i) => `h${i + 1} ansible_connection=local\n`).join("");
}
