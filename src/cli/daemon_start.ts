/**
 * What `ansible-runner start` does in the foreground: `run`'s checks (same
 * messages, exit 1, nothing started), the private data dir and an empty
 * `daemon.log` (0600) created as the reference creates them, then the
 * daemon: this program again (`daemon_self.ts`) as `start --tachyon-daemon
 * <pdd> <artifact dir> <the same words>`, in a new session, stdin
 * `/dev/null`, stdout and stderr appended to `<pdd>/daemon.log`.
 *
 * The daemon is a `/bin/sh` that waits for one line from `start` and then
 * `exec`s the program, so its pid is known before it runs: `start` writes
 * `<pdd>/pid` (`"<pid>\n"`, created exclusively), then lets it go, and
 * returns 0 at once. `is-alive` right after `start` is therefore 0 (the
 * reference's daemon writes its pid file some time after `start` returned).
 * The daemon removes the pid file when the job ends.
 *
 * Where the reference has bugs, this does not: a second `start` while a job
 * of the same dir runs is refused (exit 1; the reference's daemon dies
 * silently on the locked pid file and `start` says 0), and a stale pid file
 * (a SIGKILLed daemon) is replaced (the reference refuses every later
 * `start`, silently). The daemon keeps `start`'s working directory (the
 * reference's goes to `/`, so relative `--project-dir` and friends break)
 * and its umask (the reference's is 0: world-writable artifact dirs).
 *
 * @module
 */
import { join, resolve } from "node:path";
import { writeStderr } from "../io/std_text.ts";
import { currentDir, notCapableMessage, pathAccessRefusal } from "../io/path_access.ts";
import { checkTransmitModes, resolveInventory, TransmitUsageError } from "../transmit/transmit.ts";
import type { TransmitRequest } from "../transmit/transmit_request.ts";
import type { ParsedArgs } from "../worker/argparse.ts";
import { ISOLATION_OPTIONS } from "./run_command.ts";
import { TRANSMIT_PARSER, transmitRequest } from "./transmit_command.ts";
import {
  daemonDir,
  daemonJob,
  daemonWords,
  PidFileError,
  pidFilePath,
  readPidFile,
} from "./daemon_job.ts";
import { selfCommand } from "./daemon_self.ts";

/** The command's name in messages. */
const COMMAND = "ansible-runner start";

/** Options accepted without effect (no container, no sandbox), as `run` warns about them. */
const NOT_APPLIED = [
  ...ISOLATION_OPTIONS,
  ...TRANSMIT_PARSER.options.filter((option) => option.dest.startsWith("container_")),
];

/**
 * The shell that becomes the daemon: `$1` is `daemon.log`, the rest the
 * program's argv; it waits for `start`'s go (the pid file is written).
 */
const DAEMON_SHELL = 'log=$1; shift; IFS= read -r go || exit 1; [ "$go" = start ] || exit 1; ' +
  'exec "$@" </dev/null >>"$log" 2>&1';

/**
 * Runs `start` for a parsed command line (`argv`: the words after `start`);
 * resolves to the exit code: 0 once the daemon runs, 1 after a message.
 *
 * @example
 * ```ts
 * import { parseKnownArgs } from "../worker/argparse.ts";
 * import { START_PARSER } from "./daemon_parsers.ts";
 * import { runStart } from "./daemon_start.ts";
 *
 * const argv = ["/tmp/demo", "--hosts", "web"];
 * const code = await runStart(parseKnownArgs(argv, START_PARSER), argv);
 * console.assert(code === 1); // "The --hosts option can only be used with -m or -r"
 * ```
 */
export async function runStart(parsed: ParsedArgs, argv: readonly string[]): Promise<number> {
  let request: TransmitRequest;
  let pdd: string;
  try {
    request = transmitRequest(parsed, currentDir());
    pdd = checkRequest(request);
  } catch (error) {
    writeStderr(messageOf(error));
    return 1;
  }
  const ignored = NOT_APPLIED.filter((option) => parsed.values.has(option.dest));
  if (ignored.length > 0) {
    writeStderr(
      `${COMMAND}: warning: ${ignored.map((option) => option.flags[0]).join(", ")} ` +
        `${ignored.length === 1 ? "does" : "do"} not apply: tachyon runs the job itself, ` +
        "without a container or a sandbox.\n",
    );
  }
  try {
    return await launch(request, pdd, argv);
  } catch (error) {
    writeStderr(messageOf(error));
    return 1;
  }
}

/** `run`'s checks, in its order; the absolute private data dir. */
function checkRequest(request: TransmitRequest): string {
  checkTransmitModes(request);
  if (request.role) {
    throw new TransmitUsageError(
      `${COMMAND}: -r/--role runs an Ansible role, which is Ansible content tachyon does not ` +
        "run itself: write a playbook that applies the role and run it with -p (it then runs " +
        "under the EE's Ansible), or use ansible-runner.\n",
    );
  }
  const pdd = resolve(request.cwd, request.privateDataDir);
  const refusal = pathAccessRefusal(COMMAND, pdd, "read-write");
  if (refusal !== undefined) throw new TransmitUsageError(refusal);
  resolveInventory(request);
  if (request.sshKeyFile !== undefined) {
    const path = resolve(request.cwd, request.sshKeyFile);
    const keyRefusal = pathAccessRefusal(COMMAND, path, "read");
    if (keyRefusal !== undefined) throw new TransmitUsageError(keyRefusal);
    try {
      Deno.openSync(path).close();
    } catch (error) {
      throw new TransmitUsageError(
        `${COMMAND}: --ssh-key: cannot read ${path}: ${(error as Error).message}\n`,
      );
    }
  }
  return pdd;
}

/** Creates the dir and `daemon.log`, refuses a live job, starts the daemon. */
async function launch(
  request: TransmitRequest,
  given: string,
  argv: readonly string[],
): Promise<number> {
  Deno.mkdirSync(given, { recursive: true, mode: 0o700 });
  const pdd = daemonDir("/", given);
  const log = join(pdd, "daemon.log");
  Deno.writeFileSync(log, new Uint8Array(), { append: true, mode: 0o600 });
  let previous: number | undefined;
  try {
    previous = readPidFile(pdd);
  } catch (error) {
    if (!(error instanceof PidFileError)) throw error;
    previous = 0; // garbage: replaced like a stale file
  }
  if (previous !== undefined) {
    if (previous > 0 && daemonJob(pdd, previous) !== undefined) {
      writeStderr(running(pdd, previous));
      return 1;
    }
    Deno.removeSync(pidFilePath(pdd));
  }
  const ident = request.ident || crypto.randomUUID();
  const artifactRoot = request.artifactDir
    ? resolve(request.cwd, request.artifactDir)
    : join(pdd, "artifacts");
  const program = selfCommand([...daemonWords(pdd, join(artifactRoot, ident)), ...argv]);
  const child = new Deno.Command("/bin/sh", {
    args: ["-c", DAEMON_SHELL, "tachyon-start", log, ...program],
    stdin: "piped",
    stdout: "null",
    stderr: "null",
    detached: true,
  }).spawn();
  child.unref();
  const go = child.stdin.getWriter();
  try {
    Deno.writeTextFileSync(pidFilePath(pdd), `${child.pid}\n`, { createNew: true, mode: 0o644 });
  } catch (error) {
    await go.close().catch(() => {}); // no go: the shell exits
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    const other = readPidFile(pdd);
    writeStderr(running(pdd, other ?? 0));
    return 1;
  }
  await go.write(new TextEncoder().encode("start\n"));
  await go.close();
  return 0;
}

function running(pdd: string, pid: number): string {
  return `${COMMAND}: a job of ${pdd} is running already (pid ${pid}): ` +
    `\`ansible-runner stop ${pdd}\` stops it.\n`;
}

/** The one paragraph for what stopped the command (a permission refusal names the roots). */
function messageOf(error: unknown): string {
  if (error instanceof TransmitUsageError) return error.message;
  const capability = notCapableMessage(COMMAND, error);
  if (capability !== undefined) return capability;
  return `${COMMAND}: ${error instanceof Error ? `${error.name}: ${error.message}` : error}\n`;
}
