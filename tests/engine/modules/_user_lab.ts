/**
 * Test support for the account modules (`user`, `group`, `authorized_key`,
 * `replace`): two identical lab hosts, one for the real Ansible 2.14
 * (`ansible HOST -m MODULE -a JSON`, json callback) and one for tachyon
 * (the engine's `runAdhoc` over ssh), both as `lab-sudo` under become, so a
 * test runs the same step on each and compares results and final state.
 *
 * @module
 */
import { join } from "node:path";
import { loadInventory } from "../../../src/engine/inventory/mod.ts";
import { runAdhoc } from "../../../src/engine/run.ts";
import type { RunObserver } from "../../../src/engine/observer.ts";
import type { ModuleResult } from "../../../src/engine/types.ts";
import {
  type LabHost,
  type LabHosts,
  startLabHosts,
  SUDO_NOPASSWD_USER,
} from "../../_support/lab/mod.ts";
import { withDeadline } from "../../_support/deadline.ts";
import { SYSTEM_PATH } from "../_support.ts";

/** Options of one step. */
export interface StepOptions {
  /** Whether the step must change something (checked on Ansible's host). */
  changes?: boolean;
  /** `--check`. */
  check?: boolean;
  /** `--diff`. */
  diff?: boolean;
  /** Run without become (as `lab-sudo`). */
  noBecome?: boolean;
}

/** One step of a sequence: a module, its arguments and options. */
export interface Step extends StepOptions {
  /** The module. */
  module: string;
  /** Its arguments. */
  args: Record<string, unknown>;
}

/** A result as compared: Ansible's bookkeeping keys dropped, `changed`/`failed` explicit. */
export type Result = Record<string, unknown>;

/** Two lab hosts and the means to run a module step on each. */
export interface ModulePair extends AsyncDisposable {
  /** The lab. */
  readonly lab: LabHosts;
  /** The host Ansible runs on. */
  readonly ansibleHost: LabHost;
  /** The host tachyon runs on. */
  readonly tachyonHost: LabHost;
  /** Runs `module` with the real Ansible on its host. */
  ansible(module: string, args: Record<string, unknown>, options?: StepOptions): Promise<Result>;
  /** Runs `module` with tachyon on its host. */
  tachyon(module: string, args: Record<string, unknown>, options?: StepOptions): Promise<Result>;
  /**
   * Runs `steps` in order on each host: Ansible's as one playbook (each
   * step a task with its own check and diff mode, failures ignored),
   * tachyon's one ad hoc run each; returns both sides' results, by step.
   */
  runSteps(steps: readonly Step[]): Promise<{ ansible: Result[]; tachyon: Result[] }>;
  /** Runs the same step on both: `[ansible, tachyon]`. */
  both(
    module: string,
    args: Record<string, unknown>,
    options?: StepOptions,
  ): Promise<[Result, Result]>;
  /** Runs `script` as root on both hosts: `[ansible host's stdout, tachyon host's stdout]`. */
  shell(script: string): Promise<[string, string]>;
  /** Stops the lab and removes the temp dir. */
  stop(): Promise<void>;
}

/**
 * Drops what only one side's machinery adds (`invocation`, `_ansible_no_log`,
 * the interpreter fact) and makes `changed` and `failed` explicit.
 *
 * @example
 * ```ts
 * cleanResult({ changed: true, invocation: {} }); // { changed: true, failed: false }
 * ```
 */
export function cleanResult(result: Record<string, unknown>): Result {
  const out: Result = { ...result };
  for (const key of Object.keys(out)) {
    if (["invocation", "ansible_facts", "deprecations", "action"].includes(key)) delete out[key];
    if (key.startsWith("_ansible")) delete out[key];
  }
  // Ansible's own first-run notice about its remote temp dir is not the module's.
  if (Array.isArray(out.warnings)) {
    const warnings = out.warnings.filter((w) => !String(w).startsWith("Module remote_tmp "));
    if (warnings.length > 0) out.warnings = warnings;
    else delete out.warnings;
  }
  out.changed = out.changed === true;
  out.failed = out.failed === true;
  return out;
}

/** The environment of Ansible's commands: no user config, json output, a private control dir. */
function ansibleEnv(dir: string): Record<string, string> {
  return {
    PATH: "/usr/bin:/bin:/usr/sbin:/sbin",
    HOME: join(dir, "home"),
    LANG: "C.UTF-8",
    ANSIBLE_CONFIG: "/nonexistent/ansible.cfg",
    ANSIBLE_STDOUT_CALLBACK: "json",
    ANSIBLE_HOST_KEY_CHECKING: "False",
    ANSIBLE_DEPRECATION_WARNINGS: "0",
    ANSIBLE_NOCOLOR: "1",
    ANSIBLE_LOCAL_TEMP: join(dir, "home", "tmp"),
    ANSIBLE_SSH_CONTROL_PATH_DIR: join(dir, "cp"),
    ANSIBLE_SSH_ARGS: "-o ControlMaster=auto -o ControlPersist=20s",
    ANSIBLE_PIPELINING: "True",
  };
}

function hostLine(lab: LabHosts, host: LabHost, become: boolean): string {
  return `${host.name} ansible_host=${host.address} ansible_port=${host.port} ` +
    `ansible_user=${SUDO_NOPASSWD_USER.name} ansible_ssh_private_key_file=${lab.keys.plain} ` +
    `ansible_host_key_checking=false ansible_python_interpreter=/usr/bin/python3 ` +
    `ansible_become=${become ? "true" : "false"}`;
}

/**
 * Starts two lab hosts named `prefix01` (Ansible's) and `prefix02` (tachyon's).
 *
 * @example
 * ```ts
 * await using pair = await startModulePair("usr");
 * const [a, t] = await pair.both("group", { name: "ops" });
 * ```
 */
export async function startModulePair(prefix: string): Promise<ModulePair> {
  const lab = await withDeadline(
    240_000,
    "startLabHosts",
    () => startLabHosts({ count: 2, namePrefix: prefix }),
  );
  const [ansibleHost, tachyonHost] = lab.hosts;
  const dir = await Deno.makeTempDir({ prefix: `tachyon_${prefix}_test_` });
  await Deno.mkdir(join(dir, "home", "tmp"), { recursive: true });
  for (const become of [true, false]) {
    const suffix = become ? "" : "-plain";
    await Deno.writeTextFile(
      join(dir, `ansible${suffix}.ini`),
      hostLine(lab, ansibleHost, become) + "\n",
    );
    await Deno.writeTextFile(
      join(dir, `tachyon${suffix}.ini`),
      hostLine(lab, tachyonHost, become) + "\n",
    );
  }

  const ansible = async (
    module: string,
    args: Record<string, unknown>,
    options: StepOptions = {},
  ): Promise<Result> => {
    const inventory = join(dir, options.noBecome ? "ansible-plain.ini" : "ansible.ini");
    const cli = [
      "-i",
      inventory,
      ansibleHost.name,
      "-m",
      module,
      "-a",
      JSON.stringify(args),
      ...(options.check ? ["--check"] : []),
      ...(options.diff ? ["--diff"] : []),
    ];
    const out = await withDeadline(
      120_000,
      `ansible -m ${module}`,
      () =>
        new Deno.Command("/usr/bin/ansible", {
          args: cli,
          clearEnv: true,
          env: {
            PATH: "/usr/bin:/bin:/usr/sbin:/sbin",
            HOME: join(dir, "home"),
            LANG: "C.UTF-8",
            ANSIBLE_CONFIG: "/nonexistent/ansible.cfg",
            ANSIBLE_LOAD_CALLBACK_PLUGINS: "1",
            ANSIBLE_STDOUT_CALLBACK: "json",
            ANSIBLE_HOST_KEY_CHECKING: "False",
            ANSIBLE_DEPRECATION_WARNINGS: "0",
            ANSIBLE_NOCOLOR: "1",
            ANSIBLE_LOCAL_TEMP: join(dir, "home", "tmp"),
            ANSIBLE_SSH_CONTROL_PATH_DIR: join(dir, "cp"),
            ANSIBLE_SSH_ARGS: "-o ControlMaster=auto -o ControlPersist=20s",
          },
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output(),
    );
    const text = new TextDecoder().decode(out.stdout);
    let parsed: { plays: { tasks: { hosts: Record<string, Record<string, unknown>> }[] }[] };
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`ansible printed no JSON: ${text}\n${new TextDecoder().decode(out.stderr)}`);
    }
    return cleanResult(parsed.plays[0].tasks[0].hosts[ansibleHost.name]);
  };

  const tachyon = async (
    module: string,
    args: Record<string, unknown>,
    options: StepOptions = {},
  ): Promise<Result> => {
    const inventory = await loadInventory([
      join(dir, options.noBecome ? "tachyon-plain.ini" : "tachyon.ini"),
    ]);
    const results: ModuleResult[] = [];
    const observer: RunObserver = {
      playStart() {},
      taskStart() {},
      hostStart() {},
      hostResult: (_task, info) => results.push(info.result),
      message() {},
    };
    await withDeadline(
      120_000,
      `tachyon ${module}`,
      () =>
        runAdhoc(module, args, tachyonHost.name, {
          inventory,
          extraVars: {},
          signal: new AbortController().signal,
          observer,
          check: options.check,
          diff: options.diff,
          env: { PATH: SYSTEM_PATH },
          cwd: dir,
          controller: { projectDir: dir, privateDataDir: dir },
        }),
    );
    if (results.length !== 1) throw new Error(`expected one result, got ${results.length}`);
    return cleanResult(results[0]);
  };

  const ansibleSteps = async (steps: readonly Step[]): Promise<Result[]> => {
    const playbook = join(dir, `steps-${crypto.randomUUID()}.yml`);
    await Deno.writeTextFile(
      playbook,
      JSON.stringify([{
        hosts: ansibleHost.name,
        gather_facts: false,
        tasks: steps.map((s) => ({
          [s.module]: s.args,
          check_mode: s.check === true,
          diff: s.diff === true,
          ignore_errors: true,
        })),
      }]),
    );
    const out = await withDeadline(
      300_000,
      "ansible-playbook",
      () =>
        new Deno.Command("/usr/bin/ansible-playbook", {
          args: ["-i", join(dir, "ansible.ini"), playbook],
          clearEnv: true,
          env: { ...ansibleEnv(dir), ANSIBLE_STDOUT_CALLBACK: "json" },
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output(),
    );
    const text = new TextDecoder().decode(out.stdout);
    let parsed: { plays: { tasks: { hosts: Record<string, Record<string, unknown>> }[] }[] };
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(
        `ansible-playbook printed no JSON: ${text}\n${new TextDecoder().decode(out.stderr)}`,
      );
    }
    return parsed.plays[0].tasks.map((task) => cleanResult(task.hosts[ansibleHost.name]));
  };

  const stop = async () => {
    try {
      await lab.stop();
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  };
  return {
    lab,
    ansibleHost,
    tachyonHost,
    ansible,
    tachyon,
    runSteps: async (steps) => {
      const [ansibleResults, tachyonResults] = await Promise.all([
        ansibleSteps(steps),
        (async () => {
          const results: Result[] = [];
          for (const s of steps) results.push(await tachyon(s.module, s.args, s));
          return results;
        })(),
      ]);
      return { ansible: ansibleResults, tachyon: tachyonResults };
    },
    both: async (module, args, options) => {
      const [a, t] = await Promise.all([
        ansible(module, args, options),
        tachyon(module, args, options),
      ]);
      return [a, t];
    },
    shell: async (script) => {
      const run = async (h: LabHost) => (await h.run(script)).stdout;
      return [await run(ansibleHost), await run(tachyonHost)];
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
