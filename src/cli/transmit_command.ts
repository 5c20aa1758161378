/**
 * `ansible-runner transmit PRIVATE_DATA_DIR …`: the reference's transmit
 * options (with its environment defaults `RUNNER_PLAYBOOK`, `RUNNER_MODULE`,
 * `RUNNER_ROLE`, `RUNNER_BINARY`, `ANSIBLE_ROLES_PATH`), plus tachyon's
 * `--ssh-key FILE`; the work is in `src/transmit/`.
 *
 * @module
 */
import { type ArgParserSpec, type ParsedArgs, parseKnownArgs } from "../worker/argparse.ts";
import { readEnv } from "../worker/env.ts";
import { VERSION } from "../version.ts";
import type { TransmitRequest } from "../transmit/transmit.ts";
import { type CliCommand, type PreparedCommand, printing } from "./command.ts";
import { PROGRAM, TRANSMIT_HELP, TRANSMIT_USAGE } from "./usage.ts";

/**
 * The parser of `transmit`, options in the reference's declaration order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TRANSMIT_PARSER } from "./transmit_command.ts";
 *
 * assert.equal(TRANSMIT_PARSER.prog, "ansible-runner transmit");
 * ```
 */
export const TRANSMIT_PARSER: ArgParserSpec = {
  prog: `${PROGRAM} transmit`,
  usage: TRANSMIT_USAGE,
  options: [
    { flags: ["-h", "--help"], dest: "help", action: "exit" },
    { flags: ["--version"], dest: "version", action: "exit" },
    { flags: ["--debug"], dest: "debug", action: "store_true" },
    { flags: ["--logfile"], dest: "logfile" },
    { flags: ["-b", "--binary"], dest: "binary" },
    { flags: ["-i", "--ident"], dest: "ident" },
    { flags: ["--rotate-artifacts"], dest: "rotate_artifacts", type: "int" },
    { flags: ["--artifact-dir"], dest: "artifact_dir" },
    { flags: ["--project-dir"], dest: "project_dir" },
    { flags: ["--inventory"], dest: "inventory" },
    { flags: ["-j", "--json"], dest: "json", action: "store_true" },
    { flags: ["--omit-event-data"], dest: "omit_event_data", action: "store_true" },
    { flags: ["--only-failed-event-data"], dest: "only_failed_event_data", action: "store_true" },
    { flags: ["--omit-env-files"], dest: "suppress_env_files", action: "store_true" },
    { flags: ["-q", "--quiet"], dest: "quiet", action: "store_true" },
    { flags: ["-v"], dest: "v", action: "count" },
    { flags: ["-p", "--playbook"], dest: "playbook" },
    { flags: ["-m", "--module"], dest: "module" },
    { flags: ["-r", "--role"], dest: "role" },
    { flags: ["--limit"], dest: "limit" },
    { flags: ["--cmdline"], dest: "cmdline" },
    { flags: ["--hosts"], dest: "hosts" },
    { flags: ["--forks"], dest: "forks" },
    { flags: ["--roles-path"], dest: "roles_path" },
    { flags: ["--role-vars"], dest: "role_vars" },
    { flags: ["--role-skip-facts"], dest: "role_skip_facts", action: "store_true" },
    { flags: ["-a", "--args"], dest: "module_args" },
    { flags: ["--container-image"], dest: "container_image" },
    { flags: ["--container-volume-mount"], dest: "container_volume_mounts", action: "append" },
    { flags: ["--container-option"], dest: "container_options", action: "append" },
    { flags: ["--ssh-key"], dest: "ssh_key" },
  ],
  positionals: [{ dest: "private_data_dir" }],
  exclusive: [["playbook", "module", "role"]],
};

/**
 * The request a parse describes: given values, else the reference's
 * defaults (environment variables for `-p`, `-m`, `-r`, `-b`, `--roles-path`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseKnownArgs } from "../worker/argparse.ts";
 * import { TRANSMIT_PARSER, transmitRequest } from "./transmit_command.ts";
 *
 * const parsed = parseKnownArgs(["/tmp/demo", "-m", "ping", "--hosts", "all", "-vv"], TRANSMIT_PARSER);
 * const request = transmitRequest(parsed, "/tmp");
 * assert.equal(request.module, "ping");
 * assert.equal(request.verbosity, 2);
 * ```
 */
export function transmitRequest(parsed: ParsedArgs, cwd: string): TransmitRequest {
  const text = (dest: string, envName?: string) =>
    parsed.values.has(dest)
      ? parsed.string(dest)
      : envName === undefined
      ? undefined
      : readEnv(envName);
  const list = (dest: string) => parsed.values.has(dest) ? parsed.strings(dest) : undefined;
  return {
    privateDataDir: parsed.string("private_data_dir")!,
    cwd,
    ident: text("ident"),
    binary: text("binary", "RUNNER_BINARY"),
    playbook: text("playbook", "RUNNER_PLAYBOOK"),
    module: text("module", "RUNNER_MODULE"),
    role: text("role", "RUNNER_ROLE"),
    moduleArgs: text("module_args"),
    hosts: text("hosts"),
    verbosity: parsed.number("v"),
    quiet: parsed.flag("quiet"),
    json: parsed.flag("json"),
    rotateArtifacts: parsed.number("rotate_artifacts") ?? 0,
    omitEventData: parsed.flag("omit_event_data"),
    onlyFailedEventData: parsed.flag("only_failed_event_data"),
    suppressEnvFiles: parsed.flag("suppress_env_files"),
    inventory: text("inventory"),
    forks: text("forks"),
    projectDir: text("project_dir"),
    artifactDir: text("artifact_dir"),
    rolesPath: text("roles_path", "ANSIBLE_ROLES_PATH"),
    roleVars: text("role_vars"),
    roleSkipFacts: parsed.flag("role_skip_facts"),
    containerImage: text("container_image"),
    containerVolumeMounts: list("container_volume_mounts"),
    containerOptions: list("container_options"),
    cmdline: text("cmdline"),
    limit: text("limit"),
    sshKeyFile: text("ssh_key"),
  };
}

/**
 * `transmit`: the job's stream on stdout.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TRANSMIT_COMMAND } from "./transmit_command.ts";
 *
 * const prepared = await TRANSMIT_COMMAND.prepare(["/tmp/demo", "-p", "site.yml", "--bogus"]);
 * assert.deepEqual(prepared.extras, ["--bogus"]);
 * ```
 */
export const TRANSMIT_COMMAND: CliCommand = {
  prepare(argv: readonly string[]): Promise<PreparedCommand> {
    const parsed = parseKnownArgs(argv, TRANSMIT_PARSER);
    if (parsed.exit === "help") return Promise.resolve(printing(TRANSMIT_HELP));
    if (parsed.exit === "version") return Promise.resolve(printing(`${VERSION}\n`));
    return Promise.resolve({
      extras: parsed.extras,
      run: async () => {
        const { runTransmit } = await import("../transmit/transmit.ts");
        const { currentDir } = await import("../io/path_access.ts");
        return await runTransmit(transmitRequest(parsed, currentDir()), Deno.stdout);
      },
    });
  },
};
