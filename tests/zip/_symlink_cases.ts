/**
 * The links the createSymlinks tests make, and the check that each method
 * makes exactly them.
 *
 * @module
 */
import assert from "node:assert/strict";
import { SymlinkError } from "../../src/zip/mod.ts";
import { createSymlinks, type SymlinkSpec } from "../../src/zip/symlinks.ts";

/** A deep directory for the long paths. */
const LONG_DIR = `${"d".repeat(60)}/${"e".repeat(60)}`;

/** Links that exercise plain ustar headers and pax records (long, non-ASCII, odd). */
export const LINKS: SymlinkSpec[] = [
  { target: "/bin", path: "bin" },
  { target: "../up/and/over", path: "sub/rel" },
  { target: ".", path: "dot" },
  { target: "does-not-exist", path: "dangling" },
  { target: `/${"t".repeat(150)}/x`, path: "long-target" },
  { target: "caf\u00e9", path: "sub/na\u00efve \u2603" },
  { target: "x", path: `${LONG_DIR}/${"n".repeat(90)}` },
  { target: "-dash", path: "-starts-with-dash" },
  { target: "new\nline", path: "sub/new\nline name" },
  { target: "a".repeat(99), path: "exactly-100-".padEnd(100, "z") },
];

/** Makes {@linkcode LINKS} with `method` in a new dir and checks them. */
export async function check(method: "auto" | "tar" | "ln"): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "tachyon_links_" });
  try {
    await Deno.mkdir(`${dir}/sub`);
    await Deno.mkdir(`${dir}/${LONG_DIR}`, { recursive: true });
    await createSymlinks(dir, LINKS, method);
    for (const { target, path } of LINKS) {
      assert.ok((await Deno.lstat(`${dir}/${path}`)).isSymlink, `${method}: ${path}`);
      assert.equal(await Deno.readLink(`${dir}/${path}`), target, `${method}: ${path}`);
    }
    const count = [...Deno.readDirSync(dir)].length;
    assert.equal(count, 8, "nothing else was created"); // 6 top-level links, sub, ddd…
    // An existing path is an error, not an overwrite.
    await assert.rejects(createSymlinks(dir, [{ target: "y", path: "bin" }], method), SymlinkError);
    assert.equal(await Deno.readLink(`${dir}/bin`), "/bin");
    await createSymlinks(dir, [], method);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
