/**
 * `cron`: one `#Ansible: <name>` job or one `NAME="value"` variable in a
 * user's crontab (read with `crontab -l`, installed with `crontab FILE`,
 * `-u USER` when it is not the connecting user's) or in a `cron_file` (under
 * `/etc/cron.d` unless absolute), by Ansible 2.14's rules (`cron_tab.ts`).
 * One exec reads, the text is edited here, a second exec writes only on a
 * change. Unlike Ansible, a `cron_file` needs no `crontab` program on the
 * target.
 *
 * @module
 */
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { CronTab } from "./cron_tab.ts";
import { BIN_PATH_SH, binPath, MissingProgramError } from "./cron_bin_path.ts";
import { runLibraryScript, type ShellOutput, shellQuote } from "./remote_sh.ts";
import type { ModuleResult } from "../types.ts";

/** The `special_time` values. */
export const CRON_SPECIAL_TIMES = [
  "reboot",
  "yearly",
  "annually",
  "monthly",
  "weekly",
  "daily",
  "hourly",
] as const;

/** Arguments of `cron`. */
export interface CronArgs {
  /** The job's marker name, or the variable's name with `env`. */
  name: string;
  /** Whose crontab (and, in a `cron_file`, who runs the job). */
  user?: string;
  /** The command, or the variable's value with `env` (alias `value`). */
  job?: string;
  /** A file under `/etc/cron.d` (or an absolute path) instead of a user's crontab. */
  cronFile?: string;
  /** `present` (default) or `absent`. */
  state: "present" | "absent";
  /** Keep a copy of the crontab as it was (`backup_file`). */
  backup: boolean;
  /** Minute field (default `*`). */
  minute: string;
  /** Hour field (default `*`). */
  hour: string;
  /** Day-of-month field (alias `dom`). */
  day: string;
  /** Month field. */
  month: string;
  /** Day-of-week field (alias `dow`). */
  weekday: string;
  /** `@reboot`, `@daily`, … instead of the fields. */
  specialTime?: (typeof CRON_SPECIAL_TIMES)[number];
  /** Write the job commented out. */
  disabled: boolean;
  /** Manage a variable instead of a job. */
  env: boolean;
  /** With `env`: put a new variable after this one. */
  insertafter?: string;
  /** With `env`: put a new variable before this one. */
  insertbefore?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Reads the crontab: `C` the content (encoded), `RC` crontab's status,
 * `ID` the user, `X` the kind of `cron_file` (f file, d other, n none),
 * `CT` the crontab program.
 */
function readScript(args: CronArgs, path: string | undefined): string {
  const q = shellQuote;
  const common = `${BIN_PATH_SH}
_cenc() {
  if command -v base64 >/dev/null 2>&1; then printf '%s base64 %s\\n' "$1" "$(base64 | tr -d '\\n')"
  else printf '%s hex %s\\n' "$1" "$(od -An -v -tx1 | tr -d ' \\n')"; fi
}
printf 'ID %s\\n' "$(id -un)"
`;
  if (path !== undefined) {
    return `${common}f=${q(path)}
if [ -f "$f" ]; then echo 'X f'; elif [ -e "$f" ]; then echo 'X d'; else echo 'X n'; fi
if [ -f "$f" ] && [ -r "$f" ]; then _cenc C < "$f"; fi
`;
  }
  return `${common}_tbin CT crontab
ct=$_tbp
[ -n "$ct" ] || exit 0
u=${q(args.user ?? "")}
if [ -n "$u" ] && [ "$(id -un)" != "$u" ]; then set -- -u "$u"; else set --; fi
o=$("$ct" "$@" -l 2>/dev/null; r=$?; echo .; exit $r); rc=$?
printf 'RC %s\\n' "$rc"
printf '%s' "\${o%.}" | _cenc C
`;
}

/** Writes stdin to the crontab (`E` on failure), after the optional backup (`BK`). */
function writeScript(path: string | undefined, args: CronArgs, backup?: string): string {
  const q = shellQuote;
  const lines = ["umask 022"];
  if (backup !== undefined) {
    lines.push(
      `b=$(mktemp "\${TMPDIR:-/tmp}/crontabXXXXXXXX") || { echo 'E Unable to make a backup'; exit 0; }`,
      `printf '%s' ${q(backup)} > "$b" || { echo 'E Unable to make a backup'; exit 0; }`,
      `printf 'BK %s\\n' "$b"`,
    );
  }
  if (path !== undefined) {
    lines.push(
      `f=${q(path)}`,
      `_twrite "$f" || { printf 'E Unable to write %s\\n' "$f"; exit 0; }`,
    );
  } else {
    lines.push(
      BIN_PATH_SH,
      `_tbin CT crontab`,
      `ct=$_tbp`,
      `[ -n "$ct" ] || exit 0`,
      `u=${q(args.user ?? "")}`,
      `if [ -n "$u" ] && [ "$(id -un)" != "$u" ]; then set -- -u "$u"; else set --; fi`,
      `t=$(mktemp "\${TMPDIR:-/tmp}/crontabXXXXXXXX") || { echo 'E Unable to create a temp file'; exit 0; }`,
      `cat > "$t" && chmod 644 "$t"`,
      `err=$("$ct" "$@" "$t" 2>&1 >/dev/null); r=$?`,
      `rm -f -- "$t"`,
      `if [ "$r" != 0 ]; then printf 'ERR %s\\n' "$(printf '%s' "$err" | od -An -v -tx1 | tr -d ' \\n')"; fi`,
    );
  }
  return lines.join("\n") + "\n";
}

function hexText(hex: string): string {
  const bytes = Uint8Array.from((hex.match(/../g) ?? []).map((h) => parseInt(h, 16)));
  return decoder.decode(bytes);
}

/** Where a `cron_file` lives: as given when absolute, else under `/etc/cron.d`. */
function cronFilePath(cronFile: string): string {
  return cronFile.startsWith("/") ? cronFile : `/etc/cron.d/${cronFile}`;
}

function header(args: CronArgs, path: string | undefined): string {
  if (path !== undefined) return path;
  return args.user ? `crontab for user "${args.user}"` : "crontab";
}

/**
 * The `cron` module: results `jobs`, `envs`, `warnings`, `cron_file`,
 * `backup_file` and (with diff) the crontab before and after, as Ansible's.
 *
 * @example
 * ```ts
 * await play.task("cron", {
 *   name: "nightly backup", minute: "0", hour: "2", job: "/usr/local/bin/backup",
 *   cron_file: "backup", user: "root",
 * });
 * ```
 */
export const cronModule: ModuleDefinition<CronArgs> = {
  name: "cron",
  fqcn: "ansible.builtin.cron",
  supportsCheckMode: true,
  targetPaths: ["cronFile"],
  parseArgs(input) {
    const a = ArgReader.from("cron", input, [
      { name: "name" },
      { name: "user" },
      { name: "job", aliases: ["value"] },
      { name: "cron_file" },
      { name: "state" },
      { name: "backup" },
      { name: "minute" },
      { name: "hour" },
      { name: "day", aliases: ["dom"] },
      { name: "month" },
      { name: "weekday", aliases: ["dow"] },
      { name: "special_time" },
      { name: "disabled" },
      { name: "env" },
      { name: "insertafter" },
      { name: "insertbefore" },
    ]);
    const name = a.requiredString("name");
    a.exclusive("insertafter", "insertbefore");
    return {
      name,
      user: a.string("user"),
      job: a.string("job"),
      cronFile: a.string("cron_file"),
      state: ansibleChoice(a, "state", ["present", "absent"] as const) ?? "present",
      backup: a.bool("backup", false),
      minute: a.string("minute") ?? "*",
      hour: a.string("hour") ?? "*",
      day: a.string("day") ?? "*",
      month: a.string("month") ?? "*",
      weekday: a.string("weekday") ?? "*",
      specialTime: ansibleChoice(a, "special_time", CRON_SPECIAL_TIMES),
      disabled: a.bool("disabled", false),
      env: a.bool("env", false),
      insertafter: a.string("insertafter"),
      insertbefore: a.string("insertbefore"),
    };
  },
  async run(ctx, args) {
    try {
      return await runCron(ctx, args);
    } catch (error) {
      if (error instanceof MissingProgramError) {
        return { changed: false, failed: true, msg: error.message };
      }
      throw error;
    }
  },
};

/**
 * `a.choice` with Ansible's message, which lists the choices in their
 * declared order (`present, absent`), not sorted.
 */
function ansibleChoice<T extends string>(
  a: ArgReader,
  name: string,
  choices: readonly T[],
): T | undefined {
  const value = a.string(name);
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw a.error(`value of ${name} must be one of: ${choices.join(", ")}, got: ${value}`);
  }
  return value as T;
}

function fail(msg: string): ModuleResult {
  return { changed: false, failed: true, msg };
}

async function runCron(ctx: ModuleContext, args: CronArgs): Promise<ModuleResult> {
  const install = args.state === "present";
  const warnings: string[] = [];
  const path = args.cronFile !== undefined ? cronFilePath(args.cronFile) : undefined;
  if (args.cronFile !== undefined) {
    if (args.cronFile === "/etc/crontab") {
      return fail("Will not manage /etc/crontab via cron_file, see documentation.");
    }
    const base = args.cronFile.slice(args.cronFile.lastIndexOf("/") + 1);
    if (!/^[A-Z0-9_-]+$/i.test(base)) {
      warnings.push(
        `Filename portion of cron_file ("${base}") should consist solely of upper- and ` +
          `lower-case letters, digits, underscores, and hyphens`,
      );
    }
  }
  const read = await runLibraryScript(ctx, readScript(args, path));
  if (path === undefined) binPath(read, "CT", "crontab");
  const rc = Number(read.first("RC") ?? "0");
  if (rc !== 0 && rc !== 1) return fail("Unable to read crontab");
  const text = decoder.decode(read.bytes("C") ?? new Uint8Array());
  const tab = path !== undefined ? CronTab.fromFile(text, args.user) : CronTab.fromListing(text);
  const before = { before: tab.existing, before_header: header(args, path) };

  if (
    args.specialTime &&
    [args.minute, args.hour, args.day, args.month, args.weekday].some((f) => f !== "*")
  ) {
    return fail("You must specify time and date fields or special time.");
  }
  if (install) {
    if (args.cronFile !== undefined && !args.user) {
      return fail("To use cron_file=... parameter you must specify user=... as well");
    }
    if (args.job === undefined) {
      return fail("You must specify 'job' to install a new cron job or variable");
    }
    if ((args.insertafter || args.insertbefore) && !args.env) {
      return fail("Insertafter and insertbefore parameters are valid only with env=yes");
    }
  }
  const backupText = tab.render();

  let changed = false;
  if (args.env) {
    if (args.name.includes(" ")) return fail("Invalid name for environment variable");
    const decl = `${args.name}="${args.job}"`;
    const old = tab.findEnv(args.name);
    if (install) {
      if (old.length === 0) {
        const error = tab.addEnv(decl, args.insertafter, args.insertbefore);
        if (error) return fail(error);
        changed = true;
      } else if (old[1] !== decl) {
        tab.updateEnv(args.name, decl);
        changed = true;
      }
    } else if (old.length > 0) {
      tab.removeEnv(args.name);
      changed = true;
    }
  } else if (install) {
    const command = args.job!;
    if (/[\r\n]/.test(command.replace(/^[\r\n]+|[\r\n]+$/g, ""))) {
      warnings.push("Job should not contain line breaks");
    }
    const job = tab.jobLine(command, args);
    const old = tab.findJob(args.name, job);
    if (old.length === 0) {
      tab.addJob(args.name, job);
      changed = true;
    }
    if (old.length > 0 && old[1] !== job) {
      tab.updateJob(args.name, job);
      changed = true;
    }
    if (old.length > 2) {
      tab.updateJob(args.name, job);
      changed = true;
    }
  } else if (tab.findJob(args.name).length > 0) {
    tab.removeJob(args.name);
    changed = true;
    if (path !== undefined && tab.isEmpty()) {
      return await removeCronFile(ctx, args, path, read, before);
    }
  }

  if (!changed && tab.existing !== "" && !/[\r\n]$/.test(tab.existing)) changed = true;

  const result: ModuleResult = { changed, jobs: tab.jobNames(), envs: tab.envNames() };
  if (warnings.length > 0) result.warnings = warnings;
  if (changed) {
    if (!ctx.check) {
      const wantBackup = args.backup ? backupText : undefined;
      const out = await runLibraryScript(
        ctx,
        writeScript(path, args, wantBackup),
        encoder.encode(tab.render()),
      );
      const error = out.first("E");
      if (error !== undefined) return fail(error);
      const err = out.first("ERR");
      if (err !== undefined) return fail(hexText(err));
      const backupFile = out.first("BK");
      if (backupFile !== undefined) result.backup_file = backupFile;
    }
    if (ctx.diff) {
      result.diff = { ...before, after: tab.render(), after_header: header(args, path) };
    }
  }
  if (args.cronFile !== undefined) result.cron_file = args.cronFile;
  return result;
}

/** Ansible removes a `cron_file` left without jobs, and says only this. */
async function removeCronFile(
  ctx: ModuleContext,
  args: CronArgs,
  path: string,
  read: ShellOutput,
  before: { before: string; before_header: string },
): Promise<ModuleResult> {
  const diff = ctx.diff ? { ...before, after: "", after_header: "/dev/null" } : {};
  let changed = read.first("X") === "f";
  if (!ctx.check) {
    const out = await runLibraryScript(
      ctx,
      `if rm -- ${shellQuote(path)} 2>/dev/null; then echo 'RM 1'; else echo 'RM 0'; fi\n`,
    );
    changed = out.first("RM") === "1";
  }
  return { changed, cron_file: args.cronFile, state: args.state, diff };
}
