/**
 * createSymlinks with tar and with ln (found on PATH, as in the execution
 * environment): plain and pax members, odd names and targets. The fallback to
 * ln where there is no tar changes PATH: symlinks_interop_test.ts.
 */
import { withSymlinkTools } from "./_support.ts";
import { check } from "./_symlink_cases.ts";

Deno.test("createSymlinks with tar: plain and pax members, odd names and targets", () =>
  withSymlinkTools(() => check("tar")));

Deno.test("createSymlinks with ln: the same links", () => withSymlinkTools(() => check("ln")));
