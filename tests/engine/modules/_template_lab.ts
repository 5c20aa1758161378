/**
 * Test support for `template` on real targets: two identical lab hosts, one
 * for the real Ansible 2.14 (`ansible HOST -m template -a JSON -e @vars`,
 * json callback, run in the project dir so `templates/` is found as for a
 * playbook there) and one for tachyon (the engine's `runAdhoc` over ssh,
 * the same project dir as its controller side), both as `lab-sudo` under
 * become.
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
export interface TemplateStep {
  /** `--check`. */
  check?: boolean;
  /** `--diff`. */
  diff?: boolean;
  /** Extra vars (`-e`). */
  vars?: Record<string, unknown>;
}

/** A result as compared: bookkeeping keys dropped, `changed`/`failed` explicit. */
export type Result = Record<string, unknown>;

/** Two lab hosts, a project dir, and the means to run `template` on each. */
export interface TemplatePair extends AsyncDisposable {
  /** The lab. */
  readonly lab: LabHosts;
  /** The project dir (templates under `templates/`). */
  readonly project: string;
  /** The host Ansible runs on. */
  readonly ansibleHost: LabHost;
  /** The host tachyon runs on. */
  readonly tachyonHost: LabHost;
  /** Runs the same step on both: `[ansible, tachyon]`. */
  both(args: Record<string, unknown>, step?: TemplateStep): Promise<[Result, Result]>;
  /** Runs `script` as root on both hosts: `[ansible host's stdout, tachyon host's stdout]`. */
  shell(script: string): Promise<[string, string]>;
  /** Stops the lab and removes the temp dir. */
  stop(): Promise<void>;
}

/**
 * Drops what only one side's machinery adds and makes `changed` and `failed` explicit.
 *
 * @example
 * ```ts
 * cleanResult({ changed: true, invocation: {} }); // { changed: true, failed: false }
 * ```
 */
export function cleanResult(result: Record<string, unknown>): Result {
  const out: Result = { ...result };
  for (const key of ["invocation", "_ansible_no_log", "ansible_facts", "deprecations"]) {
    delete out[key];
  }
  out.changed = out.changed === true;
  out.failed = out.failed === true;
  return out;
}

function hostLine(lab: LabHosts, host: LabHost): string {
  return `${host.name} ansible_host=${host.address} ansible_port=${host.port} ` +
    `ansible_user=${SUDO_NOPASSWD_USER.name} ansible_ssh_private_key_file=${lab.keys.plain} ` +
    `ansible_host_key_checking=false ansible_python_interpreter=/usr/bin/python3 ` +
    `ansible_become=true app_name=demo`;
}

/**
 * Starts two lab hosts named `prefix01` (Ansible's) and `prefix02`
 * (tachyon's), and a project dir holding `templates`.
 *
 * @example
 * ```ts
 * await using pair = await startTemplatePair("tpl", { "motd.j2": "hi {{ x }}\n" });
 * const [a, t] = await pair.both({ src: "motd.j2", dest: "/etc/motd" }, { vars: { x: 1 } });
 * ```
 */
export async function startTemplatePair(
  prefix: string,
  templates: Record<string, string>,
): Promise<TemplatePair> {
  const lab = await withDeadline(
    240_000,
    "startLabHosts",
    () => startLabHosts({ count: 2, namePrefix: prefix }),
  );
  const [ansibleHost, tachyonHost] = lab.hosts;
  const dir = await Deno.makeTempDir({ prefix: `tachyon_${prefix}_test_` });
  const project = join(dir, "project");
  await Deno.mkdir(join(project, "templates"), { recursive: true });
  await Deno.mkdir(join(dir, "home", "tmp"), { recursive: true });
  for (const [name, text] of Object.entries(templates)) {
    await Deno.writeTextFile(join(project, "templates", name), text);
  }
  await Deno.writeTextFile(join(dir, "ansible.ini"), hostLine(lab, ansibleHost) + "\n");
  await Deno.writeTextFile(join(dir, "tachyon.ini"), hostLine(lab, tachyonHost) + "\n");

  const ansible = async (args: Record<string, unknown>, step: TemplateStep): Promise<Result> => {
    const varsFile = join(dir, "vars.json");
    await Deno.writeTextFile(varsFile, JSON.stringify(step.vars ?? {}));
    const cli = [
      "-i",
      join(dir, "ansible.ini"),
      ansibleHost.name,
      "-m",
      "template",
      "-a",
      JSON.stringify(args),
      "-e",
      `@${varsFile}`,
      ...(step.check ? ["--check"] : []),
      ...(step.diff ? ["--diff"] : []),
    ];
    const out = await withDeadline(
      120_000,
      "ansible -m template",
      () =>
        new Deno.Command("/usr/bin/ansible", {
          args: cli,
          cwd: project,
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

  const tachyon = async (args: Record<string, unknown>, step: TemplateStep): Promise<Result> => {
    const inventory = await loadInventory([join(dir, "tachyon.ini")]);
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
      "tachyon template",
      () =>
        runAdhoc("template", args, tachyonHost.name, {
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
    return cleanResult(results[0]);
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
    project,
    ansibleHost,
    tachyonHost,
    both: async (args, step = {}) => [await ansible(args, step), await tachyon(args, step)],
    shell: async (script) => {
      const run = async (h: LabHost) => (await h.run(script)).stdout;
      return [await run(ansibleHost), await run(tachyonHost)];
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
