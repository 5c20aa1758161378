/**
 * `ansible-runner process PRIVATE_DATA_DIR [-i IDENT]`: the reference's
 * CLI around its `Processor` (`processor.ts`). It creates the private data
 * dir (0700) and an empty `daemon.log` (0600) as the reference does, prints
 * each event's stdout (tachyon's `-q` silences it), and exits 0 however the
 * job ended — the reference's processor has no rc — or 1 when something
 * fails, a broken artifacts zip typically (the message then goes to
 * `daemon.log`, as the reference's traceback does, and to stderr). Beyond the reference, an `error` status
 * (a broken stream, or one the worker sent) is also told on stderr, a
 * non-plain `--ident` is refused, and a path outside the binary's
 * permission set gets one paragraph naming the allowed roots.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { writeStderr, writeStdout } from "../io/std_text.ts";
import { notCapableMessage, pathAccessRefusal } from "../io/path_access.ts";
import type { ByteSource } from "../io/byte_reader.ts";
import { ArtifactsPayloadError } from "./artifacts_payload.ts";
import { runProcessor } from "./processor.ts";

/** The command's name in messages. */
const COMMAND = "ansible-runner process";

/**
 * The `process` command line.
 *
 * @example
 * ```ts
 * import type { ProcessRequest } from "./process.ts";
 *
 * const request: ProcessRequest = { privateDataDir: "/tmp/job", cwd: "/tmp", ident: "42", quiet: false };
 * ```
 */
export interface ProcessRequest {
  /** The private data dir as given. */
  readonly privateDataDir: string;
  /** The directory a relative private data dir is resolved against. */
  readonly cwd: string;
  /** `-i/--ident`: the artifacts' subdirectory. */
  readonly ident?: string;
  /** `-q/--quiet` (tachyon's): print no event stdout. */
  readonly quiet: boolean;
}

/**
 * A request `process` refuses before reading anything (exit 1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ProcessRequestError } from "./process.ts";
 *
 * assert.equal(new ProcessRequestError("x").name, "ProcessRequestError");
 * ```
 */
export class ProcessRequestError extends Error {
  /** The error name. */
  override name = "ProcessRequestError";
}

/**
 * Runs `process` on `source` (stdin); resolves to the exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runProcess } from "./process.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${pdd}.in`, '{"status": "successful", "runner_ident": "1"}\n{"eof": true}\n');
 * using stdin = await Deno.open(`${pdd}.in`);
 * assert.equal(await runProcess({ privateDataDir: pdd, cwd: "/tmp", ident: "1", quiet: true }, stdin), 0);
 * assert.equal(await Deno.readTextFile(`${pdd}/daemon.log`), "");
 * await Deno.remove(pdd, { recursive: true });
 * await Deno.remove(`${pdd}.in`);
 * ```
 */
export async function runProcess(request: ProcessRequest, source: ByteSource): Promise<number> {
  let daemonLog: string | undefined;
  try {
    const pdd = resolve(request.cwd, request.privateDataDir);
    const refusal = pathAccessRefusal(COMMAND, pdd, "read-write");
    if (refusal !== undefined) throw new ProcessRequestError(refusal);
    checkIdent(request.ident);
    await makePrivateDataDir(pdd);
    daemonLog = join(pdd, "daemon.log");
    await Deno.writeFile(daemonLog, new Uint8Array(), { create: true, append: true, mode: 0o600 });
    await runProcessor({
      source,
      privateDataDir: pdd,
      ident: request.ident,
      quiet: request.quiet,
      print: (text) => writeStdout(`${text}\n`),
      onStatus: (status) => {
        if (status.status !== "error") return;
        writeStderr(`${COMMAND}: error status: ${String(status.job_explanation ?? "")}\n`);
      },
      onWarning: (message) => writeStderr(`${COMMAND}: ${message}\n`),
    });
    return 0;
  } catch (error) {
    if (error instanceof ProcessRequestError) {
      writeStderr(error.message);
      return 1;
    }
    const capability = notCapableMessage(COMMAND, error);
    if (capability !== undefined) {
      writeStderr(capability);
      return 1;
    }
    const text = error instanceof ArtifactsPayloadError
      ? `${COMMAND}: ${error.message}\n`
      : `${COMMAND}: ${error instanceof Error ? `${error.name}: ${error.message}` : error}\n`;
    if (daemonLog !== undefined) await Deno.writeTextFile(daemonLog, text).catch(() => {});
    writeStderr(text);
    return 1;
  }
}

/** A non-empty ident must be one plain path component (the reference joins anything). */
function checkIdent(ident: string | undefined): void {
  if (!ident) return;
  if (ident.includes("/") || ident.includes("\0") || ident === "." || ident === "..") {
    throw new ProcessRequestError(
      `${COMMAND}: --ident ${JSON.stringify(ident)} is not a plain name: the artifacts would ` +
        `not go to <private data dir>/artifacts/<ident>\n`,
    );
  }
}

/** `os.makedirs(pdd, 0o700)`, accepting an existing directory. */
async function makePrivateDataDir(pdd: string): Promise<void> {
  try {
    await Deno.mkdir(pdd, { recursive: true, mode: 0o700 });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) {
      throw new ProcessRequestError(`${COMMAND}: ${pdd} exists and is not a directory\n`);
    }
    throw error;
  }
}
