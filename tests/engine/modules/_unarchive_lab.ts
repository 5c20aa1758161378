/**
 * Test support for `unarchive` on lab twins: the archives (built here with
 * GNU tar and Python's zipfile from one small tree with fixed times, modes
 * and a symlink), and results made comparable (the staged copy's random
 * path, Ansible's `exception`, the order of a handler failure's reasons,
 * which is a Python set's).
 *
 * @module
 */
import { join } from "node:path";
import {
  becomeRoot,
  type LabTwins,
  sameState,
  sameSteps,
  type TwinResult,
  type TwinStep,
} from "./_twin_lab.ts";

/** The tree every archive holds (`app/`), its files' text and modes. */
const TREE: Record<string, { text: string; mode: number }> = {
  "app/a.txt": { text: "hello\n", mode: 0o644 },
  "app/sub/b.txt": { text: "world\n", mode: 0o640 },
  "app/bin/run.sh": { text: "#!/bin/sh\necho run\n", mode: 0o755 },
  "app/docs/readme.md": { text: "# app\n", mode: 0o644 },
};

const ZIP_SCRIPT = `
import sys, zipfile, time
out, kind = sys.argv[1], sys.argv[2]
when = (2023, 1, 2, 3, 4, 6)
tree = ${JSON.stringify(TREE)}
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    def add(name, data, mode, system=3):
        info = zipfile.ZipInfo(name, when)
        info.create_system = system
        info.external_attr = (mode << 16) if system == 3 else 0x20
        if name.endswith("/"):
            info.external_attr |= 0x10
        z.writestr(info, data)
    if kind == "fat":
        add("fat/", b"", 0, 0)
        add("fat/plain.txt", b"plain\\n", 0, 0)
    else:
        add("app/", b"", 0o40755)
        for d in ("app/bin/", "app/docs/", "app/sub/"):
            add(d, b"", 0o40755)
        for name, f in sorted(tree.items()):
            add(name, f["text"].encode(), 0o100000 | f["mode"])
        add("app/link", b"a.txt", 0o120777)
`;

async function run(cmd: string, args: string[], cwd: string): Promise<void> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/**
 * Builds the archives under `files/` of a project: `app.tar.gz`,
 * `app.tar.bz2`, `app.tar.xz`, `app.tar`, `app.zip` (with a symlink),
 * `fat.zip` (FAT attributes) and `bad.tgz` (not an archive).
 *
 * @example
 * ```ts
 * const project = await buildArchives();
 * await using twins = await startLabTwins("ua", { project });
 * ```
 */
export async function buildArchives(): Promise<Record<string, Uint8Array>> {
  const dir = await Deno.makeTempDir({ prefix: "tachyon_unarchive_build_" });
  try {
    for (const [name, file] of Object.entries(TREE)) {
      const path = join(dir, name);
      await Deno.mkdir(join(path, ".."), { recursive: true });
      await Deno.writeTextFile(path, file.text);
      await Deno.chmod(path, file.mode);
    }
    await Deno.symlink("a.txt", join(dir, "app", "link"));
    await run("/bin/sh", [
      "-c",
      "find app -exec touch -h -d '2023-01-02 03:04:05' {} + && chmod 755 app app/sub app/bin app/docs",
    ], dir);
    const tar = (out: string, flag: string) =>
      run("/usr/bin/tar", [
        "--sort=name",
        "--owner=0",
        "--group=0",
        "--numeric-owner",
        "-c",
        ...(flag ? [flag] : []),
        "-f",
        out,
        "app",
      ], dir);
    await tar("app.tar.gz", "-z");
    await tar("app.tar.bz2", "-j");
    await tar("app.tar.xz", "-J");
    await tar("app.tar", "");
    await run("/usr/bin/python3", ["-c", ZIP_SCRIPT, "app.zip", "unix"], dir);
    await run("/usr/bin/python3", ["-c", ZIP_SCRIPT, "fat.zip", "fat"], dir);
    const files: Record<string, Uint8Array> = {
      "files/bad.tgz": new TextEncoder().encode("not an archive\n"),
    };
    for (
      const name of ["app.tar.gz", "app.tar.bz2", "app.tar.xz", "app.tar", "app.zip", "fat.zip"]
    ) {
      files[`files/${name}`] = await Deno.readFile(join(dir, name));
    }
    return files;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Ansible's staged copy (`…/ansible-tmp-…/source`, a download's name) and tachyon's. */
const STAGED =
  /(?:\/home\/[^/"]+\/\.ansible\/tmp\/ansible-tmp-[^/"\s]+|\/tmp\/\.tachyon-unarchive\.[A-Za-z0-9]+)\/[A-Za-z0-9._-]+/g;

/** A handler failure's reasons: one per line that starts a reason. */
const REASON_START = /\n(?=Command "|Unable to find required )/;

/**
 * `result` made comparable: staged paths as `<staged>`, no `exception`, a
 * handler failure's reasons sorted, a missing controller file's message
 * cut after its first line (Ansible lists the paths it searched).
 *
 * @example
 * ```ts
 * assert.deepEqual(comparable(ours), comparable(theirs));
 * ```
 */
export function comparable(result: TwinResult): TwinResult {
  const out = JSON.parse(JSON.stringify(result).replace(STAGED, "<staged>")) as TwinResult;
  delete out.exception;
  const msg = typeof out.msg === "string" ? out.msg : undefined;
  if (msg?.startsWith("Failed to find handler for ")) {
    const [head, ...reasons] = msg.split(REASON_START);
    out.msg = [head, ...reasons.map((r) => r.replace(/\n+$/, "")).sort()].join("\n");
  }
  if (msg?.startsWith("Could not find or access ")) {
    out.msg = msg.split("'").slice(0, 2).join("'") + "'";
  }
  return out;
}

/**
 * Every path under the dirs with what unpacking decides about it: type,
 * mode, owner, group, and for files size and time (for links their target).
 * Directory and link times are left out: they are when each host unpacked.
 *
 * @example
 * ```ts
 * await state(treeState("/srv/t1 /srv/t2"));
 * ```
 */
export function treeState(dirs: string): string {
  return `for d in ${dirs}; do find "$d" -mindepth 1 \\( -type f -printf '%p %y %m %u %g %s %T@\\n' \\) ` +
    `-o -printf '%p %y %m %u %g %l\\n' | sort; done`;
}

/** The comparisons an unarchive test makes on its twins. */
export interface UnarchiveTwins {
  /** A controller file of the shared project's `files/`, by absolute path. */
  file(name: string): string;
  /** One unarchive step. */
  step(args: Record<string, unknown>, options?: Partial<TwinStep>): TwinStep;
  /** Runs the steps on both hosts (Ansible's as one playbook), compares each result; Ansible's. */
  same(steps: TwinStep[]): Promise<TwinResult[]>;
  /** Runs `script` as root on both hosts and compares the outputs. */
  state(script: string): Promise<string>;
}

/**
 * The comparisons for `twins`. Steps name controller files by absolute
 * path: a playbook looks for relative ones next to itself, not in the
 * project.
 *
 * @example
 * ```ts
 * const { file, step, same } = unarchiveTwins(twins);
 * await same([step({ src: file("app.zip"), dest: "/srv/z1" })]);
 * ```
 */
export function unarchiveTwins(twins: LabTwins): UnarchiveTwins {
  return {
    file: (name) => join(twins.project, "files", name),
    step: (args, options = {}) => ({ module: "unarchive", args, ...options }),
    same: (steps) => sameSteps(twins, steps.map(becomeRoot), comparable),
    state: (script) => sameState(twins, script),
  };
}
