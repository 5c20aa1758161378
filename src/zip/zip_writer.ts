/**
 * Zips a directory exactly like ansible-runner's `stream_dir` (protocol §1.3),
 * i.e. like Python's `zipfile.ZipFile(…, "w", ZIP_DEFLATED, allowZip64=True,
 * strict_timestamps=False)` fed by an `os.walk`. File contents are streamed.
 *
 * The pieces: `zip_builder.ts` adds entries (through `zip_records.ts` and
 * `zip_output.ts`); this file walks the tree like `os.walk` and decides
 * what each path becomes.
 *
 * @module
 */

import { ZipBuilder } from "./zip_builder.ts";
import { createZlibPump } from "./zlib_stream.ts";

/** `0o120777 << 16`: what `stream_dir` stores for symlinks. */
const SYMLINK_ATTR = 0o120777 * 0x10000;

const utf8 = new TextEncoder();

function lstatOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * `os.walk(top)` top-down without following symlinks: in each directory the
 * non-directories then the directories (symlinks to directories count as
 * directories but are not descended into), in filesystem order.
 */
async function walk(
  builder: ZipBuilder,
  top: string,
  rel: string,
): Promise<void> {
  let listing: Deno.DirEntry[];
  try {
    listing = [...Deno.readDirSync(top)];
  } catch {
    return; // os.walk ignores unreadable directories
  }
  const files: Deno.DirEntry[] = [];
  const dirs: Deno.DirEntry[] = [];
  const dirNames = new Set<string>();
  for (const entry of listing) {
    let isDir = entry.isDirectory;
    if (entry.isSymlink) {
      try {
        isDir = Deno.statSync(`${top}/${entry.name}`).isDirectory;
      } catch {
        isDir = false;
      }
    }
    if (isDir) {
      dirs.push(entry);
      dirNames.add(entry.name);
    } else {
      files.push(entry);
    }
  }
  const descend: string[] = [];
  for (const entry of [...files, ...dirs]) {
    await builder.maybeYield();
    const path = `${top}/${entry.name}`;
    const name = rel === "" ? entry.name : `${rel}/${entry.name}`;
    const info = lstatOrNull(path);
    if (info === null) continue; // vanished meanwhile
    if (info.isSymlink) {
      // stream_dir names symlinks os.path.join(relpath(dirpath), name): "./x" at the top.
      const linkName = rel === "" ? `./${entry.name}` : name;
      let target: string;
      try {
        target = Deno.readLinkSync(path);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) continue; // vanished meanwhile
        throw error;
      }
      builder.addStored(linkName, SYMLINK_ATTR, utf8.encode(target));
    } else if (info.isDirectory) {
      builder.addDirectory(name, info);
      if (dirNames.has(entry.name)) descend.push(entry.name);
    } else if (info.isFile) {
      await builder.addFile(name, path, info);
    }
    // FIFOs, sockets and devices are skipped.
  }
  for (const dir of descend) {
    await walk(builder, `${top}/${dir}`, rel === "" ? dir : `${rel}/${dir}`);
  }
}

/**
 * Zips `srcDir` (names relative to it) into `zipPath` exactly like
 * ansible-runner's `stream_dir` (protocol §1.3): top-down walk not following
 * symlinks; files deflated with `external_attr = (st_mode & 0xFFFF) << 16`,
 * version made by 0x0314 and the DOS time of the local-time mtime;
 * directories as `"name/"` entries with `| 0x10`; symlinks stored with
 * `0o120777 << 16` and the target text as content (`./name` at the top
 * level); FIFOs, sockets and devices skipped; UTF-8 flag for non-ASCII
 * names; zip64 where Python would use it. A missing `srcDir` gives an empty
 * (22-byte) zip, as `os.walk` yields nothing. File contents are streamed.
 *
 * @returns the size of the zip in bytes
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { zipDirectory } from "./zip_writer.ts";
 *
 * const zip = await Deno.makeTempFile();
 * assert.equal(await zipDirectory("/nonexistent", zip), 22); // an empty zip
 * const artifacts = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${artifacts}/rc`, "0");
 * assert.ok(await zipDirectory(artifacts, zip) > 22);
 * await Deno.remove(artifacts, { recursive: true });
 * await Deno.remove(zip);
 * ```
 */
export async function zipDirectory(srcDir: string, zipPath: string): Promise<number> {
  const file = Deno.openSync(zipPath, { write: true, create: true, truncate: true, mode: 0o600 });
  const deflater = createZlibPump("deflate");
  try {
    const builder = new ZipBuilder(file, deflater);
    await walk(builder, srcDir.length > 1 ? srcDir.replace(/\/+$/, "") : srcDir, "");
    return builder.finish();
  } finally {
    deflater.close();
    file.close();
  }
}
