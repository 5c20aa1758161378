/**
 * What `git` asks a repository and its remote, as Ansible's module asks
 * (same commands, same readings): the current commit, local and remote
 * branches and tags, the branch `HEAD` follows, the remote's URL, and the
 * commit a version names on the remote (`ls-remote`).
 *
 * @module
 */
import { posix } from "node:path";
import { GitFailure, type GitHost } from "./git_host.ts";
import { shellQuote } from "./remote_sh.ts";

/** Python's `str(x)` of a value that may be None. */
const py = (value: string | null | undefined): string => value ?? "None";

/**
 * `git rev-parse REF` in dest, newline removed (empty when it fails).
 *
 * @example
 * ```ts
 * const sha = await getVersion(host, "/srv/app");
 * ```
 */
export async function getVersion(host: GitHost, dest: string, ref = "HEAD"): Promise<string> {
  const { stdout } = await host.run(`${host.git} rev-parse ${ref}`, { cwd: dest });
  return stdout.replace(/\n+$/, "");
}

/**
 * Whether `ls-remote` lists the tag (a substring test, as Ansible's).
 *
 * @example
 * ```ts
 * if (await isRemoteTag(host, dest, "origin", "v1.2")) console.log("a tag");
 * ```
 */
export async function isRemoteTag(
  host: GitHost,
  dest: string | undefined,
  remote: string,
  version: string,
): Promise<boolean> {
  const cmd = `${host.git} ls-remote ${remote} -t refs/tags/${version}`;
  const { stdout } = await host.run(cmd, { cwd: dest, checkRc: true });
  return stdout.includes(version);
}

/**
 * Whether `ls-remote` lists the branch (a substring test, as Ansible's).
 *
 * @example
 * ```ts
 * if (await isRemoteBranch(host, dest, "origin", "main")) console.log("a branch");
 * ```
 */
export async function isRemoteBranch(
  host: GitHost,
  dest: string | undefined,
  remote: string,
  version: string,
): Promise<boolean> {
  const cmd = `${host.git} ls-remote ${remote} -h refs/heads/${version}`;
  const { stdout } = await host.run(cmd, { cwd: dest, checkRc: true });
  return stdout.includes(version);
}

/**
 * The lines of `git branch --no-color -a`, trimmed.
 *
 * @example
 * ```ts
 * const branches = await getBranches(host, "/srv/app"); // ["* main", "remotes/origin/main", …]
 * ```
 */
export async function getBranches(host: GitHost, dest: string): Promise<string[]> {
  const { rc, stdout, stderr } = await host.run(`${host.git} branch --no-color -a`, { cwd: dest });
  if (rc !== 0) {
    throw new GitFailure({
      msg: `Could not determine branch data - received ${stdout}`,
      stdout,
      stderr,
    });
  }
  return stdout.split("\n").map((l) => l.trim()).filter((l) => l !== "");
}

/**
 * Whether `branch` is a local branch.
 *
 * @example
 * ```ts
 * await isLocalBranch(host, "/srv/app", "dev");
 * ```
 */
export async function isLocalBranch(host: GitHost, dest: string, branch: string): Promise<boolean> {
  const branches = await getBranches(host, dest);
  return branches.includes(branch) || branches.includes(`* ${branch}`);
}

/**
 * Whether `HEAD` is detached.
 *
 * @example
 * ```ts
 * await isNotABranch(host, "/srv/app");
 * ```
 */
export async function isNotABranch(host: GitHost, dest: string): Promise<boolean> {
  return (await getBranches(host, dest)).some((b) =>
    b.startsWith("* ") &&
    (b.includes("no branch") || b.includes("detached from") || b.includes("detached at"))
  );
}

/**
 * The repository's dir is not where `.git` says.
 *
 * @example
 * ```ts
 * throw new RepoPathError("/srv/other is not a directory");
 * ```
 */
export class RepoPathError extends Error {
  /** The error name. */
  override name = "RepoPathError";
}

/**
 * The repository's git dir: dest (bare) or `dest/.git`, or where a `.git`
 * file's `gitdir:` points; throws {@linkcode RepoPathError}.
 *
 * @example
 * ```ts
 * const gitDir = await getRepoPath(host, "/srv/app", false); // "/srv/app/.git"
 * ```
 */
export async function getRepoPath(host: GitHost, dest: string, bare: boolean): Promise<string> {
  let repoPath = bare ? dest : posix.join(dest, ".git");
  const text = await host.firstLine(repoPath);
  if (text === undefined) return repoPath;
  const data = text.replace(/\s+$/, "");
  const at = data.indexOf("gitdir: ");
  if (at !== 0) {
    if (at < 0) throw new RepoPathError("not enough values to unpack (expected 2, got 1)");
    throw new RepoPathError(".git file has invalid git dir reference format");
  }
  const gitdir = data.slice("gitdir: ".length);
  repoPath = gitdir.startsWith("/") ? gitdir : posix.join(dest, gitdir);
  const out = await host.sh(`[ ! -d ${shellQuote(repoPath)} ] || echo D\n`);
  if (out.first("D") === undefined) throw new RepoPathError(`${repoPath} is not a directory`);
  return repoPath;
}

/**
 * Ansible's `head_splitter` of a HEAD file's first line: the branch name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { headSplitter } from "./git_refs.ts";
 * assert.equal(headSplitter("ref: refs/heads/main\n", "origin"), "main");
 * assert.equal(headSplitter("ref: refs/remotes/origin/dev\n", "origin"), "dev");
 * ```
 */
export function headSplitter(line: string, remote: string): string | null {
  if (!line) return null;
  const raw = line.replace(`refs/remotes/${remote}`, "");
  const parts = raw.split(" ");
  const ref = parts[parts.length - 1];
  const pieces = splitMax(ref, "/", 2);
  return pieces[pieces.length - 1].replace(/\n+$/, "");
}

/** Python's `text.split(sep, max)`. */
function splitMax(text: string, sep: string, max: number): string[] {
  const parts = text.split(sep);
  return parts.length <= max + 1 ? parts : [...parts.slice(0, max), parts.slice(max).join(sep)];
}

/**
 * The branch `HEAD` is on, or (detached) the one the remote's `HEAD` is on.
 *
 * @example
 * ```ts
 * const branch = await getHeadBranch(host, "/srv/app", "origin"); // "main"
 * ```
 */
export async function getHeadBranch(
  host: GitHost,
  dest: string,
  remote: string,
  bare = false,
): Promise<string | null> {
  let repoPath: string;
  try {
    repoPath = await getRepoPath(host, dest, bare);
  } catch (error) {
    if (!(error instanceof RepoPathError)) throw error;
    throw new GitFailure({
      msg: "Current repo does not have a valid reference to a separate Git dir or it refers " +
        "to the invalid path",
      details: error.message,
    });
  }
  let headfile = posix.join(repoPath, "HEAD");
  if (await isNotABranch(host, dest)) {
    headfile = posix.join(repoPath, "refs", "remotes", remote, "HEAD");
  }
  const line = await host.firstLine(headfile);
  return line === undefined ? null : headSplitter(line, remote);
}

/**
 * The URL of `remote` (`ls-remote --get-url`), null when git cannot say.
 *
 * @example
 * ```ts
 * await getRemoteUrl(host, "/srv/app", "origin"); // "file:///srv/repo.git"
 * ```
 */
export async function getRemoteUrl(
  host: GitHost,
  dest: string,
  remote: string,
): Promise<string | null> {
  const { rc, stdout } = await host.run([host.git, "ls-remote", "--get-url", remote], {
    cwd: dest,
  });
  return rc === 0 ? stdout.replace(/\n+$/, "") : null;
}

/** Normalizes a repository path for comparison (Ansible's `unfrackgitpath`). */
export type Unfrack = (path: string | null) => string | null;

/**
 * Points `remote` at `repo` unless it points there already; whether it changed.
 *
 * @example
 * ```ts
 * const changed = await setRemoteUrl(host, repo, "/srv/app", "origin", unfrack);
 * ```
 */
export async function setRemoteUrl(
  host: GitHost,
  repo: string,
  dest: string,
  remote: string,
  unfrack: Unfrack,
): Promise<boolean> {
  const url = await getRemoteUrl(host, dest, remote);
  if (url === repo || unfrack(url) === unfrack(repo)) return false;
  const { rc, stdout, stderr } = await host.run([host.git, "remote", "set-url", remote, repo], {
    cwd: dest,
  });
  if (rc !== 0) {
    throw new GitFailure({
      msg: `Failed to set a new url ${repo} for ${remote}: ${stdout} ${stderr}`,
    });
  }
  return url !== null;
}

/** A commit on the remote, and the ref that names it (none for a sha). */
export interface RemoteHead {
  /** The commit (or the version as given, when it is not a ref). */
  readonly rev: string;
  /** The ref `ls-remote` was asked about. */
  readonly ref?: string;
}

/** What {@linkcode getRemoteHead} needs to know about the task. */
export interface RemoteHeadTask {
  /** The `repo` argument as given. */
  readonly repoArg: string;
  /** It with `~` expanded. */
  readonly repoExpanded: string;
  /** Whether the repository is bare. */
  readonly bare: boolean;
}

/**
 * The commit `version` names on `remote` (Ansible's `get_remote_head`): the
 * remote's HEAD or branch head, an annotated tag's commit, or the version
 * itself when it is neither a branch nor a tag.
 *
 * @example
 * ```ts
 * const { rev } = await getRemoteHead(host, task, "/srv/app", "main", "origin");
 * ```
 */
export async function getRemoteHead(
  host: GitHost,
  task: RemoteHeadTask,
  dest: string | undefined,
  version: string,
  remote: string,
): Promise<RemoteHead> {
  const cloning = remote === task.repoArg || remote === `file://${task.repoExpanded}`;
  const cwd = cloning ? undefined : dest;
  let cmd: string;
  let ref: string;
  let tag = false;
  if (version === "HEAD") {
    if (cloning) {
      cmd = `${host.git} ls-remote ${remote} -h HEAD`;
      ref = "HEAD";
    } else {
      const branch = py(await getHeadBranch(host, dest!, remote, task.bare));
      ref = `refs/heads/${branch}`;
      cmd = `${host.git} ls-remote ${remote} -h ${ref}`;
    }
  } else if (await isRemoteBranch(host, dest, remote, version)) {
    ref = `refs/heads/${version}`;
    cmd = `${host.git} ls-remote ${remote} -h ${ref}`;
  } else if (await isRemoteTag(host, dest, remote, version)) {
    tag = true;
    ref = `refs/tags/${version}`;
    cmd = `${host.git} ls-remote ${remote} -t ${ref}*`;
  } else {
    return { rev: version };
  }
  const { rc, stdout, stderr } = await host.run(cmd, { cwd, checkRc: true });
  if (stdout.length < 1) {
    throw new GitFailure({
      msg: `Could not determine remote revision for ${version}`,
      stdout,
      stderr,
      rc,
    });
  }
  let out = stdout;
  if (tag) {
    for (const line of stdout.split("\n")) {
      if (line.endsWith(`${version}^{}`)) {
        out = line;
        break;
      } else if (line.endsWith(version)) {
        out = line;
      }
    }
  }
  return { rev: out.trim().split(/\s+/)[0], ref };
}

/**
 * The names of the annotated tags (`for-each-ref refs/tags/`).
 *
 * @example
 * ```ts
 * await getAnnotatedTags(host, "/srv/app"); // ["r1"]
 * ```
 */
export async function getAnnotatedTags(host: GitHost, dest: string): Promise<string[]> {
  const { rc, stdout, stderr } = await host.run(
    [host.git, "for-each-ref", "refs/tags/", "--format", "%(objecttype):%(refname:short)"],
    { cwd: dest },
  );
  if (rc !== 0) {
    throw new GitFailure({
      msg: `Could not determine tag data - received ${stdout}`,
      stdout,
      stderr,
    });
  }
  const tags: string[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.trim()) continue;
    const [type, name] = line.trim().split(":");
    if (type === "tag") tags.push(name);
  }
  return tags;
}
