/**
 * Test support: `_twin_lab.ts`'s comparison on systemd hosts
 * (`_service_systemd_host.ts`): one host for the real Ansible 2.14
 * (`ansible HOST -m MODULE -a JSON`, json callback), one for tachyon (the
 * engine's `runAdhoc` over ssh), both as `lab-sudo` under become, results
 * cleaned by `twinClean`.
 *
 * @module
 */
import { join } from "node:path";
import { loadInventory } from "../../../src/engine/inventory/mod.ts";
import { runAdhoc } from "../../../src/engine/run.ts";
import type { ModuleResult } from "../../../src/engine/types.ts";
import { withDeadline } from "../../_support/deadline.ts";
import { SYSTEM_PATH } from "../_support.ts";
import { twinClean, type TwinResult, type TwinStepOptions } from "./_twin_lab.ts";
import {
  startSystemdHosts,
  SYSTEMD_HOST_USER,
  type SystemdHost,
  type SystemdHosts,
  type SystemdHostsOptions,
} from "./_service_systemd_host.ts";

/**
 * Two systemd hosts and the means to run a module on each.
 *
 * @example
 * ```ts
 * const [a, ours] = await twins.both("systemd", { name: "cron", state: "started" });
 * ```
 */
export interface SystemdTwins extends AsyncDisposable {
  /** The hosts. */
  readonly lab: SystemdHosts;
  /** Ansible's host. */
  readonly ansibleHost: SystemdHost;
  /** tachyon's host. */
  readonly tachyonHost: SystemdHost;
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
  /** Both at once: `[ansible, tachyon]`. */
  both(
    module: string,
    args: Record<string, unknown>,
    options?: TwinStepOptions,
  ): Promise<[TwinResult, TwinResult]>;
  /** `script` as root on both hosts (no ssh): `[ansible host's stdout, tachyon host's]`. */
  shell(script: string): Promise<[string, string]>;
  /** Stops both hosts, removes the temp dir. */
  stop(): Promise<void>;
}

function hostLine(host: SystemdHost, key: string, become: boolean): string {
  return `${host.name} ansible_host=${host.address} ansible_port=${host.port} ` +
    `ansible_user=${SYSTEMD_HOST_USER} ansible_ssh_private_key_file=${key} ` +
    `ansible_host_key_checking=false ansible_python_interpreter=/usr/bin/python3 ` +
    `ansible_become=${become ? "true" : "false"}`;
}

/**
 * Starts two systemd hosts, `prefix01` (Ansible's) and `prefix02` (tachyon's).
 *
 * @example
 * ```ts
 * await using twins = await startSystemdTwins("sd");
 * const [a, t] = await twins.both("systemd", { name: "cron", state: "started" });
 * ```
 */
export async function startSystemdTwins(
  prefix: string,
  options: Omit<SystemdHostsOptions, "count" | "prefix"> = {},
): Promise<SystemdTwins> {
  const lab = await withDeadline(
    300_000,
    "startSystemdHosts",
    () => startSystemdHosts({ count: 2, prefix, ...options }),
  );
  const [ansibleHost, tachyonHost] = lab.hosts;
  const dir = await Deno.makeTempDir({ prefix: `tachyon_${prefix}_test_` });
  await Deno.mkdir(join(dir, "home", "tmp"), { recursive: true });
  for (const become of [true, false]) {
    const suffix = become ? "" : "-plain";
    await Deno.writeTextFile(
      join(dir, `ansible${suffix}.ini`),
      hostLine(ansibleHost, lab.image.keys.plain, become) + "\n",
    );
    await Deno.writeTextFile(
      join(dir, `tachyon${suffix}.ini`),
      hostLine(tachyonHost, lab.image.keys.plain, become) + "\n",
    );
  }
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
      ...(step.check ? ["--check"] : []),
      ...(step.diff ? ["--diff"] : []),
    ];
    const out = await withDeadline(
      step.timeoutMs ?? 120_000,
      `ansible -m ${module}`,
      () =>
        new Deno.Command("/usr/bin/ansible", {
          args: cli,
          cwd: dir,
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
    try {
      const parsed = JSON.parse(text) as {
        plays: { tasks: { hosts: Record<string, Record<string, unknown>> }[] }[];
      };
      return twinClean(parsed.plays[0].tasks[0].hosts[ansibleHost.name]);
    } catch {
      throw new Error(`ansible printed no JSON: ${text}\n${new TextDecoder().decode(out.stderr)}`);
    }
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
    await withDeadline(
      step.timeoutMs ?? 120_000,
      `tachyon ${module}`,
      () =>
        runAdhoc(module, args, tachyonHost.name, {
          inventory,
          extraVars: step.vars ?? {},
          signal: new AbortController().signal,
          observer: {
            playStart() {},
            taskStart() {},
            hostStart() {},
            hostResult: (_task, info) => results.push(info.result),
            message() {},
          },
          check: step.check,
          diff: step.diff,
          env: { PATH: SYSTEM_PATH },
          cwd: dir,
          controller: { projectDir: dir, privateDataDir: dir },
        }),
    );
    if (results.length !== 1) throw new Error(`expected one result, got ${results.length}`);
    return twinClean(results[0]);
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
    both: (module, args, step) =>
      Promise.all([ansible(module, args, step), tachyon(module, args, step)]),
    shell: async (script) => {
      const [a, t] = await Promise.all([ansibleHost.run(script), tachyonHost.run(script)]);
      return [a.stdout, t.stdout];
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
