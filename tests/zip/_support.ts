/**
 * Shared helpers of the zip layer's tests: the real Python interpreter
 * (ansible_runner importable), scratch directories, test data, and a
 * pdd-like tree with the assertion that an extracted copy reproduces it.
 *
 * @module
 */
import assert from "node:assert/strict";

/**
 * Seconds in a day.
 *
 * @example
 * ```ts
 * const yesterday = Date.now() / 1000 - DAY;
 * ```
 */
export const DAY = 86400;

/**
 * The modification time of `info` in (fractional) seconds since the epoch.
 *
 * @example
 * ```ts
 * const seconds = epoch(await Deno.stat("/tmp"));
 * ```
 */
export const epoch = (info: Deno.FileInfo): number => info.mtime!.getTime() / 1000;

/**
 * Runs Python code with the real interpreter (ansible_runner importable);
 * returns stdout.
 *
 * @example
 * ```ts
 * const out = await python("import sys; print(sys.argv[1])", "hello"); // "hello\n"
 * ```
 * @throws {Error} carrying stderr when the interpreter exits non-zero
 */
export async function python(code: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command("/usr/bin/python3", {
    args: ["-c", code, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

/**
 * Runs the real stream_dir on the directory `src`, writing its wire form
 * (`{"zipfile": N}` line, base64 blob) to `streamPath` and the zip it
 * carries, decoded by Python, to `zipPath`.
 *
 * @example
 * ```ts
 * await pythonStreamDirZip(`${work}/src`, `${work}/stream`, `${work}/py.zip`);
 * ```
 */
export async function pythonStreamDirZip(
  src: string,
  streamPath: string,
  zipPath: string,
): Promise<void> {
  await python(
    "import sys, base64\nfrom ansible_runner.utils.streaming import stream_dir\n" +
      "with open(sys.argv[2], 'wb') as f: stream_dir(sys.argv[1], f)\n" +
      "data = open(sys.argv[2], 'rb').read()\n" +
      "open(sys.argv[3], 'wb').write(base64.b64decode(data[data.index(b'\\n') + 1:]))",
    src,
    streamPath,
    zipPath,
  );
}

/**
 * Runs `fn` with a fresh temporary directory named with `prefix`, and removes
 * the directory (recursively) afterwards, whatever `fn` does.
 *
 * @example
 * ```ts
 * await withTempDir("tachyon_zip_", async (dir) => {
 *   await Deno.writeTextFile(`${dir}/f`, "x");
 * });
 * ```
 */
export async function withTempDir(
  prefix: string,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * `n` cryptographically random bytes (filled 64 KiB at a time).
 *
 * @example
 * ```ts
 * await Deno.writeFile("/tmp/random.bin", randomBytes(1 << 20));
 * ```
 */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

/**
 * The bytes of `parts`, one after the other, in one new array.
 *
 * @example
 * ```ts
 * concat([new Uint8Array([1]), new Uint8Array([2, 3])]); // Uint8Array [1, 2, 3]
 * ```
 */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Fills `root` (an existing directory) with a pdd-like tree holding
 * everything stream_dir must carry: modes, read-only and private
 * directories, empty, hidden, unicode-named, large and pre-1980 files, old
 * mtimes, and symlinks (absolute, relative, to directories, dangling).
 *
 * @example
 * ```ts
 * await Deno.mkdir(`${work}/src`);
 * await makeTree(`${work}/src`);
 * ```
 */
export async function makeTree(root: string): Promise<void> {
  const now = Date.now() / 1000;
  await Deno.mkdir(`${root}/sub/nested`, { recursive: true });
  await Deno.mkdir(`${root}/private`);
  await Deno.mkdir(`${root}/ro`);
  await Deno.mkdir(`${root}/olddir`);
  for (const mode of [0o777, 0o666, 0o555, 0o700]) {
    await Deno.writeTextFile(`${root}/mode${mode.toString(8)}`, `mode ${mode.toString(8)}\n`);
    await Deno.chmod(`${root}/mode${mode.toString(8)}`, mode);
  }
  await Deno.writeTextFile(`${root}/script.sh`, "#!/bin/sh\necho hello from script\n");
  await Deno.chmod(`${root}/script.sh`, 0o755);
  await Deno.writeTextFile(`${root}/empty`, "");
  await Deno.writeTextFile(`${root}/.hidden`, "hidden\n");
  await Deno.writeTextFile(`${root}/sub/nested/file.txt`, "nested\n".repeat(1000));
  await Deno.writeTextFile(`${root}/sub/h\u00e9llo w\u00f6rld.txt`, "unicode name\n");
  await Deno.writeTextFile(`${root}/private/secret`, "s3cret\n");
  await Deno.chmod(`${root}/private/secret`, 0o600);
  await Deno.writeTextFile(`${root}/ro/inside`, "in a read-only dir\n");
  await Deno.writeFile(`${root}/big.bin`, randomBytes(3 * 1024 * 1024 + 5));
  await Deno.writeFile(`${root}/zeros.bin`, new Uint8Array(9 * 1024 * 1024));
  await Deno.writeTextFile(`${root}/olddir/f`, "old dir file\n");
  await Deno.writeTextFile(`${root}/old.txt`, "one day old\n");
  await Deno.utime(`${root}/old.txt`, now - DAY, now - DAY);
  await Deno.writeTextFile(`${root}/newer.txt`, "newer\n");
  await Deno.utime(`${root}/newer.txt`, now - DAY + 60, now - DAY + 60);
  await Deno.writeTextFile(`${root}/ancient.txt`, "1978\n");
  await Deno.utime(`${root}/ancient.txt`, 252460800, 252460800); // 1978-01-01
  await Deno.symlink("/bin", `${root}/binlink`);
  await Deno.symlink("mode666", `${root}/filelink`);
  await Deno.symlink("sub", `${root}/dirlink`);
  await Deno.symlink(".", `${root}/dotlink`);
  await Deno.symlink("does-not-exist", `${root}/dangling`);
  await Deno.symlink("../mode666", `${root}/sub/uplink`);
  await Deno.chmod(`${root}/private`, 0o700);
  await Deno.chmod(`${root}/ro`, 0o555);
  await Deno.utime(`${root}/olddir`, now - 3 * DAY, now - 3 * DAY);
}

/**
 * Asserts `dst` reproduces `src` (FIFOs excluded: they must be absent from
 * `dst`): same symlink targets, modes, file contents, and mtimes (clamped to
 * 1980, the zip epoch, within 2 s). Returns the number of paths compared.
 *
 * @example
 * ```ts
 * await extractZip(`${work}/payload.zip`, `${work}/dst`);
 * const compared = await assertSameTree(`${work}/src`, `${work}/dst`);
 * ```
 */
export async function assertSameTree(src: string, dst: string, rel = ""): Promise<number> {
  let count = 0;
  for await (const entry of Deno.readDir(`${src}${rel}`)) {
    const path = `${rel}/${entry.name}`;
    const a = await Deno.lstat(`${src}${path}`);
    if (a.isFifo) {
      await assert.rejects(Deno.lstat(`${dst}${path}`), Deno.errors.NotFound);
      continue;
    }
    const b = await Deno.lstat(`${dst}${path}`);
    count++;
    if (a.isSymlink) {
      assert.ok(b.isSymlink, `${path} is a symlink`);
      assert.equal(await Deno.readLink(`${dst}${path}`), await Deno.readLink(`${src}${path}`));
      continue;
    }
    assert.equal(b.mode! & 0o7777, a.mode! & 0o7777, `mode of ${path}`);
    if (a.isDirectory) {
      assert.ok(b.isDirectory, `${path} is a directory`);
      count += await assertSameTree(src, dst, path);
      continue;
    }
    assert.ok(b.isFile, `${path} is a file`);
    const expectedMtime = Math.max(epoch(a), new Date(1980, 0, 1).getTime() / 1000);
    assert.ok(Math.abs(epoch(b) - expectedMtime) <= 2, `mtime of ${path}`);
    assert.deepEqual(await Deno.readFile(`${dst}${path}`), await Deno.readFile(`${src}${path}`));
  }
  return count;
}
