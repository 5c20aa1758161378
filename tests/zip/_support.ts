/**
 * Shared helpers of the zip layer's tests: the real Python interpreter
 * (ansible_runner importable) for the interop tests, Python's answers
 * recorded for the unit tests, scratch directories, test data, the
 * environment (time zone, the tools symlinks are made with), and a pdd-like
 * tree with the assertion that an extracted copy reproduces it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { python as recordedPython } from "../_oracles/python.ts";
import type { Json } from "../_oracles/recorded.ts";
import { Base64Decoder, base64Length } from "../../src/zip/mod.ts";

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

export { withTempDir } from "../_support/files.ts";

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

/**
 * Runs `fn` with the environment variables `vars` set (a value of
 * `undefined` unsets one), and puts the old values back afterwards. Deno
 * applies `TZ` at once, so local times follow it.
 *
 * @example
 * ```ts
 * await withEnv({ TZ: "America/New_York" }, async () => {
 *   new Date(0).getHours(); // 19
 * });
 * ```
 */
export async function withEnv<T>(
  vars: Record<string, string | undefined>,
  fn: () => Promise<T>,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, Deno.env.get(name)]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

function onPath(name: string): boolean {
  return (Deno.env.get("PATH") ?? "").split(":").some((dir) => {
    try {
      return dir !== "" && Deno.statSync(`${dir}/${name}`).isFile;
    } catch {
      return false;
    }
  });
}

/** Where Debian keeps the tools `src/zip/symlinks.ts` makes links with. */
const SYMLINK_TOOLS = ["/usr/bin/tar", "/bin/tar", "/usr/bin/ln", "/bin/ln"];

/**
 * Runs `fn` with `tar` and `ln` on PATH (first, from a directory holding
 * only them): extraction makes symlinks with them, as it does in the
 * execution environment, even when the unit tier runs with a PATH that holds
 * nothing but Deno.
 *
 * @example
 * ```ts
 * await withSymlinkTools(() => extractZip(zip, dst));
 * ```
 */
export async function withSymlinkTools<T>(fn: () => Promise<T>): Promise<T> {
  // Already there (any PATH but the bare Deno one): PATH is process-wide, and
  // unit test files run in parallel, so it is left alone.
  if (onPath("tar") && onPath("ln")) return await fn();
  const bin = await Deno.makeTempDir({ prefix: "tachyon_tools_" });
  try {
    for (const tool of SYMLINK_TOOLS) {
      const name = tool.slice(tool.lastIndexOf("/") + 1);
      try {
        await Deno.stat(tool);
        await Deno.symlink(tool, `${bin}/${name}`);
      } catch {
        // missing here, or already linked from the other directory
      }
    }
    const path = Deno.env.get("PATH");
    return await withEnv({ PATH: path ? `${bin}:${path}` : bin }, fn);
  } finally {
    await Deno.remove(bin, { recursive: true });
  }
}

/**
 * Asks Python (recorded, `tests/_oracles/python.ts`) to run `code`, which
 * reads `input` as JSON on stdin and prints JSON; the answer's `zip` (base64,
 * see {@linkcode PY_ZIP}) is returned as `bytes` too.
 *
 * @example
 * ```ts
 * const { bytes } = await askPython(
 *   PY_ZIP + "b = zip_bytes()\nzipfile.ZipFile(b, 'w').close()\nanswer(b)",
 *   null,
 * );
 * ```
 */
export async function askPython(
  code: string,
  input: Json,
): Promise<{ answer: Record<string, Json>; bytes: Uint8Array }> {
  const answer = await recordedPython({ code, input }) as Record<string, Json>;
  const bytes = typeof answer.zip === "string"
    ? Uint8Array.fromBase64(answer.zip)
    : new Uint8Array(0);
  return { answer, bytes };
}

/**
 * Python's part of the snippets that write a zip: `zip_bytes()` is a fresh
 * `io.BytesIO`, `answer(buffer, **more)` prints the zip as base64 with more
 * fields.
 *
 * @example
 * ```ts
 * const code = PY_ZIP + "b = zip_bytes()\nzipfile.ZipFile(b, 'w').close()\nanswer(b)";
 * ```
 */
export const PY_ZIP = `
import base64, io, json, struct, sys, zipfile, zlib
def zip_bytes():
    return io.BytesIO()
def answer(buffer, **more):
    data = buffer.getvalue() if hasattr(buffer, "getvalue") else bytes(buffer)
    print(json.dumps({"zip": base64.b64encode(data).decode(), **more}))
`;

/**
 * Writes a zip with Python's zipfile (recorded) to `path`: `entries` is a
 * list of `[name, content, mode or null]`, all dated 2020-05-17 12:30:10.
 *
 * @example
 * ```ts
 * await recordedPythonZip(`${work}/x.zip`, [["a", "text", 0o100644]]);
 * ```
 */
export async function recordedPythonZip(
  path: string,
  entries: [string, string, number | null][],
): Promise<void> {
  const { bytes } = await askPython(
    PY_ZIP + "b = zip_bytes()\n" +
      "with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:\n" +
      "  for name, content, mode in json.load(sys.stdin):\n" +
      "    info = zipfile.ZipInfo(name, (2020, 5, 17, 12, 30, 10))\n" +
      "    if mode is not None: info.external_attr = mode << 16\n" +
      "    z.writestr(info, content)\n" +
      "answer(b)\n",
    entries,
  );
  await Deno.writeFile(path, bytes);
}

/**
 * The zip carried by a `stream_dir` stream (`{"zipfile": N}` line, base64;
 * text or bytes),
 * decoded by our Base64Decoder pushed `chunkSizes` bytes at a time (cycled);
 * the base64 must be exactly as long as N says.
 *
 * @example
 * ```ts
 * const zip = zipOfStream(await streamDir(tree), [1, 7, 4096]);
 * ```
 */
export function zipOfStream(
  stream: string | Uint8Array,
  chunkSizes: number[] = [65536],
): Uint8Array {
  const bytes = typeof stream === "string" ? new TextEncoder().encode(stream) : stream;
  const newline = bytes.indexOf(0x0a);
  const size = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline))).zipfile as number;
  const blob = bytes.subarray(newline + 1);
  assert.equal(blob.length, base64Length(size), "no newline after the blob");
  const decoder = new Base64Decoder();
  const parts: Uint8Array[] = [];
  let k = 0;
  for (let i = 0; i < blob.length;) {
    const n = chunkSizes[k++ % chunkSizes.length];
    parts.push(decoder.push(blob.subarray(i, i + n)).slice());
    i += n;
  }
  parts.push(decoder.finish());
  const zip = concat(parts);
  assert.equal(zip.length, size);
  return zip;
}
