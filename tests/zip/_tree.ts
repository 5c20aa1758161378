/**
 * Test support: a small pdd-like tree described for the recorded stream_dir
 * oracle (`tests/_oracles/zip_stream_dir.ts`), holding what stream_dir must
 * carry, like `makeTree` in `_support.ts` but with fixed mtimes and contents
 * (seeded bytes instead of random, kilobytes instead of megabytes): modes,
 * read-only and private directories, empty, hidden, unicode-named and
 * pre-1980 files, old mtimes, and symlinks (absolute, relative, to
 * directories, dangling).
 *
 * @module
 */
import { DEFAULT_MTIME, type TreeEntry } from "../_oracles/zip_stream_dir.ts";

const DAY = 86400;

/**
 * The tree, parents first.
 *
 * @example
 * ```ts
 * await buildTree(`${work}/src`, SMALL_TREE);
 * ```
 */
export const SMALL_TREE: readonly TreeEntry[] = [
  { path: "sub", kind: "dir" },
  { path: "sub/nested", kind: "dir" },
  { path: "private", kind: "dir", mode: 0o700 },
  { path: "ro", kind: "dir", mode: 0o555 },
  { path: "olddir", kind: "dir", mtime: DEFAULT_MTIME - 3 * DAY },
  ...[0o777, 0o666, 0o555, 0o700].map((mode): TreeEntry => ({
    path: `mode${mode.toString(8)}`,
    kind: "file",
    text: `mode ${mode.toString(8)}\n`,
    mode,
  })),
  { path: "script.sh", kind: "file", text: "#!/bin/sh\necho hello from script\n", mode: 0o755 },
  { path: "empty", kind: "file", text: "" },
  { path: ".hidden", kind: "file", text: "hidden\n" },
  { path: "sub/nested/file.txt", kind: "file", text: "nested\n".repeat(100) },
  { path: "sub/h\u00e9llo w\u00f6rld.txt", kind: "file", text: "unicode name\n" },
  { path: "private/secret", kind: "file", text: "s3cret\n", mode: 0o600 },
  { path: "ro/inside", kind: "file", text: "in a read-only dir\n" },
  { path: "random.bin", kind: "file", seeded: ["random.bin", 3000] },
  { path: "zeros.bin", kind: "file", zeros: (1 << 20) + 5 },
  { path: "olddir/f", kind: "file", text: "old dir file\n" },
  { path: "old.txt", kind: "file", text: "one day old\n", mtime: DEFAULT_MTIME - DAY },
  { path: "newer.txt", kind: "file", text: "newer\n", mtime: DEFAULT_MTIME - DAY + 60 },
  { path: "ancient.txt", kind: "file", text: "1978\n", mtime: 252460800 }, // 1978-01-01
  { path: "binlink", kind: "symlink", target: "/bin" },
  { path: "filelink", kind: "symlink", target: "mode666" },
  { path: "dirlink", kind: "symlink", target: "sub" },
  { path: "dotlink", kind: "symlink", target: "." },
  { path: "dangling", kind: "symlink", target: "does-not-exist" },
  { path: "sub/uplink", kind: "symlink", target: "../mode666" },
];
