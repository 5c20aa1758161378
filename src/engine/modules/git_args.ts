/**
 * The arguments of `git`, read with Ansible's names, aliases, defaults and
 * messages.
 *
 * @module
 */
import { ArgReader } from "./args.ts";
import type { ModuleArgsInput } from "./module.ts";

/** Arguments of `git`, normalized. */
export interface GitArgs {
  /** The repository's URL or path (alias `name`). */
  repo: string;
  /** Where the working copy (or bare repository) lives. */
  dest?: string;
  /** Branch, tag, commit or `HEAD` (default). */
  version: string;
  /** The remote's name (default `origin`). */
  remote: string;
  /** One more refspec to fetch. */
  refspec?: string;
  /** A repository to borrow objects from (`git clone --reference`). */
  reference?: string;
  /** Discard local modifications. */
  force: boolean;
  /** A shallow clone of this many commits. */
  depth?: number;
  /** Clone when dest is not a repository yet (default true). */
  clone: boolean;
  /** Fetch and switch an existing repository (default true). */
  update: boolean;
  /** Verify the GPG signature of the commit or tag. */
  verifyCommit: boolean;
  /** Fingerprints `verify_commit` accepts (all when empty). */
  gpgWhitelist: string[];
  /** `StrictHostKeyChecking=no` for ssh URLs. */
  acceptHostkey: boolean;
  /** `StrictHostKeyChecking=accept-new` for ssh URLs. */
  acceptNewhostkey: boolean;
  /** A private key on the host for ssh URLs. */
  keyFile?: string;
  /** More ssh options (`GIT_SSH_COMMAND`). */
  sshOpts?: string;
  /** The git program on the host. */
  executable?: string;
  /** A bare repository. */
  bare: boolean;
  /** Initialize and update submodules (default true). */
  recursive: boolean;
  /** Clone only the wanted branch's history. */
  singleBranch: boolean;
  /** Follow the submodules' `master` instead of the recorded commits. */
  trackSubmodules: boolean;
  /** The umask as given (a string of octal digits; anything else fails when run). */
  umask?: unknown;
  /** Also write `git archive` of the version to this file. */
  archive?: string;
  /** The prefix of the archive's paths. */
  archivePrefix?: string;
  /** Keep the repository's `.git` dir here. */
  separateGitDir?: string;
}

const PARAMS = [
  { name: "dest" },
  { name: "repo", aliases: ["name"] },
  { name: "version" },
  { name: "remote" },
  { name: "refspec" },
  { name: "reference" },
  { name: "force" },
  { name: "depth" },
  { name: "clone" },
  { name: "update" },
  { name: "verify_commit" },
  { name: "gpg_whitelist" },
  { name: "accept_hostkey" },
  { name: "accept_newhostkey" },
  { name: "key_file" },
  { name: "ssh_opts" },
  { name: "executable" },
  { name: "bare" },
  { name: "recursive" },
  { name: "single_branch" },
  { name: "track_submodules" },
  { name: "umask" },
  { name: "archive" },
  { name: "archive_prefix" },
  { name: "separate_git_dir" },
] as const;

/**
 * Reads `git`'s arguments; throws `ModuleArgsError` with Ansible's text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseGitArgs } from "./git_args.ts";
 * const args = parseGitArgs({ repo: "https://example.org/app.git", dest: "/srv/app" });
 * assert.equal(args.version, "HEAD");
 * assert.equal(args.remote, "origin");
 * ```
 */
export function parseGitArgs(input: ModuleArgsInput): GitArgs {
  const a = ArgReader.from("git", input, PARAMS);
  if (!a.has("repo")) throw a.error("missing required arguments: repo");
  a.exclusive("separate_git_dir", "bare");
  a.exclusive("accept_hostkey", "accept_newhostkey");
  if (a.has("archive_prefix") && !a.has("archive")) {
    throw a.error("missing parameter(s) required by 'archive_prefix': archive");
  }
  const depth = a.has("depth") ? a.number("depth", 0) : undefined;
  if (depth !== undefined && !Number.isInteger(depth)) {
    throw a.error(
      `argument 'depth' is of type <class '${
        typeof a.values.depth === "number" ? "float" : "str"
      }'> and we were unable to convert to int`,
    );
  }
  return {
    repo: a.requiredString("repo"),
    dest: a.string("dest") || undefined,
    version: a.string("version") ?? "HEAD",
    remote: a.string("remote") ?? "origin",
    refspec: a.string("refspec"),
    reference: a.string("reference"),
    force: a.bool("force", false),
    depth,
    clone: a.bool("clone", true),
    update: a.bool("update", true),
    verifyCommit: a.bool("verify_commit", false),
    gpgWhitelist: a.list("gpg_whitelist") ?? [],
    acceptHostkey: a.bool("accept_hostkey", false),
    acceptNewhostkey: a.bool("accept_newhostkey", false),
    keyFile: a.string("key_file"),
    sshOpts: a.string("ssh_opts"),
    executable: a.string("executable"),
    bare: a.bool("bare", false),
    recursive: a.bool("recursive", true),
    singleBranch: a.bool("single_branch", false),
    trackSubmodules: a.bool("track_submodules", false),
    umask: a.values.umask,
    archive: a.string("archive"),
    archivePrefix: a.string("archive_prefix"),
    separateGitDir: a.string("separate_git_dir"),
  };
}
