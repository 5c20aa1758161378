/**
 * The extraction checks both tiers make, each on zips of its own (recorded
 * Python answers in the unit tests, the live peers in the interop tests): a
 * stream_dir tree round-trips through extractZip twice, and a zip the
 * expansion limits refuse leaves the destination as it was.
 *
 * @module
 */
import assert from "node:assert/strict";
import { ExpansionBudget, extractZip, ZipLimitError } from "../../src/zip/mod.ts";
import { listTree } from "../_support/files.ts";
import { assertSameTree, epoch } from "./_support.ts";

/** What a round-trip knows only of its own tree. */
export interface RoundTripTree {
  /** The content of `sub/nested/file.txt`. */
  nestedText: string;
  /** Checks the times (and sizes) that tree gave its files, once extracted to `dst`. */
  assertSpecifics(dst: string): Promise<void>;
}

/**
 * Extracts `zip` (stream_dir's zip of the pdd-like tree `src`) to `dst`,
 * whose parent may be missing, and asserts it reproduces `src` with the
 * specifics the reference tests pin down (modes, a runnable script, 1980 for
 * older times, symlinks that resolve); then extracts it again over local
 * changes and asserts the same tree, the unrelated file kept.
 *
 * @example
 * ```ts
 * await assertRoundTrip(zip, `${work}/src`, `${work}/dest/pdd`, {
 *   nestedText: "nested\n".repeat(100),
 *   assertSpecifics: async () => {},
 * });
 * ```
 */
export async function assertRoundTrip(
  zip: string,
  src: string,
  dst: string,
  tree: RoundTripTree,
): Promise<void> {
  const entries = await extractZip(zip, dst);
  assert.equal((await Deno.stat(dst)).mode! & 0o777, 0o700);
  const compared = await assertSameTree(src, dst);
  assert.ok(compared >= 25, `${compared} paths compared`);
  assert.equal(entries, compared);

  // Specifics the reference tests pin down.
  assert.equal((await Deno.stat(`${dst}/mode777`)).mode! & 0o777, 0o777);
  assert.equal((await Deno.stat(`${dst}/mode555`)).mode! & 0o777, 0o555);
  const script = await new Deno.Command(`${dst}/script.sh`, { stdout: "piped" }).output();
  assert.equal(new TextDecoder().decode(script.stdout), "hello from script\n");
  assert.equal(
    epoch(await Deno.stat(`${dst}/ancient.txt`)),
    new Date(1980, 0, 1).getTime() / 1000,
  );
  assert.deepEqual(
    [...Deno.readDirSync(`${dst}/binlink/`)].map((e) => e.name).sort(),
    [...Deno.readDirSync("/bin")].map((e) => e.name).sort(),
  );
  assert.equal(await Deno.readTextFile(`${dst}/filelink`), "mode 666\n");
  assert.equal(await Deno.readTextFile(`${dst}/dotlink/dirlink/nested/file.txt`), tree.nestedText);
  assert.equal(await Deno.readTextFile(`${dst}/sub/uplink`), "mode 666\n");
  await tree.assertSpecifics(dst);

  // Extract again onto the same directory (existing files, dirs, symlinks).
  await Deno.writeTextFile(`${dst}/unrelated`, "kept\n");
  await Deno.writeTextFile(`${dst}/mode666`, "changed locally\n");
  assert.equal(await extractZip(zip, dst), entries);
  await assertSameTree(src, dst);
  assert.equal(await Deno.readTextFile(`${dst}/unrelated`), "kept\n");
}

const MIB = 1024 * 1024;

/**
 * One entry of a zip Python writes for the limits tests: `[name, kind, size
 * or text or link target]`, kind `zeros`, `random`, `text`, `dir` or `link`.
 */
export type LimitsZipEntry = [string, string, number | string];

/**
 * The entries of the refused zip: new files and dirs below existing and new
 * dirs, a dir that becomes read-only, a link, and 8 MiB of zeros that the
 * headers declare.
 */
export const REFUSED_ZIP_ENTRIES: LimitsZipEntry[] = [
  ["old/deep/new", "text", "added into an existing dir"],
  ["old/newdir/a/b", "text", "a new subtree in an existing dir"],
  ["fresh/sub/file", "text", "a new top-level tree"],
  ["fresh/ro/", "dir", ""],
  ["fresh/ro/inside", "text", "in a dir that becomes read-only"],
  ["link", "link", "/etc"],
  ["zeros", "zeros", 8 * MIB],
];

/**
 * Writes a zip of {@linkcode REFUSED_ZIP_ENTRIES} (and maybe more) to `path`;
 * with `understate`, the central directory says that entry's size is 1.
 */
export type RefusedZipWriter = (path: string, understate?: "zeros") => Promise<void>;

/**
 * In `work/dst`, which holds files of its own: a zip whose headers declare
 * more than a 4 MiB budget is refused before anything is written; the same
 * zip with the zeros' size understated is caught while inflating, past 2 MiB.
 * Each time the destination is left exactly as it was.
 *
 * @example
 * ```ts
 * await assertRefusedZipLeavesDestination(work, (path, understate) => writeZip(path, understate));
 * ```
 */
export async function assertRefusedZipLeavesDestination(
  work: string,
  writeZip: RefusedZipWriter,
): Promise<void> {
  const dst = `${work}/dst`;
  await Deno.mkdir(`${dst}/old/deep`, { recursive: true });
  await Deno.writeTextFile(`${dst}/old/deep/kept`, "mine\n");
  await Deno.writeTextFile(`${dst}/top`, "mine too\n");
  const before = await listTree(dst);
  const zip = `${work}/x.zip`;
  await writeZip(zip);
  const limits = { maxBytes: 4 * MIB, maxRatio: 0, ratioAfterBytes: 0 };
  const budget = new ExpansionBudget(limits);
  // The headers say more than 4 MiB: refused before anything is written.
  await assert.rejects(extractZip(zip, dst, { budget }), ZipLimitError);
  assert.equal(budget.written, 0);
  assert.deepEqual(await listTree(dst), before);
  // A central directory that understates the zeros: caught while inflating, mid-way.
  await writeZip(zip, "zeros");
  const error = await extractZip(zip, dst, { limits: { ...limits, maxBytes: 2 * MIB } }).catch((
    e,
  ) => e);
  assert.ok(error instanceof Error, String(error));
  assert.deepEqual(await listTree(dst), before, "everything the extraction created is gone");
  assert.equal(await Deno.readTextFile(`${dst}/old/deep/kept`), "mine\n");
}
