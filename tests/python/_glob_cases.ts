/**
 * The tree and patterns the glob tests ask Python about (absolute in the
 * unit tier, relative with a changed working directory in the interop tier).
 *
 * @module
 */
import { type GlobTree, ROOT } from "../_oracles/python_glob.ts";

/** The tree: hidden names, brackets, symlinks, an unreadable dir. */
export const TREE: GlobTree = {
  dirs: ["a1/x", "a2/x", "a3", ".hid/x", "b[1]", "locked", "p\u00e9/q"],
  files: [
    "a1/x/f.txt",
    "a2/x/.f.txt",
    "a3/f.txt",
    ".hid/x/f.txt",
    "b[1]/f",
    "top.txt",
    "locked/secret",
  ],
  symlinks: [
    ["link_dir", `${ROOT}/a1`],
    ["link_file", `${ROOT}/top.txt`],
    ["link_dangling", `${ROOT}/missing`],
  ],
  modes: [["locked", 0o000]],
};

/** Patterns, relative to the tree's root. */
export const PATTERNS = [
  "*",
  ".*",
  "*/",
  "a*/x/*",
  "a*/x/.*",
  "a?/*.txt",
  "*/x",
  "*/x/",
  "a[12]/x/f.txt",
  "a[!1]/*",
  "link_*",
  "link_*/",
  "link_dir/*/f.txt",
  "b[[]1]/*",
  "b[1]/f",
  "top.txt",
  "top.txt/",
  "a1/",
  "missing*",
  "missing/*",
  "locked/*",
  "p*/q",
  "*/*/",
  "",
];

/** Each directory Python listed, with its names in this file system's order. */
export function listing(root: string, dirs: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(dirs.map((dir) => {
    try {
      return [dir, [...Deno.readDirSync(dir ? `${root}/${dir}` : root)].map((e) => e.name)];
    } catch {
      return [dir, []];
    }
  }));
}
