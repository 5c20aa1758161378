/**
 * How `git` changes a repository, as Ansible's module does (same commands,
 * same order, same failure messages): clone, local modifications and their
 * reset, fetch (shallow when it can), and the switch to the wanted version.
 *
 * @module
 */
import { posix } from "node:path";
import { GitFailure, type GitHost } from "./git_host.ts";
import {
  getAnnotatedTags,
  getHeadBranch,
  isLocalBranch,
  isRemoteBranch,
  isRemoteTag,
  setRemoteUrl,
  type Unfrack,
} from "./git_refs.ts";
import type { GitArgs } from "./git_args.ts";
import { shellQuote } from "./remote_sh.ts";

/** The task's arguments with what the module derived from them. */
export interface GitTask {
  /** The arguments. */
  readonly args: GitArgs;
  /** The repository, a path turned into a `file://` URL. */
  readonly repo: string;
  /** The git version, when known (`[major, minor, patch]`). */
  readonly gitVersion: readonly number[] | null;
  /** The separate git dir, resolved. */
  readonly separateGitDir?: string;
  /** Normalizes a repository path for comparisons. */
  readonly unfrack: Unfrack;
  /** Collects a warning. */
  warn(message: string): void;
}

/**
 * Whether version `v` is at least `min` (Ansible's `LooseVersion` compare).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { atLeast } from "./git_update.ts";
 * assert.equal(atLeast([2, 39, 5], [1, 9, 1]), true);
 * ```
 */
export function atLeast(v: readonly number[] | null, min: readonly number[]): boolean {
  if (v === null) return false;
  for (let i = 0; i < Math.max(v.length, min.length); i++) {
    const a = v[i] ?? -1, b = min[i] ?? -1;
    if (a !== b) return a > b;
  }
  return true;
}

/**
 * Clones `repo` into dest (Ansible's `clone`), then adds the remote of a
 * bare clone, fetches `refspec` and verifies the signature as asked.
 *
 * @example
 * ```ts
 * await cloneRepo(host, task, "/srv/app");
 * ```
 */
export async function cloneRepo(host: GitHost, task: GitTask, dest: string): Promise<void> {
  const { args, repo } = task;
  const parent = posix.dirname(dest);
  await host.sh(`mkdir -p -- ${shellQuote(parent)} 2>/dev/null || :\n`);
  const cmd = [host.git, "clone"];
  if (args.bare) cmd.push("--bare");
  else cmd.push("--origin", args.remote);
  const branchOrTag = await isRemoteBranch(host, dest, repo, args.version) ||
    await isRemoteTag(host, dest, repo, args.version);
  if (args.depth) {
    if (args.version === "HEAD" || args.refspec) cmd.push("--depth", String(args.depth));
    else if (branchOrTag) cmd.push("--depth", String(args.depth), "--branch", args.version);
    else {
      task.warn(
        "Ignoring depth argument. Shallow clones are only available for HEAD, branches, tags " +
          "or in combination with refspec.",
      );
    }
  }
  if (args.reference) cmd.push("--reference", args.reference);
  if (args.singleBranch) {
    if (task.gitVersion === null) {
      throw new GitFailure({ msg: `Cannot find git executable at ${host.git}` });
    }
    if (!atLeast(task.gitVersion, [1, 7, 10])) {
      task.warn(
        `git version '${task.gitVersion.join(".")}' is too old to use 'single-branch'. Ignoring.`,
      );
    } else {
      cmd.push("--single-branch");
      if (branchOrTag) cmd.push("--branch", args.version);
    }
  }
  if (task.separateGitDir !== undefined) cmd.push(`--separate-git-dir=${task.separateGitDir}`);
  cmd.push(repo, dest);
  await host.run(cmd, { cwd: parent, checkRc: true });
  if (args.bare && args.remote !== "origin") {
    await host.run([host.git, "remote", "add", args.remote, repo], { cwd: dest, checkRc: true });
  }
  if (args.refspec) {
    const fetch = [host.git, "fetch"];
    if (args.depth) fetch.push("--depth", String(args.depth));
    fetch.push(args.remote, args.refspec);
    await host.run(fetch, { cwd: dest, checkRc: true });
  }
  if (args.verifyCommit) await verifyCommitSign(host, dest, args.version, args.gpgWhitelist);
}

/**
 * Whether the working copy has changes to tracked files (untracked files
 * do not count; a bare repository has none).
 *
 * @example
 * ```ts
 * if (await hasLocalMods(host, "/srv/app", false)) console.log("modified");
 * ```
 */
export async function hasLocalMods(host: GitHost, dest: string, bare: boolean): Promise<boolean> {
  if (bare) return false;
  const { stdout } = await host.run(`${host.git} status --porcelain`, { cwd: dest });
  return stdout.split(/\r\n|\r|\n/).filter((l) => l !== "" && !l.startsWith("??")).length > 0;
}

/**
 * `git reset --hard HEAD`.
 *
 * @example
 * ```ts
 * await resetHard(host, "/srv/app");
 * ```
 */
export async function resetHard(host: GitHost, dest: string): Promise<void> {
  await host.run(`${host.git} reset --hard HEAD`, { cwd: dest, checkRc: true });
}

/**
 * Fetches from the remote (Ansible's `fetch`): the URL set first, then the
 * fewest refs a shallow repository needs, else every branch and tag.
 *
 * @example
 * ```ts
 * await fetchRepo(host, task, "/srv/app", "main", false);
 * ```
 */
export async function fetchRepo(
  host: GitHost,
  task: GitTask,
  dest: string,
  version: string,
  refspec: string | undefined,
  force: boolean,
): Promise<void> {
  const { args, repo } = task;
  await setRemoteUrl(host, repo, dest, args.remote, task.unfrack);
  const cmd = [host.git, "fetch"];
  let refspecs: string[] = [];
  if (args.depth) {
    const current = await getHeadBranch(host, dest, args.remote);
    if (refspec) refspecs.push(refspec);
    else if (version === "HEAD") refspecs.push(current ?? "None");
    else if (await isRemoteBranch(host, dest, repo, version)) {
      if (current !== version) refspecs.push(`+refs/heads/${version}:refs/heads/${version}`);
      refspecs.push(`+refs/heads/${version}:refs/remotes/${args.remote}/${version}`);
    } else if (await isRemoteTag(host, dest, repo, version)) {
      refspecs.push(`+refs/tags/${version}:refs/tags/${version}`);
    }
    if (refspecs.length > 0) cmd.push("--depth", String(args.depth));
  }
  if (!args.depth || refspecs.length === 0) {
    if (args.bare) refspecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];
    else cmd.push("--tags");
    if (refspec) refspecs.push(refspec);
  }
  if (force) cmd.push("--force");
  cmd.push(args.remote, ...refspecs);
  const { rc, stdout, stderr } = await host.run(cmd, { cwd: dest });
  if (rc !== 0) {
    throw new GitFailure({
      msg: `Failed to download remote objects and refs: ${stdout} ${stderr}`,
      cmd,
    });
  }
}

/**
 * Checks out the wanted version (Ansible's `switch_version`): the remote
 * branch's head (tracking it), a tag or a commit; then verifies it.
 *
 * @example
 * ```ts
 * await switchVersion(host, task, "/srv/app");
 * ```
 */
export async function switchVersion(host: GitHost, task: GitTask, dest: string): Promise<void> {
  const { args } = task;
  const { remote, version, depth } = args;
  let cmd: string;
  let branch: string | null = null;
  if (version === "HEAD") {
    branch = await getHeadBranch(host, dest, remote);
    const out = await host.run(`${host.git} checkout --force ${branch ?? "None"}`, { cwd: dest });
    if (out.rc !== 0) {
      throw new GitFailure({ msg: `Failed to checkout branch ${branch ?? "None"}`, ...out });
    }
    cmd = `${host.git} reset --hard ${remote}/${branch ?? "None"} --`;
  } else if (await isRemoteBranch(host, dest, remote, version)) {
    if (depth && !(await isLocalBranch(host, dest, version))) {
      await setRemoteBranch(host, dest, remote, version, depth);
    }
    if (!(await isLocalBranch(host, dest, version))) {
      cmd = `${host.git} checkout --track -b ${version} ${remote}/${version}`;
    } else {
      const out = await host.run(`${host.git} checkout --force ${version}`, { cwd: dest });
      if (out.rc !== 0) {
        throw new GitFailure({ msg: `Failed to checkout branch ${version}`, ...out });
      }
      cmd = `${host.git} reset --hard ${remote}/${version}`;
    }
  } else {
    cmd = `${host.git} checkout --force ${version}`;
  }
  const out = await host.run(cmd, { cwd: dest });
  if (out.rc !== 0) {
    const msg = version !== "HEAD"
      ? `Failed to checkout ${version}`
      : `Failed to checkout branch ${branch ?? "None"}`;
    throw new GitFailure({ msg, ...out, cmd });
  }
  if (args.verifyCommit) await verifyCommitSign(host, dest, version, args.gpgWhitelist);
}

async function setRemoteBranch(
  host: GitHost,
  dest: string,
  remote: string,
  version: string,
  depth: number,
): Promise<void> {
  const refs = `+refs/heads/${version}:refs/heads/${version} ` +
    `+refs/heads/${version}:refs/remotes/${remote}/${version}`;
  const out = await host.run(`${host.git} fetch --depth=${depth} ${remote} ${refs}`, { cwd: dest });
  if (out.rc !== 0) {
    throw new GitFailure({ msg: `Failed to fetch branch from remote: ${version}`, ...out });
  }
}

/**
 * Verifies the GPG signature of a commit or annotated tag (and, with a
 * whitelist, that its key is listed).
 *
 * @example
 * ```ts
 * await verifyCommitSign(host, "/srv/app", "v1.2", []);
 * ```
 */
export async function verifyCommitSign(
  host: GitHost,
  dest: string,
  version: string,
  whitelist: readonly string[],
): Promise<void> {
  const sub = (await getAnnotatedTags(host, dest)).includes(version)
    ? "verify-tag"
    : "verify-commit";
  let cmd = `${host.git} ${sub} ${version}`;
  if (whitelist.length > 0) cmd += " --raw";
  const out = await host.run(cmd, { cwd: dest });
  if (out.rc !== 0) {
    throw new GitFailure({
      msg: `Failed to verify GPG signature of commit/tag "${version}"`,
      ...out,
    });
  }
  if (whitelist.length > 0) {
    const fingerprint = gpgFingerprint(out.stderr);
    if (fingerprint === undefined || !whitelist.includes(fingerprint)) {
      throw new GitFailure({
        msg: `The gpg_whitelist does not include the public key "${
          fingerprint ?? "None"
        }" for this commit`,
        ...out,
      });
    }
  }
}

/**
 * The signing key's fingerprint in gpg's `--raw` status output.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gpgFingerprint } from "./git_update.ts";
 * assert.equal(gpgFingerprint("[GNUPG:] VALIDSIG ABC 2024-01-01 1 0 4 0 1 10 00 DEF\n"), "ABC");
 * ```
 */
export function gpgFingerprint(output: string): string | undefined {
  for (const line of output.split(/\r\n|\r|\n/)) {
    const data = line.trim().split(/\s+/);
    if (data[1] !== "VALIDSIG") continue;
    // Ansible reads field 11 of an 11-field line (and fails); every other line gives field 2.
    return data[2];
  }
  return undefined;
}
