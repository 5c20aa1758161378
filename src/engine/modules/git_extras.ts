/**
 * The rest of Ansible's `git` module: submodules (are they behind, update
 * them), the `diff` between two commits (`prepared` text), and `archive`
 * (`git archive` of the version, replaced only when its bytes differ).
 *
 * @module
 */
import { posix } from "node:path";
import { GitFailure, type GitHost } from "./git_host.ts";
import { shellQuote } from "./remote_sh.ts";
import { shlexSplit } from "../../python/shlex.ts";
import { pySplitlines } from "../../python/splitlines.ts";

/**
 * The commit of each submodule at `version` (`submodule foreach rev-parse`).
 *
 * @example
 * ```ts
 * await submoduleVersions(host, "/srv/app"); // { "lib/x": "4c02…" }
 * ```
 */
export async function submoduleVersions(
  host: GitHost,
  dest: string,
  version = "HEAD",
): Promise<Record<string, string>> {
  const out = await host.run([host.git, "submodule", "foreach", host.git, "rev-parse", version], {
    cwd: dest,
  });
  if (out.rc !== 0) {
    throw new GitFailure({ msg: "Unable to determine hashes of submodules", ...out });
  }
  const versions: Record<string, string> = {};
  let name: string | null = null;
  for (const line of pySplitlines(out.stdout)) {
    if (line.startsWith("Entering '")) name = line.slice(10, -1);
    else if (line.trim().length === 40) {
      if (name === null) throw new GitFailure({ msg: "Unable to parse submodule hash line" });
      versions[name] = line.trim();
      name = null;
    } else {
      throw new GitFailure({ msg: `Unable to parse submodule hash line: ${line.trim()}` });
    }
  }
  if (name !== null) throw new GitFailure({ msg: `Unable to find hash for submodule: ${name}` });
  return versions;
}

/**
 * Whether the submodules need an update (Ansible's `submodules_fetch`): a
 * new one not checked out, or after `submodule foreach fetch`, one whose
 * `master` moved (`track_submodules`) or whose commit differs from the
 * superproject's.
 *
 * @example
 * ```ts
 * if (await submodulesFetch(host, "origin", false, "/srv/app")) console.log("behind");
 * ```
 */
export async function submodulesFetch(
  host: GitHost,
  remote: string,
  track: boolean,
  dest: string,
): Promise<boolean> {
  const modules = await host.sh(
    `f=${shellQuote(posix.join(dest, ".gitmodules"))}
[ -e "$f" ] || exit 0
echo E
grep -E '^[[:space:]]*path' "$f" | while IFS= read -r l; do
  p=\${l#*=}; p=$(printf '%s' "$p" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
  [ -e ${shellQuote(dest)}/"$p"/.git ] || echo NEW
done
`,
  );
  if (modules.first("E") === undefined) return false;
  if (modules.first("NEW") !== undefined) return true;
  const begin = await submoduleVersions(host, dest);
  await host.run([host.git, "submodule", "foreach", host.git, "fetch"], {
    cwd: dest,
    checkRc: true,
  });
  if (track) {
    const after = await submoduleVersions(host, dest, `${remote}/master`);
    return JSON.stringify(begin) !== JSON.stringify(after);
  }
  const status = await host.run([host.git, "submodule", "status"], { cwd: dest, checkRc: true });
  return status.stdout.split(/\r\n|\r|\n/).some((l) => l !== "" && l[0] !== " ");
}

/**
 * Initializes and updates the submodules (`sync`, then `update --init
 * --recursive`, `--remote` when tracking and git offers it, `--force`).
 *
 * @example
 * ```ts
 * await submoduleUpdate(host, "/srv/app", false, false);
 * ```
 */
export async function submoduleUpdate(
  host: GitHost,
  dest: string,
  track: boolean,
  force: boolean,
): Promise<void> {
  const help = await host.run(`${host.git} submodule update --help`, { cwd: dest });
  const params: string[] = [];
  const line = help.stderr.split("\n").filter((l) => l.includes("git submodule [--quiet] update "))
    .pop();
  if (line !== undefined) {
    const words = shlexSplit(line.replaceAll("[", "").replaceAll("]", "").replaceAll("|", " "));
    for (const w of words) if (w.startsWith("--")) params.push(w.replace("--", ""));
  }
  if (!(await host.exists(posix.join(dest, ".gitmodules")))) return;
  await host.run([host.git, "submodule", "sync"], { cwd: dest, checkRc: true });
  const cmd = [host.git, "submodule", "update", "--init", "--recursive"];
  if (params.includes("remote") && track) cmd.push("--remote");
  if (force) cmd.push("--force");
  const out = await host.run(cmd, { cwd: dest });
  if (out.rc !== 0) {
    throw new GitFailure({ msg: `Failed to init/update submodules: ${out.stdout}${out.stderr}` });
  }
}

/**
 * The `prepared` diff between two commits, as Ansible words it.
 *
 * @example
 * ```ts
 * await commitDiff(host, "/srv/app", "4c02…", "67c0…"); // { prepared: "diff --git …" }
 * ```
 */
export async function commitDiff(
  host: GitHost,
  dest: string,
  before: string,
  after: string,
): Promise<{ prepared: string }> {
  const { rc, stdout, stderr } = await host.run(`${host.git} diff ${before} ${after}`, {
    cwd: dest,
  });
  if (rc === 0 && stdout) return { prepared: stdout };
  if (rc === 0) return { prepared: `>> No visual differences between ${before} and ${after}` };
  if (stderr) {
    return {
      prepared: `>> Failed to get proper diff between ${before} and ${after}:\n>> ${stderr}`,
    };
  }
  return { prepared: `>> Failed to get proper diff between ${before} and ${after}` };
}

const ARCHIVE_FORMATS: Record<string, string> = {
  ".zip": "zip",
  ".gz": "tar.gz",
  ".tar": "tar",
  ".tgz": "tgz",
};

/**
 * Writes `git archive` of `version` to `archive` (Ansible's
 * `create_archive`): when the file exists, a new archive replaces it only
 * if the bytes differ. Returns whether it changed.
 *
 * @example
 * ```ts
 * const changed = await createArchive(host, "/srv/app", "/srv/app.tar.gz", undefined, "HEAD", repo);
 * ```
 */
export async function createArchive(
  host: GitHost,
  dest: string,
  archive: string,
  prefix: string | undefined,
  version: string,
  repo: string,
): Promise<boolean> {
  const ext = posix.extname(archive);
  const format = ARCHIVE_FORMATS[ext];
  if (format === undefined) {
    throw new GitFailure({
      msg: `Unable to get file extension from archive file name : ${archive}`,
      details: "Please specify archive as filename with extension. File extension can be one " +
        "of ['tar', 'tar.gz', 'zip', 'tgz']",
    });
  }
  const name = repo.split("/").pop()!.replaceAll(".git", "");
  const gitArchive = async (output: string) => {
    const cmd = [host.git, "archive", "--format", format, "--output", output, version];
    if (prefix !== undefined) cmd.splice(-1, 0, "--prefix", prefix);
    const out = await host.run(cmd, { cwd: dest });
    if (out.rc !== 0) {
      throw new GitFailure({
        msg: "Failed to perform archive operation",
        details: `Git archive command failed to create archive ${output} using ${dest} ` +
          `directory.Error: ${out.stderr}`,
      });
    }
  };
  if (!(await host.exists(archive))) {
    await gitArchive(archive);
    return true;
  }
  const made = await host.sh(
    `t=$(mktemp -d) || exit 1\nprintf 'T %s\\n' "$t"\n`,
  );
  const dir = made.first("T")!;
  const fresh = `${dir}/${name}.${format}`;
  try {
    await gitArchive(fresh);
    const compared = await host.sh(
      `if cmp -s -- ${shellQuote(fresh)} ${shellQuote(archive)}; then echo SAME
elif mv -f -- ${shellQuote(fresh)} ${shellQuote(archive)}; then echo MOVED
else echo FAIL; fi
`,
    );
    if (compared.first("FAIL") !== undefined) {
      throw new GitFailure({ msg: `Failed to move ${fresh} to ${archive}` });
    }
    return compared.first("SAME") === undefined;
  } finally {
    await host.sh(`rm -rf -- ${shellQuote(dir)}\n`);
  }
}
