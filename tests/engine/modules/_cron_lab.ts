/**
 * Test support for `cron`, `hostname` and `sysctl` on lab hosts: two
 * identical hosts, one for the real Ansible 2.14 (`ansible HOST -m MODULE
 * -a JSON`, json callback), one for tachyon (the engine's `runAdhoc` over
 * ssh), both as `lab-sudo` under become, so a test runs each step on both
 * and compares results and the hosts' final state. Results keep
 * `ansible_facts` (hostname reports facts); only each side's bookkeeping is
 * dropped.
 *
 * The lab image has no `crontab` (cron is not in it): {@linkcode installCrontab}
 * gives both hosts the same small stand-in.
 *
 * @module
 */
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
}

/** A result as compared. */
export type TwinResult = Record<string, unknown>;

/** Two lab hosts and the means to run a module step on each. */
export interface LabTwins extends AsyncDisposable {
  /** The lab. */
  readonly lab: LabHosts;
  /** The host Ansible runs on. */
  readonly ansibleHost: LabHost;
  /** The host tachyon runs on. */
  readonly tachyonHost: LabHost;
  /** Runs the same step on both, at once: `[ansible, tachyon]`. */
  both(
    module: string,
    args: Record<string, unknown>,
    options?: TwinStepOptions,
  ): Promise<[TwinResult, TwinResult]>;
  /** Runs `script` as root on both hosts (no ssh): `[ansible host's stdout, tachyon host's]`. */
  shell(script: string): Promise<[string, string]>;
  /** Stops the lab and removes the temp dir. */
  stop(): Promise<void>;
}

/**
 * Drops what only one side's machinery adds (`invocation`, `_ansible_no_log`,
 * the interpreter fact, Ansible's empty `warnings`) and makes `changed` and
 * `failed` explicit.
 *
 * @example
 * ```ts
 * twinClean({ changed: true, invocation: {} }); // { changed: true, failed: false }
 * ```
 */
export function twinClean(result: Record<string, unknown>): TwinResult {
  const out: TwinResult = { ...result };
  for (const key of ["invocation", "_ansible_no_log", "action", "deprecations"]) delete out[key];
  const facts = out.ansible_facts as Record<string, unknown> | undefined;
  if (facts) {
    const kept = { ...facts };
    delete kept.discovered_interpreter_python;
    if (Object.keys(kept).length === 0) delete out.ansible_facts;
    else out.ansible_facts = kept;
  }
  out.changed = out.changed === true;
  out.failed = out.failed === true;
  return out;
}

function hostLine(lab: LabHosts, host: LabHost, become: boolean): string {
  return `${host.name} ansible_host=${host.address} ansible_port=${host.port} ` +
    `ansible_user=${SUDO_NOPASSWD_USER.name} ansible_ssh_private_key_file=${lab.keys.plain} ` +
    `ansible_host_key_checking=false ansible_python_interpreter=/usr/bin/python3 ` +
    `ansible_become=${become ? "true" : "false"}`;
}

/**
 * Runs the real `ansible` on `host` with the json callback; returns its
 * result for that host.
 *
 * @example
 * ```ts
 * const r = await ansibleOnLab(dir, "ansible.ini", "web01", "ping", {});
 * ```
 */
export async function ansibleOnLab(
  dir: string,
  inventory: string,
  pattern: string,
  module: string,
  args: Record<string, unknown>,
  options: TwinStepOptions = {},
): Promise<Record<string, Record<string, unknown>>> {
  const cli = [
    "-i",
    join(dir, inventory),
    pattern,
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
  try {
    const parsed = JSON.parse(text) as {
      plays: { tasks: { hosts: Record<string, Record<string, unknown>> }[] }[];
    };
    return parsed.plays[0].tasks[0].hosts;
  } catch {
    throw new Error(`ansible printed no JSON: ${text}\n${new TextDecoder().decode(out.stderr)}`);
  }
}

/**
 * Starts two lab hosts named `prefix01` (Ansible's) and `prefix02` (tachyon's),
 * with `files` on both.
 *
 * @example
 * ```ts
 * await using twins = await startLabTwins("cron");
 * const [a, t] = await twins.both("cron", { name: "x", job: "true" });
 * ```
 */
export async function startLabTwins(prefix: string, files: LabFiles = {}): Promise<LabTwins> {
  const lab = await withDeadline(
    240_000,
    "startLabHosts",
    () => startLabHosts({ count: 2, namePrefix: prefix, files }),
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
    options: TwinStepOptions = {},
  ): Promise<TwinResult> => {
    const inventory = options.noBecome ? "ansible-plain.ini" : "ansible.ini";
    const hosts = await ansibleOnLab(dir, inventory, ansibleHost.name, module, args, options);
    return twinClean(hosts[ansibleHost.name]);
  };

  const tachyon = async (
    module: string,
    args: Record<string, unknown>,
    options: TwinStepOptions = {},
  ): Promise<TwinResult> => {
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
    // The hosts are independent: both sides run at once.
    both: (module, args, options) =>
      Promise.all([ansible(module, args, options), tachyon(module, args, options)]),
    shell: async (script) => {
      const run = async (h: LabHost) => (await h.run(script)).stdout;
      return [await run(ansibleHost), await run(tachyonHost)];
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/**
 * A stand-in for cron's `crontab` on hosts whose image has none (the lab
 * image has no cron, and this machine no package to take one from): the
 * interface Ansible and tachyon drive, `crontab [-u USER] -l` (`no crontab
 * for USER`, status 1, when there is none) and `crontab [-u USER] FILE`,
 * over `/var/spool/cron/crontabs/USER`, as root. Both sides drive the same
 * program, so the comparison between them stays real.
 */
const CRONTAB_STAND_IN = `#!/bin/sh
# Stand-in for cron's crontab (tests only): -l and FILE, -u USER as root.
dir=/var/spool/cron/crontabs
user=$(id -un)
if [ "$1" = -u ]; then
  [ "$(id -u)" = 0 ] || { echo "must be privileged to use -u" >&2; exit 1; }
  id "$2" >/dev/null 2>&1 || { echo "crontab: user '$2' unknown" >&2; exit 1; }
  user=$2; shift 2
fi
case $1 in
  -l) [ -f "$dir/$user" ] || { echo "no crontab for $user" >&2; exit 1; }
      exec cat "$dir/$user";;
  -*|"") echo "usage: crontab [-u user] { file | -l }" >&2; exit 1;;
esac
cat -- "$1" > "$dir/$user.new" && chmod 600 "$dir/$user.new" && mv -f "$dir/$user.new" "$dir/$user"
`;

/**
 * Makes sure both hosts have a `crontab`: the image's own when it has one,
 * else {@linkcode CRONTAB_STAND_IN} at `/usr/local/bin/crontab`. Returns
 * whether the image's own is used.
 *
 * @example
 * ```ts
 * const real = await installCrontab(twins);
 * ```
 */
export async function installCrontab(twins: LabTwins): Promise<boolean> {
  const [a, t] = await twins.shell("command -v crontab || :");
  if (a.trim() !== "" && t.trim() !== "") return true;
  for (const host of [twins.ansibleHost, twins.tachyonHost]) {
    await Deno.writeTextFile(join(await host.path("/usr/local/bin"), "crontab"), CRONTAB_STAND_IN);
    await host.run("chmod 755 /usr/local/bin/crontab && mkdir -p -m 0730 /var/spool/cron/crontabs");
  }
  return false;
}
