/**
 * `ansible-runner transmit PRIVATE_DATA_DIR …`: checks the options as the
 * reference's `main` does (same messages, exit 1), prepares the private
 * data dir as its `role_manager` and `dump_artifacts` do (the role's
 * playbook, `env/cmdline`), then writes the transmit stream on stdout and
 * exits 0. A path outside the binary's permission set is refused with one
 * paragraph naming the allowed roots (`src/io/path_access.ts`). SIGINT and SIGTERM
 * stop it (exit 130, 143) after removing what it wrote; the reference
 * ignores them until it is done.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { writeStderr } from "../io/std_text.ts";
import type { SyncWriter } from "../worker/protocol_writer.ts";
import { dumpCmdline } from "./env_cmdline.ts";
import { notCapableMessage, pathAccessRefusal } from "../io/path_access.ts";
import { type RolePlaybook, RoleVarsError, writeRolePlaybook } from "./role_playbook.ts";
import { relativeInside, validInventory } from "./transmit_paths.ts";
import { transmitKwargs } from "./transmit_kwargs.ts";
import type { TransmitRequest } from "./transmit_request.ts";
import { writeTransmitStream } from "./transmit_stream.ts";

export type { TransmitRequest } from "./transmit_request.ts";

/** The command's name in messages. */
const COMMAND = "ansible-runner transmit";

/**
 * The options are inconsistent or name something unusable; `message` is
 * what the reference prints on stderr (with its newline), and the exit code
 * is 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TransmitUsageError } from "./transmit.ts";
 *
 * assert.equal(new TransmitUsageError("x\n").name, "TransmitUsageError");
 * ```
 */
export class TransmitUsageError extends Error {
  /** The error name. */
  override name = "TransmitUsageError";
}

/**
 * The reference's checks of `run`/`start`/`transmit` modes, in its order:
 * `--hosts` needs `-m` or `-r`; one of `-p`, `-m`, `-r` is needed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkTransmitModes, TransmitUsageError } from "./transmit.ts";
 *
 * assert.throws(() => checkTransmitModes({ hosts: "web", playbook: "site.yml" }), TransmitUsageError);
 * checkTransmitModes({ module: "ping", hosts: "web" }); // fine
 * ```
 */
export function checkTransmitModes(
  request: Pick<TransmitRequest, "hosts" | "module" | "role" | "playbook">,
): void {
  if (request.hosts && !(request.module || request.role)) {
    throw new TransmitUsageError("The --hosts option can only be used with -m or -r\n");
  }
  if (!(request.module || request.role) && !request.playbook) {
    throw new TransmitUsageError("The -p option must be specified when not using -m or -r\n");
  }
}

/**
 * 2.4's check of `--inventory`: the absolute path of an existing file or
 * directory (as given, or under `<pdd>/inventory/`), or the reference's
 * message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveInventory, TransmitUsageError } from "./transmit.ts";
 *
 * assert.equal(resolveInventory({ privateDataDir: "/tmp/x", cwd: "/tmp" }), undefined);
 * assert.throws(
 *   () => resolveInventory({ privateDataDir: "/tmp/x", cwd: "/tmp", inventory: "/nonexistent" }),
 *   TransmitUsageError,
 * );
 * ```
 */
export function resolveInventory(
  request: Pick<TransmitRequest, "privateDataDir" | "cwd" | "inventory">,
): string | undefined {
  if (!request.inventory) return undefined;
  const inventory = validInventory(request.privateDataDir, request.inventory, request.cwd);
  if (inventory === undefined) {
    throw new TransmitUsageError("Value for --inventory does not appear to be a valid path.\n");
  }
  return inventory;
}

/**
 * Runs `transmit` for `request`, writing the stream to `sink` (stdout) and
 * messages to stderr; resolves to the exit code (0, or 1 after a message).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runTransmit } from "./transmit.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * let text = "";
 * const sink = { writeSync: (p: Uint8Array) => (text += new TextDecoder().decode(p), p.length) };
 * const code = await runTransmit({
 *   privateDataDir: pdd, cwd: "/tmp", ident: "7", module: "ping", hosts: "localhost",
 *   quiet: false, json: false, rotateArtifacts: 0, omitEventData: false,
 *   onlyFailedEventData: false, suppressEnvFiles: false, roleSkipFacts: false,
 * }, sink);
 * assert.equal(code, 0);
 * assert.ok(text.startsWith('{"kwargs": {"ident": "7", "binary": null, "playbook": null, "module": "ping"'));
 * assert.ok(text.endsWith('{"eof": true}\n'));
 * await Deno.remove(pdd);
 * ```
 */
export async function runTransmit(request: TransmitRequest, sink: SyncWriter): Promise<number> {
  try {
    await transmit(request, sink);
    return 0;
  } catch (error) {
    const message = error instanceof TransmitUsageError
      ? error.message
      : notCapableMessage(COMMAND, error) ?? `${COMMAND}: ${messageOf(error)}\n`;
    writeStderr(message);
    return 1;
  }
}

function messageOf(error: unknown): string {
  if (error instanceof RoleVarsError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function transmit(request: TransmitRequest, sink: SyncWriter): Promise<void> {
  checkTransmitModes(request);
  const pdd = resolve(request.cwd, request.privateDataDir);
  const refusal = pathAccessRefusal(COMMAND, pdd, "read-write");
  if (refusal !== undefined) throw new TransmitUsageError(refusal);
  const inventory = resolveInventory(request);
  await makePrivateDataDir(pdd);
  const sshKey = request.sshKeyFile === undefined ? undefined : readSshKey(request);
  let role: RolePlaybook | undefined;
  let zipPath: string | undefined;
  const cleanup = () => {
    if (zipPath !== undefined) removeQuietly(zipPath);
    role?.remove();
  };
  const stopSignals = exitOnSignals(cleanup);
  try {
    if (request.role) {
      const projectDir = request.projectDir
        ? resolve(request.cwd, request.projectDir)
        : join(pdd, "project");
      role = await writeRolePlaybook(
        {
          role: request.role,
          hosts: request.hosts,
          roleVars: request.roleVars,
          skipFacts: request.roleSkipFacts,
        },
        projectDir,
        pdd,
      );
    }
    const cmdlineInEnv = await dumpCmdline(pdd, request.cmdline, request.suppressEnvFiles);
    const playbook = role?.path ?? request.playbook;
    const kwargs = transmitKwargs(request, {
      ident: request.ident ?? crypto.randomUUID().replaceAll("-", ""),
      playbook: playbook === undefined ? undefined : relativeInside(playbook, join(pdd, "project")),
      inventory: inventory === undefined ? undefined : relativeInside(inventory, pdd),
      cmdlineInEnv,
      sshKey,
    });
    zipPath = await Deno.makeTempFile({ prefix: ".tachyon-transmit-", suffix: ".zip" });
    await writeTransmitStream(sink, kwargs, pdd, zipPath);
  } finally {
    stopSignals();
    cleanup();
  }
}

/** Signals and the exit codes a shell gives them (128 + the signal number). */
const EXIT_SIGNALS: readonly [Deno.Signal, number][] = [["SIGINT", 130], ["SIGTERM", 143]];

/**
 * On SIGINT or SIGTERM, removes what transmit wrote (the temporary zip, a
 * role's playbook) and exits (the reference ignores both signals until it
 * is done); returns the function that stops listening.
 */
function exitOnSignals(cleanup: () => void): () => void {
  const listeners = EXIT_SIGNALS.map(([signal, code]) => {
    const listener = () => {
      cleanup();
      Deno.exit(code);
    };
    Deno.addSignalListener(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) Deno.removeSignalListener(signal, listener);
  };
}

function removeQuietly(path: string): void {
  try {
    Deno.removeSync(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/** `os.makedirs(pdd, 0o700)`, accepting an existing directory. */
async function makePrivateDataDir(pdd: string): Promise<void> {
  try {
    await Deno.mkdir(pdd, { recursive: true, mode: 0o700 });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) {
      throw new TransmitUsageError(`${COMMAND}: ${pdd} exists and is not a directory\n`);
    }
    throw error;
  }
}

function readSshKey(request: TransmitRequest): string {
  const path = resolve(request.cwd, request.sshKeyFile!);
  const refusal = pathAccessRefusal(COMMAND, path, "read");
  if (refusal !== undefined) throw new TransmitUsageError(refusal);
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw error;
    throw new TransmitUsageError(
      `${COMMAND}: --ssh-key: cannot read ${path}: ${messageOf(error)}\n`,
    );
  }
}
