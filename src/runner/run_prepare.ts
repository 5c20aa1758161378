/**
 * Options → the job the worker understands: the checks that need no job
 * yet (what ansible-runner's `RunnerConfig` refuses, and paths this process
 * may not use), the ident and artifact dir, and the kwargs. The kwargs are
 * those `ansible-runner transmit` sends for the same flags
 * (`transmit_kwargs.ts`, shared, not copied), plus the library-only ones
 * (`extravars`, `envvars`, `passwords`, `settings`, `ssh_key`, `timeout`):
 * the native route resolves them with the worker's own job resolution, and
 * the Ansible route hands them to the EE's ansible-runner as a kwargs line.
 *
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";
import { currentDir, notCapableMessage, pathAccessRefusal } from "../io/path_access.ts";
import { transmitKwargs } from "../transmit/transmit_kwargs.ts";
import { validInventory } from "../transmit/transmit_paths.ts";
import type { TransmitRequest } from "../transmit/transmit_request.ts";
import { RunnerConfigError } from "./errors.ts";
import type { RunOptions } from "./run_options.ts";

/** How the library names itself in messages. */
export const LIBRARY_LABEL = "tachyon run()";

/**
 * A run ready to start: absolute paths, the ident and the kwargs.
 *
 * @example
 * ```ts
 * import type { PreparedRun } from "./run_prepare.ts";
 *
 * const prepared: PreparedRun = {
 *   options: { privateDataDir: "/tmp/demo", module: "ping" },
 *   privateDataDir: "/tmp/demo",
 *   ident: "42",
 *   artifactDir: "/tmp/demo/artifacts/42",
 *   kwargs: { ident: "42", module: "ping" },
 * };
 * ```
 */
export interface PreparedRun {
  /** The options as given. */
  readonly options: RunOptions;
  /** The absolute private data dir. */
  readonly privateDataDir: string;
  /** The job's ident. */
  readonly ident: string;
  /** `<artifact root>/<ident>`, absolute. */
  readonly artifactDir: string;
  /** The absolute project dir, when the options name one. */
  readonly projectDir?: string;
  /** The job's kwargs, as a transmit stream would carry them. */
  readonly kwargs: Readonly<Record<string, unknown>>;
}

/**
 * Checks `options` and prepares the run, resolving relative paths against
 * `cwd` (default: the working directory).
 *
 * @throws {RunnerConfigError} when the options cannot make a job
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareRun } from "./run_prepare.ts";
 * import { RunnerConfigError } from "./errors.ts";
 *
 * const prepared = prepareRun({ privateDataDir: "demo", module: "ping", ident: "7" }, "/tmp");
 * assert.equal(prepared.artifactDir, "/tmp/demo/artifacts/7");
 * assert.equal(prepared.kwargs.module, "ping");
 * assert.throws(() => prepareRun({ privateDataDir: "/tmp/demo", role: "web" }), RunnerConfigError);
 * ```
 */
export function prepareRun(options: RunOptions, cwd: string = currentDir()): PreparedRun {
  try {
    return prepare(options, cwd);
  } catch (error) {
    const capability = notCapableMessage(LIBRARY_LABEL, error);
    if (capability === undefined) throw error;
    throw new RunnerConfigError(capability.trimEnd(), { cause: error });
  }
}

function prepare(options: RunOptions, cwd: string): PreparedRun {
  if (options.role) {
    throw new RunnerConfigError(
      `A role (${options.role}) is Ansible content, which tachyon does not run itself: write a ` +
        "playbook that applies it and run that playbook (it then runs under the EE's Ansible), " +
        "or use ansible-runner.",
    );
  }
  if (options.playbook && options.module) {
    throw new RunnerConfigError("Only one of playbook and module options are allowed");
  }
  if (options.automation && options.module) {
    throw new RunnerConfigError("Only one of automation and module options are allowed");
  }
  const absolute = (path: string) => isAbsolute(path) ? resolve(path) : resolve(cwdOf(cwd), path);
  const privateDataDir = absolute(options.privateDataDir);
  checkAccess(privateDataDir);
  const ident = options.ident === undefined || options.ident === ""
    ? crypto.randomUUID()
    : options.ident;
  if (ident.includes("/") || ident.includes("\0") || ident === "." || ident === "..") {
    throw new RunnerConfigError(`The ident ${JSON.stringify(ident)} is not a plain name`);
  }
  const artifactRoot = options.artifactDir === undefined
    ? join(privateDataDir, "artifacts")
    : absolute(options.artifactDir);
  checkAccess(artifactRoot);
  const projectDir = options.projectDir === undefined ? undefined : absolute(options.projectDir);
  const inventory = inventoryPaths(options.inventory, privateDataDir, cwd);
  const playbook = options.playbook || options.automation?.name;
  const request: TransmitRequest = {
    privateDataDir,
    cwd,
    ident,
    binary: options.binary,
    playbook,
    module: options.module,
    moduleArgs: options.moduleArgs,
    hosts: options.hostPattern,
    verbosity: options.verbosity,
    quiet: options.quiet ?? false,
    json: options.json ?? false,
    rotateArtifacts: options.rotateArtifacts ?? 0,
    omitEventData: options.omitEventData ?? false,
    onlyFailedEventData: options.onlyFailedEventData ?? false,
    suppressEnvFiles: options.suppressEnvFiles ?? false,
    forks: options.forks === undefined ? undefined : String(options.forks),
    projectDir,
    artifactDir: options.artifactDir === undefined ? undefined : artifactRoot,
    roleSkipFacts: false,
    cmdline: options.cmdline,
    limit: options.limit,
  };
  const kwargs: Record<string, unknown> = transmitKwargs(request, {
    ident,
    playbook,
    inventory: inventory?.length === 1 ? inventory[0] : undefined,
    cmdlineInEnv: false,
    sshKey: options.sshKey,
  });
  if (inventory !== undefined && inventory.length !== 1) kwargs.inventory = inventory;
  const extras: [string, unknown][] = [
    ["extravars", options.extravars],
    ["envvars", options.envvars],
    ["passwords", options.passwords],
    ["settings", options.settings],
    ["timeout", options.timeout],
  ];
  for (const [key, value] of extras) if (value !== undefined) kwargs[key] = value;
  return {
    options,
    privateDataDir,
    ident,
    artifactDir: join(artifactRoot, ident),
    projectDir,
    kwargs,
  };
}

/** The working directory, or Deno's own refusal when this process may not read it. */
function cwdOf(cwd: string): string {
  return cwd === "" ? Deno.cwd() : cwd;
}

function checkAccess(path: string): void {
  const refusal = pathAccessRefusal(LIBRARY_LABEL, path, "read-write");
  if (refusal !== undefined) throw new RunnerConfigError(refusal.trimEnd());
}

/** Each inventory path made absolute as 2.4's `valid_inventory` finds it. */
function inventoryPaths(
  inventory: string | readonly string[] | undefined,
  privateDataDir: string,
  cwd: string,
): string[] | undefined {
  if (inventory === undefined) return undefined;
  const paths = typeof inventory === "string" ? [inventory] : [...inventory];
  return paths.map((path) => {
    const found = validInventory(privateDataDir, path, isAbsolute(path) ? "/" : cwdOf(cwd));
    if (found === undefined) {
      throw new RunnerConfigError(`The inventory ${path} does not appear to be a valid path`);
    }
    return found;
  });
}
