/**
 * `git`: a working copy (or bare repository) on the host at the wanted
 * version, with the host's `git`, step by step as Ansible's module: clone
 * when dest is no repository, else fail on local modifications (unless
 * `force`), point the remote at `repo`, fetch, switch to the version, update
 * submodules, and optionally write a `git archive`. The result has `before`,
 * `after`, `changed`, `remote_url_changed` and, in diff mode, the `git diff`
 * between the two commits (`prepared`). Check mode asks the remote
 * (`ls-remote`) and changes nothing: its diff fetches only the objects it
 * needs (Ansible's fetches refs too).
 *
 * Each git command is one exec with Ansible's environment (`git_host.ts`);
 * the queries are in `git_refs.ts`, the changes in `git_update.ts`, the rest
 * in `git_extras.ts`.
 *
 * @module
 */
import { posix } from "node:path";
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import type { ModuleResult } from "../types.ts";
import { type GitArgs, parseGitArgs } from "./git_args.ts";
import { GitFailure, GitHost } from "./git_host.ts";
import {
  getRemoteHead,
  getRemoteUrl,
  getRepoPath,
  getVersion,
  type RemoteHead,
  RepoPathError,
  setRemoteUrl,
} from "./git_refs.ts";
import {
  atLeast,
  cloneRepo,
  fetchRepo,
  type GitTask,
  hasLocalMods,
  resetHard,
  switchVersion,
} from "./git_update.ts";
import { commitDiff, createArchive, submodulesFetch, submoduleUpdate } from "./git_extras.ts";
import { BIN_PATH_SH, binPath, MissingProgramError } from "./cron_bin_path.ts";
import { PARSABLE_LOCALE_SH } from "./unarchive_locale.ts";
import { runLibraryScript, type ShellOutput, shellQuote } from "./remote_sh.ts";
import { pySplitlines } from "../../python/splitlines.ts";

export type { GitArgs } from "./git_args.ts";

/**
 * The `git` module.
 *
 * @example
 * ```ts
 * await play.task("git", { repo: "https://git.example.org/app.git", dest: "/srv/app", version: "v1.4" });
 * ```
 */
export const gitModule: ModuleDefinition<GitArgs> = {
  name: "git",
  fqcn: "ansible.builtin.git",
  supportsCheckMode: true,
  targetPaths: ["dest", "keyFile", "executable", "archive", "separateGitDir"],
  parseArgs: parseGitArgs,
  async run(ctx, args) {
    const warnings: string[] = [];
    let result: ModuleResult;
    try {
      result = await runGit(ctx, args, warnings);
    } catch (error) {
      if (!(error instanceof GitFailure)) throw error;
      result = { changed: false, ...error.result, failed: true };
    }
    if (warnings.length > 0) result.warnings = warnings;
    for (const key of ["stdout", "stderr"]) {
      if (typeof result[key] === "string" && !(`${key}_lines` in result)) {
        result[`${key}_lines`] = pySplitlines(result[key] as string);
      }
    }
    return result;
  },
};

/** What the first script learns about the host. */
interface HostFacts {
  readonly home: string;
  readonly cwd: string;
  readonly git: string;
  readonly gitVersion: readonly number[] | null;
  readonly locale: string;
  readonly env: Readonly<Record<string, string>>;
  readonly acceptNew: boolean | undefined;
  readonly separateGitDir?: string;
}

const decoder = new TextDecoder();

function probeScript(args: GitArgs): string {
  const git = args.executable !== undefined
    ? `g=${shellQuote(args.executable)}; case "$g" in "~"/*) g="$HOME/\${g#"~/"}";; esac\n`
    : `_tbin G git; g=$_tbp\n[ -n "$g" ] || exit 0\n`;
  const envs = ["GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSH_OPTS"].map((v) =>
    `[ -z "\${${v}+x}" ] || printf 'ENV ${v} %s\\n' "$(printf '%s' "$${v}" | base64 | tr -d '\\n')"`
  ).join("\n");
  return `${BIN_PATH_SH}${PARSABLE_LOCALE_SH}
printf 'HOME %s\\n' "$HOME"
printf 'CWD %s\\n' "$(pwd)"
_uloc; printf 'LOC %s\\n' "$_ul"
${envs}
${git}printf 'GIT %s\\n' "$g"
v=$("$g" --version 2>/dev/null) && printf 'GV %s\\n' "$v"
${
    args.acceptNewhostkey
      ? `_tbin S ssh
[ -z "$_tbp" ] || { "$_tbp" -o StrictHostKeyChecking=accept-new -V >/dev/null 2>&1; printf 'AN %s\\n' "$?"; }\n`
      : ""
  }${
    args.separateGitDir !== undefined
      ? `s=${
        shellQuote(args.separateGitDir)
      }; case "$s" in "~") s=$HOME;; "~/"*) s="$HOME/\${s#"~/"}";; esac
printf 'SEP %s\\n' "$(realpath -m -- "$s" 2>/dev/null || printf '%s' "$s")"\n`
      : ""
  }`;
}

function readProbe(out: ShellOutput, args: GitArgs): HostFacts {
  const env: Record<string, string> = {};
  for (const line of out.all("ENV")) {
    const [name, value = ""] = line.split(" ");
    env[name] = decoder.decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)));
  }
  const version = /git version (\S+)/.exec(out.first("GV") ?? "")?.[1];
  const git = out.first("GIT");
  if (git === undefined) {
    const searched = out.first("G") ?? "N ";
    throw new GitFailure({ msg: new MissingProgramError("git", searched.slice(2)).message });
  }
  if (args.acceptNewhostkey && out.first("S")?.startsWith("N ")) {
    try {
      binPath(out, "S", "ssh");
    } catch (error) {
      throw new GitFailure({
        msg: "Remote host is missing ssh command, so you cannot use acceptnewhostkey option.",
        details: (error as Error).message,
      });
    }
  }
  return {
    home: out.first("HOME") ?? "/",
    cwd: out.first("CWD") ?? "/",
    git,
    gitVersion: version === undefined
      ? null
      : version.split(/[.-]/).map((p) => Number(p)).filter((n) => Number.isFinite(n)),
    locale: out.first("LOC") ?? "C",
    env,
    acceptNew: out.first("AN") === undefined ? undefined : out.first("AN") === "0",
    separateGitDir: out.first("SEP"),
  };
}

/** `~` and `~/…` as the target user's home (Python's `expanduser`). */
function expandUser(path: string, home: string): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return posix.join(home, path.slice(2));
  return path;
}

/** Python's `os.path.abspath` against the module's cwd. */
function absPath(path: string, cwd: string): string {
  const joined = path.startsWith("/") ? path : posix.join(cwd, path);
  const normal = posix.normalize(joined);
  return normal.length > 1 ? normal.replace(/\/+$/, "") : normal;
}

/** `GIT_SSH_COMMAND` as Ansible builds it (`set_git_ssh_env`, git ≥ 2.3). */
function sshCommand(facts: HostFacts, args: GitArgs, sshOpts: string | undefined): string {
  let opts = sshOpts === undefined
    ? (facts.env.GIT_SSH_OPTS ?? "")
    : `${facts.env.GIT_SSH_OPTS ?? ""} ${sshOpts}`;
  if (args.acceptHostkey && !opts.includes("StrictHostKeyChecking=no")) {
    opts += " -o StrictHostKeyChecking=no";
  }
  if (!opts.includes("BatchMode=yes")) opts += " -o BatchMode=yes";
  if (args.keyFile) {
    const key = `-i ${expandUser(args.keyFile, facts.home)}`;
    if (!opts.includes(key)) opts += `  ${key}`;
    if (!opts.includes("IdentitiesOnly=yes")) opts += " -o IdentitiesOnly=yes";
  }
  let full = facts.env.GIT_SSH ?? facts.env.GIT_SSH_COMMAND ?? "ssh";
  if (opts) full += ` ${opts}`;
  return full;
}

/** The task's ssh options after `accept_hostkey` / `accept_newhostkey`. */
function taskSshOpts(
  args: GitArgs,
  facts: HostFacts,
  warn: (m: string) => void,
): string | undefined {
  let opts = args.sshOpts;
  const add = (option: string) => {
    if (opts === undefined) opts = option;
    else if (
      !opts.includes("-o StrictHostKeyChecking=no") &&
      !opts.includes("-o StrictHostKeyChecking=accept-new")
    ) {
      opts += ` ${option}`;
    }
  };
  if (args.acceptHostkey) add("-o StrictHostKeyChecking=no");
  if (args.acceptNewhostkey) {
    if (facts.acceptNew === false) {
      warn(
        "Your ssh client does not support accept_newhostkey option, therefore it cannot be used.",
      );
    } else {
      add("-o StrictHostKeyChecking=accept-new");
    }
  }
  return opts;
}

/** The umask as Ansible reads it, or a failure result. */
function taskUmask(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw new GitFailure({ msg: "umask must be defined as a quoted octal integer" });
  }
  const text = value.trim().replace(/^0o/i, "").replaceAll("_", "");
  if (!/^[+-]?[0-7]+$/.test(text)) {
    throw new GitFailure({
      msg: "umask must be an octal integer",
      details: `invalid literal for int() with base 8: '${value}'`,
    });
  }
  return parseInt(text, 8);
}

async function runGit(
  ctx: ModuleContext,
  taskArgs: GitArgs,
  warnings: string[],
): Promise<ModuleResult> {
  const args: GitArgs = { ...taskArgs };
  const connection = await ctx.connection();
  const facts = readProbe(
    await runLibraryScript(ctx, probeScript(args), undefined, connection),
    args,
  );
  const warn = (message: string) => warnings.push(message);
  const sshOpts = taskSshOpts(args, facts, warn);
  const umask = taskUmask(args.umask);
  const repoExpanded = expandUser(args.repo, facts.home);
  const repo = repoExpanded.startsWith("/") ? `file://${repoExpanded}` : args.repo;
  const host = new GitHost(ctx, connection, {
    git: facts.git,
    locale: facts.locale,
    sshCommand: sshCommand(facts, args, sshOpts),
    umask,
  });
  const unfrack = (path: string | null) =>
    path === null ? null : absPath(expandUser(path, facts.home), facts.cwd);
  const task: GitTask = {
    args,
    repo,
    gitVersion: facts.gitVersion,
    separateGitDir: facts.separateGitDir,
    unfrack,
    warn,
  };
  const result: ModuleResult = { changed: false };
  if (!args.dest && args.clone) {
    throw new GitFailure({ msg: "the destination directory must be specified unless clone=no" });
  }
  const dest = args.dest ? absPath(expandUser(args.dest, facts.home), facts.cwd) : undefined;
  let gitconfig: string | undefined;
  if (dest !== undefined) {
    let repoPath: string;
    try {
      repoPath = await getRepoPath(host, dest, args.bare);
      const separate = facts.separateGitDir;
      if (separate !== undefined && separate !== repoPath && await host.exists(repoPath)) {
        result.changed = true;
        if (!ctx.check) {
          await relocateRepo(host, result, separate, repoPath, dest);
          repoPath = separate;
        }
      }
    } catch (error) {
      if (!(error instanceof RepoPathError)) throw error;
      throw new GitFailure({
        msg: "Current repo does not have a valid reference to a separate Git dir or it refers " +
          "to the invalid path",
        details: error.message,
      });
    }
    gitconfig = posix.join(repoPath, "config");
  }
  if (args.depth !== undefined && !atLeast(facts.gitVersion, [1, 9, 1])) {
    warn(
      "git version is too old to fully support the depth argument. Falling back to full checkouts.",
    );
    args.depth = undefined;
  }
  const headTask = { repoArg: args.repo, repoExpanded, bare: args.bare };
  result.before = null;
  let localMods = false;
  let remoteUrlChanged: boolean | null = false;
  if ((dest !== undefined && !(await host.exists(gitconfig!))) || (!dest && !args.clone)) {
    if (ctx.check || !args.clone) {
      const head = await getRemoteHead(host, headTask, dest, args.version, repo);
      Object.assign(result, { changed: true, after: head.rev });
      if (ctx.diff) result.diff = { prepared: `>> Newly checked out ${head.rev}` };
      return result;
    }
    await cloneRepo(host, task, dest!);
  } else if (!args.update) {
    result.before = await getVersion(host, dest!);
    result.after = result.before;
    if (args.archive !== undefined) {
      if (ctx.check) return { ...result, changed: true };
      await archiveInto(host, task, dest!, result, facts);
    }
    return result;
  } else {
    localMods = await hasLocalMods(host, dest!, args.bare);
    result.before = await getVersion(host, dest!);
    if (localMods) {
      if (!args.force) {
        throw new GitFailure({
          ...result,
          msg: `Local modifications exist in the destination: ${dest} (force=no).`,
        });
      }
      if (!ctx.check) {
        await resetHard(host, dest!);
        Object.assign(result, {
          changed: true,
          msg: `Local modifications exist in the destination: ${dest}`,
        });
      }
    }
    if (ctx.check) {
      const url = await getRemoteUrl(host, dest!, args.remote);
      remoteUrlChanged = url === null || url === ""
        ? null
        : url !== repo && unfrack(url) !== unfrack(repo);
    } else {
      remoteUrlChanged = await setRemoteUrl(host, repo, dest!, args.remote, unfrack);
    }
    result.remote_url_changed = remoteUrlChanged;
    if (ctx.check) {
      const head = await getRemoteHead(host, headTask, dest, args.version, args.remote);
      Object.assign(result, {
        changed: result.before !== head.rev || remoteUrlChanged === true,
        after: head.rev,
      });
      if (ctx.diff && result.before !== head.rev) {
        result.diff = await checkModeDiff(host, dest!, args.remote, String(result.before), head);
      }
      return result;
    }
    await fetchRepo(host, task, dest!, args.version, args.refspec, args.force);
    result.after = await getVersion(host, dest!);
  }
  if (!args.bare) await switchVersion(host, task, dest!);
  let submodulesUpdated = false;
  if (args.recursive && !args.bare) {
    submodulesUpdated = await submodulesFetch(host, args.remote, args.trackSubmodules, dest!);
    if (submodulesUpdated) {
      result.submodules_changed = true;
      await submoduleUpdate(host, dest!, args.trackSubmodules, args.force);
    }
  }
  result.after = await getVersion(host, dest!);
  if (
    result.before !== result.after || localMods || submodulesUpdated || remoteUrlChanged === true
  ) {
    result.changed = true;
    if (ctx.diff) {
      result.diff = result.before === null
        ? { prepared: `>> Newly checked out ${result.after}` }
        : result.before !== result.after
        ? await updateDiff(host, task, dest!, String(result.before), String(result.after))
        : undefined;
      if (result.diff === undefined) delete result.diff;
    }
  }
  if (args.archive !== undefined) await archiveInto(host, task, dest!, result, facts);
  return result;
}

/** Moves the git dir to `separate_git_dir` and leaves a `.git` file pointing there. */
async function relocateRepo(
  host: GitHost,
  result: ModuleResult,
  target: string,
  current: string,
  dest: string,
): Promise<void> {
  if (await host.exists(target)) {
    throw new GitFailure({ msg: `Separate-git-dir path ${target} already exists.` });
  }
  const out = await host.sh(`e=$(mv -- ${shellQuote(current)} ${shellQuote(target)} 2>&1 &&
  printf 'gitdir: %s' ${shellQuote(target)} 2>&1 > ${shellQuote(posix.join(dest, ".git"))}) ||
  { [ ! -e ${shellQuote(target)} ] || mv -- ${shellQuote(target)} ${
    shellQuote(current)
  }; printf 'E %s\\n' "$e"; }
`);
  const error = out.first("E");
  if (error !== undefined) throw new GitFailure({ msg: `Unable to move git dir. ${error}` });
  Object.assign(result, { git_dir_before: current, git_dir_now: target });
}

/** The diff after an update: the commits fetched first when `after` is missing here. */
async function updateDiff(
  host: GitHost,
  task: GitTask,
  dest: string,
  before: string,
  after: string,
): Promise<{ prepared: string }> {
  const present = await host.run([host.git, "cat-file", "-e", `${after}^{commit}`], { cwd: dest });
  if (present.rc !== 0) await fetchRepo(host, task, dest, after, "", false);
  return await commitDiff(host, dest, before, after);
}

/**
 * The diff of check mode: the remote's commit is fetched as objects only
 * (no ref, no tag, no `FETCH_HEAD` changes), then compared.
 */
async function checkModeDiff(
  host: GitHost,
  dest: string,
  remote: string,
  before: string,
  head: RemoteHead,
): Promise<{ prepared: string }> {
  const present = await host.run([host.git, "cat-file", "-e", `${head.rev}^{commit}`], {
    cwd: dest,
  });
  if (present.rc !== 0 && head.ref !== undefined) {
    await host.run(
      [host.git, "fetch", "--no-write-fetch-head", "--no-tags", "--refmap=", remote, head.ref],
      { cwd: dest },
    );
  }
  return await commitDiff(host, dest, before, head.rev);
}

async function archiveInto(
  host: GitHost,
  task: GitTask,
  dest: string,
  result: ModuleResult,
  facts: HostFacts,
): Promise<void> {
  const { args } = task;
  const archive = expandUser(args.archive!, facts.home);
  result.changed = await createArchive(
    host,
    dest,
    archive,
    args.archivePrefix,
    args.version,
    task.repo,
  );
}
