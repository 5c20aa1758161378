/**
 * The typed task arguments of `git` (types only; `task_args.ts` maps the
 * module name to them).
 *
 * @module
 */

/**
 * `git`: a working copy at the wanted version.
 *
 * @example
 * ```ts
 * import type { GitTaskArgs } from "./git_task_args.ts";
 * const args: GitTaskArgs = { repo: "https://git.example.org/app.git", dest: "/srv/app", version: "v1.4" };
 * ```
 */
export type GitTaskArgs =
  & (
    | {
      /** The repository's URL or path on the host. */ repo: string; /** Not with `repo`. */
      name?: never;
    }
    | { /** The same as `repo`. */ name: string; /** Not with `name`. */ repo?: never }
  )
  & {
    /** Where the working copy (or bare repository) lives; required unless `clone: false`. */
    dest?: string;
    /** Branch, tag, commit or `HEAD` (default). */
    version?: string;
    /** The remote's name (default `origin`). */
    remote?: string;
    /** One more refspec to fetch (`refs/pull/*`, …). */
    refspec?: string;
    /** A local repository to borrow objects from (`git clone --reference`). */
    reference?: string;
    /** Discard local modifications of tracked files. */
    force?: boolean;
    /** A shallow clone of this many commits. */
    depth?: number;
    /** Clone when dest is not a repository yet (default true). */
    clone?: boolean;
    /** Fetch and switch an existing repository (default true). */
    update?: boolean;
    /** Verify the GPG signature of the commit or tag (needs gpg and the key on the host). */
    verify_commit?: boolean;
    /** Key fingerprints `verify_commit` accepts (all when empty). */
    gpg_whitelist?: string | readonly string[];
    /** `StrictHostKeyChecking=no` for ssh URLs; not with `accept_newhostkey`. */
    accept_hostkey?: boolean;
    /** `StrictHostKeyChecking=accept-new` for ssh URLs; not with `accept_hostkey`. */
    accept_newhostkey?: boolean;
    /** A private key on the host for ssh URLs. */
    key_file?: string;
    /** More ssh options (`-o Port=2222`, …). */
    ssh_opts?: string;
    /** The git program on the host. */
    executable?: string;
    /** A bare repository; not with `separate_git_dir`. */
    bare?: boolean;
    /** Initialize and update submodules (default true). */
    recursive?: boolean;
    /** Clone only the wanted branch's history. */
    single_branch?: boolean;
    /** Follow the submodules' `master` instead of the recorded commits. */
    track_submodules?: boolean;
    /** The umask of the checkout, as an octal string (`"0022"`). */
    umask?: string;
    /** Also write `git archive` of the version to this `.zip`, `.tar`, `.tar.gz` or `.tgz` file. */
    archive?: string;
    /** The prefix of the archive's paths (needs `archive`). */
    archive_prefix?: string;
    /** Keep the repository's git dir here instead of `dest/.git`. */
    separate_git_dir?: string;
  };
