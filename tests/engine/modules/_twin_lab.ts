/**
 * Test support for module comparisons on real targets: two identical lab
 * hosts, one for the real Ansible 2.14 (`ansible HOST -m MODULE -a JSON`,
 * json callback) and one for tachyon (the engine's `runAdhoc` over ssh),
 * both as `lab-sudo` under become unless a step says otherwise. A test runs
 * the same step on each and compares the results and the hosts' final state.
 *
 * Both sides share one project dir (Ansible runs in it, tachyon uses it as
 * its controller side), so `templates/`, `files/` and the like are found
 * the same way; extra vars reach both as `-e @vars.json` and `extraVars`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadInventory } from "../../../src/engine/inventory/mod.ts";
import { runAdhoc } from "../../../src/engine/run.ts";
import type { RunObserver } from "../../../src/engine/observer.ts";
import type { ModuleResult } from "../../../src/engine/types.ts";
import {
  type LabFiles,
  type LabHost,
  type LabHosts,
  startLabHosts,
  SUDO_NOPASSWD_USER,
} from "../../_support/lab/mod.ts";
import { withDeadline } from "../../_support/deadline.ts";
import { SYSTEM_PATH } from "../_support.ts";

/** Options of one step. */
export interface TwinStepOptions {
  /** `--check`. */
  check?: boolean;
  /** `--diff`. */
  diff?: boolean;
  /** Run without become (as `lab-sudo`). */
  noBecome?: boolean;
  /** Extra vars (`-e @vars.json`, tachyon's `extraVars`). */
  vars?: Record<string, unknown>;
  /** The deadline of each side's run, in ms (default 120 s). */
  timeoutMs?: number;
}

/** One step of a sequence: a module, its arguments and options. */
export interface TwinStep extends TwinStepOptions {
  /** The module. */
  module: string;
  /** Its arguments. */
  args: Record<string, unknown>;
}

/** A result as compared: each side's bookkeeping dropped, `changed`/`failed` explicit. */
export type TwinResult = Record<string, unknown>;

/** How to start the twins. */
export interface TwinLabOptions {
  /** Files put on both hosts before they start (see `startLabHosts`). */
  files?: LabFiles;
  /** Files of the shared project dir, by path relative to it. */
  project?: Record<string, string | Uint8Array>;
  /** Host variables both inventories give their host (`name=value`, ini syntax). */
  hostVars?: Record<string, string>;
  /** Keep `ansible_facts` in results (else dropped: only modules that report facts need them). */
  keepFacts?: boolean;
}

/** Two lab hosts and the means to run a module step on each. */
export interface LabTwins extends AsyncDisposable {
  /** The lab. */
  readonly lab: LabHosts;
  /** The host Ansible runs on. */
  readonly ansibleHost: LabHost;
  /** The host tachyon runs on. */
  readonly tachyonHost: LabHost;
  /** The project dir both sides share. */
  readonly project: string;
  /** Runs `module` with the real Ansible on its host. */
  ansible(
    module: string,
    args: Record<string, unknown>,
    options?: TwinStepOptions,
  ): Promise<TwinResult>;
  /** Runs `module` with tachyon on its host. */
  tachyon(
    module: string,
    args: Record<string, unknown>,
    options?: TwinStepOptions,
  ): Promise<TwinResult>;
  /** Runs the same step on both, at once: `[ansible, tachyon]`. */
  both(
    module: string,
    args: Record<string, unknown>,
    options?: TwinStepOptions,
  ): Promise<[TwinResult, TwinResult]>;
  /**
   * Runs `steps` in order on each host: Ansible's as one playbook (each step
   * a task with its own check and diff mode, failures ignored), tachyon's one
   * ad hoc run each; returns both sides' results, by step.
   */
  runSteps(steps: readonly TwinStep[]): Promise<{ ansible: TwinResult[]; tachyon: TwinResult[] }>;
  /** Runs `script` as root on both hosts (no ssh): `[ansible host's stdout, tachyon host's]`. */
  shell(script: string): Promise<[string, string]>;
  /** Stops the lab and removes the temp dir. */
  stop(): Promise<void>;
}

/**
 * Drops what only one side's machinery adds (`invocation`, `_ansible_*`,
 * `action`, `deprecations`, the interpreter fact, Ansible's notice about its
 * remote temp dir) and makes `changed` and `failed` explicit. Facts are
 * dropped unless `keepFacts`.
 *
 * @example
 * ```ts
 * twinClean({ changed: true, invocation: {} }); // { changed: true, failed: false }
 * ```
 */
export function twinClean(result: Record<string, unknown>, keepFacts = false): TwinResult {
  const out: TwinResult = { ...result };
  for (const key of Object.keys(out)) {
    if (["invocation", "action", "deprecations"].includes(key)) delete out[key];
    if (key.startsWith("_ansible")) delete out[key];
  }
  const facts = out.ansible_facts as Record<string, unknown> | undefined;
  if (facts) {
    const kept = { ...facts };
    delete kept.discovered_interpreter_python;
    if (!keepFacts || Object.keys(kept).length === 0) delete out.ansible_facts;
    else out.ansible_facts = kept;
  }
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
    ANSIBLE_LOAD_CALLBACK_PLUGINS: "1",
    ANSIBLE_STDOUT_CALLBACK: "json",
    ANSIBLE_HOST_KEY_CHECKING: "False",
    ANSIBLE_DEPRECATION_WARNINGS: "0",
    ANSIBLE_NOCOLOR: "1",
    ANSIBLE_LOCAL_TEMP: join(dir, "home", "tmp"),
    ANSIBLE_SSH_CONTROL_PATH_DIR: join(dir, "cp"),
    ANSIBLE_SSH_ARGS: "-o ControlMaster=auto -o ControlPersist=20s",
  };
}

function hostLine(
  lab: LabHosts,
  host: LabHost,
  become: boolean,
  hostVars: Record<string, string>,
): string {
  const extra = Object.entries(hostVars).map(([k, v]) => ` ${k}=${v}`).join("");
  return `${host.name} ansible_host=${host.address} ansible_port=${host.port} ` +
    `ansible_user=${SUDO_NOPASSWD_USER.name} ansible_ssh_private_key_file=${lab.keys.plain} ` +
    `ansible_host_key_checking=false ansible_python_interpreter=/usr/bin/python3 ` +
    // The plain inventory names no become at all: a host var would beat a task's `become`.
    `${become ? "ansible_become=true" : ""}${extra}`;
}

type JsonCallbackOutput = {
  plays: { tasks: { hosts: Record<string, Record<string, unknown>> }[] }[];
};

async function runAnsibleCommand(
  program: string,
  args: string[],
  dir: string,
  cwd: string,
  timeoutMs: number,
): Promise<JsonCallbackOutput> {
  const out = await withDeadline(
    timeoutMs,
    `${program} ${args.join(" ").slice(0, 80)}`,
    () =>
      new Deno.Command(program, {
        args,
        cwd,
        clearEnv: true,
        env: ansibleEnv(dir),
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output(),
  );
  const text = new TextDecoder().decode(out.stdout);
  try {
    return JSON.parse(text) as JsonCallbackOutput;
  } catch {
    throw new Error(`${program} printed no JSON: ${text}\n${new TextDecoder().decode(out.stderr)}`);
  }
}

/**
 * Starts two lab hosts named `prefix01` (Ansible's) and `prefix02`
 * (tachyon's), with `options.files` on both and a shared project dir.
 *
 * @example
 * ```ts
 * await using twins = await startLabTwins("grp");
 * const [a, t] = await twins.both("group", { name: "ops" });
 * ```
 */
export async function startLabTwins(
  prefix: string,
  options: TwinLabOptions = {},
): Promise<LabTwins> {
  const lab = await withDeadline(
    240_000,
    "startLabHosts",
    () => startLabHosts({ count: 2, namePrefix: prefix, files: options.files ?? {} }),
  );
  const [ansibleHost, tachyonHost] = lab.hosts;
  const dir = await Deno.makeTempDir({ prefix: `tachyon_${prefix}_test_` });
  const project = join(dir, "project");
  await Deno.mkdir(project, { recursive: true });
  await Deno.mkdir(join(dir, "home", "tmp"), { recursive: true });
  for (const [path, content] of Object.entries(options.project ?? {})) {
    const file = join(project, path);
    await Deno.mkdir(join(file, ".."), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(file, content);
    else await Deno.writeFile(file, content);
  }
  const hostVars = options.hostVars ?? {};
  for (const become of [true, false]) {
    const suffix = become ? "" : "-plain";
    await Deno.writeTextFile(
      join(dir, `ansible${suffix}.ini`),
      hostLine(lab, ansibleHost, become, hostVars) + "\n",
    );
    await Deno.writeTextFile(
      join(dir, `tachyon${suffix}.ini`),
      hostLine(lab, tachyonHost, become, hostVars) + "\n",
    );
  }
  const clean = (r: Record<string, unknown>) => twinClean(r, options.keepFacts === true);

  const varsArgs = async (vars: Record<string, unknown> | undefined): Promise<string[]> => {
    if (vars === undefined) return [];
    const file = join(dir, `vars-${crypto.randomUUID()}.json`);
    await Deno.writeTextFile(file, JSON.stringify(vars));
    return ["-e", `@${file}`];
  };

  const ansible = async (
    module: string,
    args: Record<string, unknown>,
    step: TwinStepOptions = {},
  ): Promise<TwinResult> => {
    const cli = [
      "-i",
      join(dir, step.noBecome ? "ansible-plain.ini" : "ansible.ini"),
      ansibleHost.name,
      "-m",
      module,
      "-a",
      JSON.stringify(args),
      ...await varsArgs(step.vars),
      ...(step.check ? ["--check"] : []),
      ...(step.diff ? ["--diff"] : []),
    ];
    const parsed = await runAnsibleCommand(
      "/usr/bin/ansible",
      cli,
      dir,
      project,
      step.timeoutMs ?? 120_000,
    );
    return clean(parsed.plays[0].tasks[0].hosts[ansibleHost.name]);
  };

  const tachyon = async (
    module: string,
    args: Record<string, unknown>,
    step: TwinStepOptions = {},
  ): Promise<TwinResult> => {
    const inventory = await loadInventory([
      join(dir, step.noBecome ? "tachyon-plain.ini" : "tachyon.ini"),
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
      step.timeoutMs ?? 120_000,
      `tachyon ${module}`,
      () =>
        runAdhoc(module, args, tachyonHost.name, {
          inventory,
          extraVars: step.vars ?? {},
          signal: new AbortController().signal,
          observer,
          check: step.check,
          diff: step.diff,
          env: { PATH: SYSTEM_PATH },
          cwd: project,
          controller: { projectDir: project, privateDataDir: dir },
        }),
    );
    if (results.length !== 1) throw new Error(`expected one result, got ${results.length}`);
    return clean(results[0]);
  };

  const ansibleSteps = async (steps: readonly TwinStep[]): Promise<TwinResult[]> => {
    const playbook = join(dir, `steps-${crypto.randomUUID()}.yml`);
    await Deno.writeTextFile(
      playbook,
      JSON.stringify([{
        hosts: ansibleHost.name,
        gather_facts: false,
        tasks: steps.map((s) => ({
          [s.module]: s.args,
          ...(s.vars ? { vars: s.vars } : {}),
          // Per task: the plain inventory's host has no become of its own to override.
          become: s.noBecome !== true,
          check_mode: s.check === true,
          diff: s.diff === true,
          ignore_errors: true,
        })),
      }]),
    );
    const timeout = steps.reduce((sum, s) => sum + (s.timeoutMs ?? 120_000), 60_000);
    const parsed = await runAnsibleCommand(
      "/usr/bin/ansible-playbook",
      ["-i", join(dir, "ansible-plain.ini"), playbook],
      dir,
      project,
      timeout,
    );
    return parsed.plays[0].tasks.map((task) => clean(task.hosts[ansibleHost.name]));
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
    project,
    ansible,
    tachyon,
    // The hosts are independent: both sides run at once.
    both: (module, args, step) =>
      Promise.all([ansible(module, args, step), tachyon(module, args, step)]),
    runSteps: async (steps) => {
      const [ansibleResults, tachyonResults] = await Promise.all([
        ansibleSteps(steps),
        (async () => {
          const results: TwinResult[] = [];
          for (const s of steps) results.push(await tachyon(s.module, s.args, s));
          return results;
        })(),
      ]);
      return { ansible: ansibleResults, tachyon: tachyonResults };
    },
    shell: async (script) => {
      const run = async (h: LabHost) => (await h.run(script)).stdout;
      return await Promise.all([run(ansibleHost), run(tachyonHost)]);
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/**
 * `step` with `ansible_become: true` as a task var (unless it runs without
 * become): the twins' playbook inventory sets `ansible_become=false` on the
 * host, which beats the task keyword `become`, but not a task var.
 *
 * @example
 * ```ts
 * await twins.runSteps(steps.map(becomeRoot));
 * ```
 */
export function becomeRoot(step: TwinStep): TwinStep {
  if (step.noBecome) return step;
  return { ...step, vars: { ...step.vars, ansible_become: true } };
}

/**
 * Runs `steps` on both hosts and asserts that each step's results are the
 * same (after `comparable`); returns Ansible's.
 *
 * @example
 * ```ts
 * await sameSteps(twins, [{ module: "git", args: { repo, dest: "/srv/w1" } }].map(becomeRoot));
 * ```
 */
export async function sameSteps(
  twins: Pick<LabTwins, "runSteps">,
  steps: TwinStep[],
  comparable: (result: TwinResult) => unknown = (result) => result,
): Promise<TwinResult[]> {
  const { ansible, tachyon } = await twins.runSteps(steps);
  steps.forEach((step, i) => {
    assert.deepEqual(
      comparable(tachyon[i]),
      comparable(ansible[i]),
      `step ${i}: ${JSON.stringify(step.args)}${step.check ? " (check)" : ""}`,
    );
  });
  return ansible;
}

/**
 * Runs `script` as root on both hosts, asserts the same output, returns it.
 *
 * @example
 * ```ts
 * const listing = await sameState(twins, "ls -l /srv");
 * ```
 */
export async function sameState(twins: Pick<LabTwins, "shell">, script: string): Promise<string> {
  const [theirs, ours] = await twins.shell(script);
  assert.equal(ours, theirs, script);
  return ours;
}
