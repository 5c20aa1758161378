/**
 * `sysctl` (Ansible's `ansible.posix.sysctl`, which `sysctl` names in a
 * playbook): one `key=value` entry of a `sysctl.conf` file, optionally the
 * running value (`sysctl_set`) and a reload (`sysctl -p FILE`), by the
 * rules in `sysctl_conf.ts`. One exec reads the running value and the file,
 * a second acts, only on a change and never in check mode. The result is
 * only `changed`, as Ansible's.
 *
 * @module
 */
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { BIN_PATH_SH, binPath, MissingProgramError } from "./cron_bin_path.ts";
import { runLibraryScript, type ShellOutput, shellQuote } from "./remote_sh.ts";
import { planSysctl, sysctlValue } from "./sysctl_conf.ts";
import type { ModuleResult } from "../types.ts";

/** Arguments of `sysctl`. */
export interface SysctlArgs {
  /** The key (alias `key`), trimmed. */
  name: string;
  /** The value (alias `val`), normalized (`yes` → `1`); empty for none. */
  value: string;
  /** `present` (default) or `absent`. */
  state: "present" | "absent";
  /** Reload the file when it changed (default true). */
  reload: boolean;
  /** Also set the running value with `sysctl -w` when it differs. */
  sysctlSet: boolean;
  /** Ignore errors about unknown keys (`sysctl -e`). */
  ignoreerrors: boolean;
  /** The file (default `/etc/sysctl.conf`). */
  sysctlFile: string;
}

const decoder = new TextDecoder();

/** `_senc TAG` encodes stdin; `_srun TAG cmd…` runs a command and, when it fails (or sysctl's stderr says so), prints `TAG` lines and ends the script. */
const SYSCTL_SH = `${BIN_PATH_SH}
_senc() {
  if command -v base64 >/dev/null 2>&1; then printf '%s base64 %s\\n' "$1" "$(base64 | tr -d '\\n')"
  else printf '%s hex %s\\n' "$1" "$(od -An -v -tx1 | tr -d ' \\n')"; fi
}
_srun() {
  _st=$1; shift
  _sef=$(mktemp 2>/dev/null) || _sef=/dev/null
  _so=$(LANG=C LC_ALL=C LC_MESSAGES=C "$@" 2>"$_sef"; _sr=$?; echo .; exit $_sr); _sr=$?
  _se=$(cat "$_sef" 2>/dev/null; echo .)
  [ "$_sef" = /dev/null ] || rm -f -- "$_sef"
  if [ "$_sr" != 0 ] || printf '%s' "\${_se%.}" |
    grep -Eq '^sysctl: setting key "[^"]+": (Invalid argument|Read-only file system)$'; then
    printf '%sR %s\\n' "$_st" "$_sr"
    printf '%s' "\${_so%.}" | _senc "\${_st}O"
    printf '%s' "\${_se%.}" | _senc "\${_st}E"
    exit 0
  fi
}
`;

function readScript(args: SysctlArgs): string {
  return `${SYSCTL_SH}
_tbin S sysctl
[ -n "$_tbp" ] || exit 0
o=$(LANG=C LC_ALL=C LC_MESSAGES=C "$_tbp" -e -n ${
    shellQuote(args.name)
  } 2>/dev/null; r=$?; echo .; exit $r)
printf 'CR %s\\n' "$?"
printf '%s' "\${o%.}" | _senc CV
f=${shellQuote(args.sysctlFile)}
if [ -f "$f" ]; then
  if [ -r "$f" ]; then _tenc F "$f"; else echo 'FE 1'; fi
fi
`;
}

function text(out: ShellOutput, tag: string): string {
  return decoder.decode(out.bytes(tag) ?? new Uint8Array());
}

/**
 * The `sysctl` module. Only keys the target's kernel scopes to what the
 * play means to change should be set: in a container or network namespace,
 * `net.*` keys are the namespace's own; most others are the machine's.
 *
 * @example
 * ```ts
 * await play.task("sysctl", { name: "net.ipv4.ip_forward", value: "1", sysctl_set: true });
 * ```
 */
export const sysctlModule: ModuleDefinition<SysctlArgs> = {
  name: "sysctl",
  fqcn: "ansible.posix.sysctl",
  supportsCheckMode: true,
  targetPaths: ["sysctlFile"],
  parseArgs(input) {
    const a = ArgReader.from("sysctl", input, [
      { name: "name", aliases: ["key"] },
      { name: "value", aliases: ["val"] },
      { name: "state" },
      { name: "reload" },
      { name: "sysctl_set" },
      { name: "ignoreerrors" },
      { name: "sysctl_file" },
    ]);
    const name = a.requiredString("name");
    const stateText = a.string("state") ?? "present";
    if (stateText !== "present" && stateText !== "absent") {
      throw a.error(`value of state must be one of: present, absent, got: ${stateText}`);
    }
    const state = stateText;
    const rawValue = a.string("value");
    if (state === "present" && rawValue === undefined) {
      throw a.error("state is present but all of the following are missing: value");
    }
    const args: SysctlArgs = {
      name: name.trim(),
      value: sysctlValue(rawValue),
      state,
      reload: a.bool("reload", true),
      sysctlSet: a.bool("sysctl_set", false),
      ignoreerrors: a.bool("ignoreerrors", false),
      sysctlFile: a.string("sysctl_file") ?? "/etc/sysctl.conf",
    };
    if (name === "") throw a.error("name cannot be blank");
    if (state === "present" && rawValue === "") throw a.error("value cannot be blank");
    return args;
  },
  async run(ctx, args) {
    try {
      return await runSysctl(ctx, args);
    } catch (error) {
      if (error instanceof MissingProgramError) {
        return { changed: false, failed: true, msg: error.message };
      }
      throw error;
    }
  },
};

async function runSysctl(ctx: ModuleContext, args: SysctlArgs): Promise<ModuleResult> {
  const read = await runLibraryScript(ctx, readScript(args));
  binPath(read, "S", "sysctl");
  if (read.first("FE") !== undefined) {
    return {
      changed: false,
      failed: true,
      msg: `Failed to open ${args.sysctlFile}: [Errno 13] Permission denied: '${args.sysctlFile}'`,
    };
  }
  const proc = read.first("CR") === "0" ? text(read, "CV") : undefined;
  const plan = planSysctl(
    {
      name: args.name,
      value: args.value,
      state: args.state,
      reload: args.reload,
      sysctlSet: args.sysctlSet,
    },
    proc,
    text(read, "F"),
  );
  if (ctx.check || !(plan.setProc || plan.writeFile || plan.reload)) {
    return { changed: plan.changed };
  }
  const e = args.ignoreerrors ? "-e " : "";
  const steps = ["_tbin S sysctl >/dev/null", `s=$_tbp`];
  if (plan.setProc) {
    steps.push(`_srun SET "$s" ${e}-w ${shellQuote(`${args.name}=${args.value}`)}`);
  }
  if (plan.writeFile) {
    steps.push(
      `_twrite ${shellQuote(args.sysctlFile)} || ` +
        `{ printf 'E Unable to write %s\\n' ${shellQuote(args.sysctlFile)}; exit 0; }`,
    );
  }
  if (plan.reload) steps.push(`_srun RL "$s" ${e}-p ${shellQuote(args.sysctlFile)}`);
  const out = await runLibraryScript(
    ctx,
    `${SYSCTL_SH}\n${steps.join("\n")}\n`,
    plan.writeFile ? new TextEncoder().encode(plan.text) : undefined,
  );
  if (out.first("SETR") !== undefined) {
    return {
      changed: false,
      failed: true,
      msg: `setting ${args.name} failed: ${text(out, "SETO")}${text(out, "SETE")}`,
    };
  }
  const error = out.first("E");
  if (error !== undefined) return { changed: false, failed: true, msg: error };
  if (out.first("RLR") !== undefined) {
    return {
      changed: false,
      failed: true,
      msg: `Failed to reload sysctl: ${text(out, "RLO")}${text(out, "RLE")}`,
    };
  }
  return { changed: plan.changed };
}
