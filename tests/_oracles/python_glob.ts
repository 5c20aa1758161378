/**
 * The `python-glob` oracle: CPython's `glob.glob` on a tree the question
 * describes (dirs, files, symlinks, modes). The live side builds the tree in
 * a temp dir of its own, runs `/usr/bin/python3` there (cwd = the tree's
 * root) and answers with the root written `<DIR>`, so the question and its
 * answer are the same on every run and the replay can ask it again. The test
 * builds the same tree with {@linkcode withGlobTree}.
 *
 * Directory order is the file system's (Python does not sort `glob.glob`),
 * so the answer also holds each directory's listing in `os.scandir` order:
 * a test on another file system knows when the order may differ.
 *
 * @module
 */
import { withTempDir } from "../_support/files.ts";
import { defineOracle } from "./recorded.ts";
import { runPython } from "./python.ts";

/** Where the tree's root appears in patterns, symlink targets and answers. */
export const ROOT = "<DIR>";

/** A directory tree, every path relative to its root. */
export interface GlobTree {
  [key: string]: string[] | [string, string][] | [string, number][];
  /** Directories, made with their parents. */
  dirs: string[];
  /** Empty files. */
  files: string[];
  /** `[link, target]`; `<DIR>` in a target is the root. */
  symlinks: [string, string][];
  /** `[path, mode]`, applied last (a `0o000` directory is unreadable, except to root). */
  modes: [string, number][];
}

/** A tree and the patterns to glob in it. */
export interface GlobQuestion {
  [key: string]: GlobTree | string[];
  /** The tree, built afresh for the question. */
  tree: GlobTree;
  /** `glob.glob` patterns, relative to the root or starting with `<DIR>`. */
  patterns: string[];
}

/** What Python answered. */
export interface GlobAnswer {
  [key: string]: string[][] | Record<string, string[]>;
  /** `glob.glob(pattern)` of each pattern, the root written `<DIR>`. */
  results: string[][];
  /** Each directory of the tree (`""` the root) with its names in `os.scandir` order. */
  listing: Record<string, string[]>;
}

/**
 * Builds `tree` in a new temp dir, runs `body` with its root, then removes it
 * (modes restored first, so an unreadable directory goes too).
 *
 * @example
 * ```ts
 * const tree = { dirs: ["a"], files: ["a/f"], symlinks: [], modes: [] };
 * await withGlobTree(tree, async (root) => console.log(await Deno.readTextFile(`${root}/a/f`)));
 * ```
 */
export async function withGlobTree<T>(
  tree: GlobTree,
  body: (root: string) => Promise<T>,
): Promise<T> {
  return await withTempDir("tachyon_glob_", async (root) => {
    try {
      for (const dir of tree.dirs) await Deno.mkdir(`${root}/${dir}`, { recursive: true });
      for (const file of tree.files) await Deno.writeTextFile(`${root}/${file}`, "");
      for (const [link, target] of tree.symlinks) {
        await Deno.symlink(target.replaceAll(ROOT, root), `${root}/${link}`);
      }
      for (const [path, mode] of tree.modes) await Deno.chmod(`${root}/${path}`, mode);
      return await body(root);
    } finally {
      // Modes that would stop the removal are undone first.
      for (const [path] of tree.modes) await Deno.chmod(`${root}/${path}`, 0o755).catch(() => {});
    }
  });
}

/** Python's side: each pattern globbed, then every directory listed (as root reads it). */
const GLOB = `
import glob, json, os, sys
question = json.load(sys.stdin)
root = os.getcwd()
results = [glob.glob(p.replace("<DIR>", root)) for p in question["patterns"]]
listing = {}
for d in [""] + question["tree"]["dirs"]:
    for part in [d[:i] for i, c in enumerate(d) if c == "/"] + [d]:
        if part not in listing:
            listing[part] = [e.name for e in os.scandir(os.path.join(root, part) if part else root)]
print(json.dumps({"results": [[r.replace(root, "<DIR>") for r in rs] for rs in results],
                  "listing": listing}))
`;

async function askPython(question: GlobQuestion): Promise<GlobAnswer> {
  return await withGlobTree(question.tree, async (root) => {
    return await runPython({ code: GLOB, input: question }, { cwd: root }) as unknown as GlobAnswer;
  });
}

/**
 * `glob.glob` of each pattern in the tree the question describes: recorded,
 * so the unit tier needs no Python.
 *
 * @example
 * ```ts
 * const tree = { dirs: ["a1", "a2"], files: [], symlinks: [], modes: [] };
 * const { results } = await pythonGlob({ tree, patterns: ["a*", "<DIR>/a?"] });
 * ```
 */
export const pythonGlob: (question: GlobQuestion) => Promise<GlobAnswer> = defineOracle(
  "python-glob",
  askPython,
);
