/**
 * What `ansible-runner run` does once its command line is parsed: the
 * reference's checks, in its order and with its messages (exit 1:
 * `--hosts` needs `-m`, one of `-p`/`-m` is needed, 2.4's `--inventory`
 * check), a role refused (Ansible content), a private data dir outside the
 * binary's roots refused with one paragraph, one warning for the isolation
 * and container options; then the library runs the job (`src/runner/`),
 * printing its events on stdout (colours only on a terminal; `-j` JSON
 * lines; `-q` nothing), SIGINT/SIGTERM cancel it (254), and the exit code
 * is its rc.
 *
 * @module
 */
import { resolve } from "node:path";
import { writeStderr } from "../io/std_text.ts";
import { currentDir, notCapableMessage, pathAccessRefusal } from "../io/path_access.ts";
import { checkTransmitModes, resolveInventory, TransmitUsageError } from "../transmit/transmit.ts";
import { transmitRequest } from "./transmit_command.ts";
import type { ParsedArgs } from "../worker/parsed_args.ts";
import type { TransmitRequest } from "../transmit/transmit_request.ts";
import { RunnerError } from "../runner/errors.ts";
import { startRun } from "../runner/run.ts";
import type { RunOptions } from "../runner/run_options.ts";
import type { Runner } from "../runner/runner.ts";
import { loadBakedAutomation } from "../worker/job_runner.ts";

/** The command's name in messages. */
const COMMAND = "ansible-runner run";

/** Options that would put the job in a container or a sandbox, by destination. */
const ISOLATION_FLAGS: readonly [string, string][] = [
  ["process_isolation", "--process-isolation"],
  ["process_isolation_executable", "--process-isolation-executable"],
  ["process_isolation_path", "--process-isolation-path"],
  ["process_isolation_hide_paths", "--process-isolation-hide-paths"],
  ["process_isolation_show_paths", "--process-isolation-show-paths"],
  ["process_isolation_ro_paths", "--process-isolation-ro-paths"],
  ["directory_isolation_base_path", "--directory-isolation-base-path"],
  ["container_image", "--container-image"],
  ["container_volume_mounts", "--container-volume-mount"],
  ["container_options", "--container-option"],
];

const STOP_SIGNALS: readonly Deno.Signal[] = ["SIGINT", "SIGTERM"];

/**
 * Runs `run` for a parsed command line; resolves to the exit code.
 *
 * @example
 * ```ts
 * import { parseKnownArgs } from "../worker/argparse.ts";
 * import { RUN_PARSER } from "./run_command.ts";
 * import { runRunCommand } from "./run_job.ts";
 *
 * const code = await runRunCommand(parseKnownArgs(["/tmp/demo", "--hosts", "web"], RUN_PARSER));
 * console.assert(code === 1); // "The -p option must be specified when not using -m or -r"
 * ```
 */
export async function runRunCommand(parsed: ParsedArgs): Promise<number> {
  let options: RunOptions;
  try {
    options = runOptions(transmitRequest(parsed, currentDir()));
  } catch (error) {
    writeStderr(messageOf(error));
    return 1;
  }
  const ignored = ISOLATION_FLAGS.filter(([dest]) => parsed.values.has(dest));
  if (ignored.length > 0) {
    writeStderr(
      `${COMMAND}: warning: ${ignored.map(([, flag]) => flag).join(", ")} ` +
        `${ignored.length === 1 ? "does" : "do"} not apply: tachyon runs the job itself, ` +
        "without a container or a sandbox.\n",
    );
  }
  let runner: Runner;
  try {
    runner = startRun(options, loadBakedAutomation);
  } catch (error) {
    writeStderr(messageOf(error));
    return 1;
  }
  const onSignal = () => runner.cancel();
  for (const signal of STOP_SIGNALS) Deno.addSignalListener(signal, onSignal);
  try {
    await runner.done;
  } catch (error) {
    writeStderr(messageOf(error));
    return 1;
  } finally {
    for (const signal of STOP_SIGNALS) Deno.removeSignalListener(signal, onSignal);
  }
  if (runner.errored) {
    writeStderr(`${COMMAND}: ${runner.explanation}\n`);
    return 1;
  }
  return runner.rc ?? 1;
}

/**
 * The library's options for a `run` command line, after the reference's
 * checks (messages as it prints them).
 */
function runOptions(request: TransmitRequest): RunOptions {
  checkTransmitModes(request);
  if (request.role) {
    throw new TransmitUsageError(
      `${COMMAND}: -r/--role runs an Ansible role, which is Ansible content tachyon does not ` +
        "run itself: write a playbook that applies the role and run it with -p (it then runs " +
        "under the EE's Ansible), or use ansible-runner.\n",
    );
  }
  const privateDataDir = resolve(request.cwd, request.privateDataDir);
  const refusal = pathAccessRefusal(COMMAND, privateDataDir, "read-write");
  if (refusal !== undefined) throw new TransmitUsageError(refusal);
  const inventory = resolveInventory(request);
  const forks = request.forks === undefined ? undefined : Number(request.forks);
  return {
    privateDataDir,
    ident: request.ident,
    binary: request.binary,
    playbook: request.playbook,
    module: request.module,
    moduleArgs: request.moduleArgs,
    hostPattern: request.hosts,
    verbosity: request.verbosity,
    quiet: request.quiet,
    json: request.json,
    rotateArtifacts: request.rotateArtifacts,
    omitEventData: request.omitEventData,
    onlyFailedEventData: request.onlyFailedEventData,
    suppressEnvFiles: request.suppressEnvFiles,
    inventory,
    forks: forks !== undefined && Number.isFinite(forks) ? forks : undefined,
    projectDir: request.projectDir ? resolve(request.cwd, request.projectDir) : undefined,
    artifactDir: request.artifactDir ? resolve(request.cwd, request.artifactDir) : undefined,
    cmdline: request.cmdline,
    limit: request.limit,
    sshKey: request.sshKeyFile === undefined ? undefined : readSshKey(request),
  };
}

/** `--ssh-key FILE`: the key's text (never written anywhere). */
function readSshKey(request: TransmitRequest): string {
  const path = resolve(request.cwd, request.sshKeyFile!);
  const refusal = pathAccessRefusal(COMMAND, path, "read");
  if (refusal !== undefined) throw new TransmitUsageError(refusal);
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    throw new TransmitUsageError(
      `${COMMAND}: --ssh-key: cannot read ${path}: ${(error as Error).message}\n`,
    );
  }
}

/** The one paragraph for what stopped the command (a permission refusal names the roots). */
function messageOf(error: unknown): string {
  if (error instanceof TransmitUsageError) return error.message;
  const capability = notCapableMessage(COMMAND, error) ??
    (error instanceof RunnerError ? notCapableMessage(COMMAND, error.cause) : undefined);
  if (capability !== undefined) return capability;
  if (error instanceof RunnerError) return `${COMMAND}: ${error.message}\n`;
  return `${COMMAND}: ${error instanceof Error ? `${error.name}: ${error.message}` : error}\n`;
}
