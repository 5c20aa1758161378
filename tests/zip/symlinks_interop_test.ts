/**
 * createSymlinks falls back to ln where PATH has no tar. It changes the
 * process's PATH, so it runs in the interop tier, whose files run one at a
 * time.
 */
import assert from "node:assert/strict";
import { SymlinkError } from "../../src/zip/mod.ts";
import { createSymlinks } from "../../src/zip/symlinks.ts";
import { check } from "./_symlink_cases.ts";

Deno.test("createSymlinks falls back to ln where there is no tar", async () => {
  const bin = await Deno.makeTempDir({ prefix: "tachyon_links_path_" });
  const path = Deno.env.get("PATH");
  try {
    const ln = ["/usr/bin/ln", "/bin/ln"].find((path) => {
      try {
        return Deno.statSync(path).isFile;
      } catch {
        return false;
      }
    });
    assert.ok(ln, "ln is installed");
    await Deno.symlink(ln, `${bin}/ln`);
    Deno.env.set("PATH", bin);
    await check("auto");
    await assert.rejects(
      (async () => {
        const dir = await Deno.makeTempDir({ prefix: "tachyon_links_" });
        try {
          await createSymlinks(dir, [{ target: "x", path: "y" }], "tar");
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      })(),
      SymlinkError,
    );
  } finally {
    if (path === undefined) Deno.env.delete("PATH");
    else Deno.env.set("PATH", path);
    await Deno.remove(bin, { recursive: true });
  }
});
