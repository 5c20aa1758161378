import assert from "node:assert/strict";
import { base64FileChunks, extractZip, zipDirectory } from "../../src/zip/mod.ts";

const DAY = 86400;

/** Runs Python code with the real interpreter (ansible_runner importable); returns stdout. */
async function python(code: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command("/usr/bin/python3", {
    args: ["-c", code, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "tachyon_zip_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

const epoch = (info: Deno.FileInfo) => info.mtime!.getTime() / 1000;

/** A pdd-like tree with everything stream_dir must carry. */
async function makeTree(root: string): Promise<void> {
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

/** Asserts `dst` reproduces `src` (FIFOs excluded); returns the number of paths compared. */
async function assertSameTree(src: string, dst: string, rel = ""): Promise<number> {
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

/** The stream_dir wire form of our zip: `{"zipfile": N}\n` + base64FileChunks. */
async function writeStream(zip: string, streamPath: string): Promise<number> {
  const size = (await Deno.stat(zip)).size;
  const out = await Deno.open(streamPath, { write: true, create: true, truncate: true });
  try {
    await out.write(new TextEncoder().encode(`{"zipfile": ${size}}\n`));
    for await (const chunk of base64FileChunks(zip)) await out.write(chunk);
    await out.write(new TextEncoder().encode('{"eof": true}\n'));
  } finally {
    out.close();
  }
  return size;
}

/** Python unstream_dir reading the wire stream exactly as the worker's peer would. */
async function pythonUnstream(streamPath: string, target: string): Promise<void> {
  const rest = await python(
    "import json, sys\nfrom ansible_runner.utils.streaming import unstream_dir\n" +
      "with open(sys.argv[1], 'rb') as f:\n" +
      "  n = json.loads(f.readline())['zipfile']\n  unstream_dir(f, n, sys.argv[2])\n" +
      "  sys.stdout.write(f.read().decode())",
    streamPath,
    target,
  );
  assert.equal(rest, '{"eof": true}\n', "the blob is exactly 4*ceil(N/3) characters");
}

const INFO_FIELDS =
  "[i.filename, i.external_attr, i.compress_type, list(i.date_time), i.flag_bits, " +
  "i.create_version, i.create_system, i.extract_version, i.file_size, i.CRC, i.volume, " +
  "i.internal_attr, i.comment.decode(), i.extra.hex()]";

/** Python's view of a zip: testzip() and the infolist fields stream_dir controls. */
async function pythonInfo(zip: string): Promise<{ bad: string | null; entries: unknown[] }> {
  return JSON.parse(
    await python(
      "import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\n" +
        `print(json.dumps({"bad": z.testzip(), "entries": [${INFO_FIELDS} for i in z.infolist()]}))`,
      zip,
    ),
  );
}

Deno.test("zipDirectory writes what stream_dir writes (same entries, order, attributes)", async () => {
  await withTempDir(async (work) => {
    const src = `${work}/src`;
    await Deno.mkdir(src);
    await makeTree(src);
    const fifo = await new Deno.Command("mkfifo", { args: [`${src}/fifo`, `${src}/sub/fifo`] })
      .output();
    assert.ok(fifo.success);
    const size = await zipDirectory(src, `${work}/ours.zip`);
    assert.equal(size, (await Deno.stat(`${work}/ours.zip`)).size);
    await python(
      "import sys, base64\nfrom ansible_runner.utils.streaming import stream_dir\n" +
        "with open(sys.argv[2], 'wb') as f: stream_dir(sys.argv[1], f)\n" +
        "data = open(sys.argv[2], 'rb').read()\n" +
        "open(sys.argv[3], 'wb').write(base64.b64decode(data[data.index(b'\\n') + 1:]))",
      src,
      `${work}/py.stream`,
      `${work}/py.zip`,
    );
    const ours = await pythonInfo(`${work}/ours.zip`);
    const theirs = await pythonInfo(`${work}/py.zip`);
    assert.equal(ours.bad, null, "testzip() finds no bad entry");
    assert.ok(ours.entries.length >= 25);
    assert.deepEqual(ours.entries, theirs.entries);
  });
});

Deno.test("zipDirectory -> base64FileChunks -> Python unstream_dir round-trips the tree", async () => {
  await withTempDir(async (work) => {
    const src = `${work}/src`;
    await Deno.mkdir(src);
    await makeTree(src);
    const fifo = await new Deno.Command("mkfifo", { args: [`${src}/ssh_key_data`] }).output();
    assert.ok(fifo.success);
    await zipDirectory(src, `${work}/ours.zip`);
    await writeStream(`${work}/ours.zip`, `${work}/stream`);
    const dst = `${work}/not/yet/there`;
    await pythonUnstream(`${work}/stream`, dst);
    assert.ok(await assertSameTree(src, dst) >= 25);
    // The reference tests: symlinks usable, old file stays old, modes exact.
    assert.equal(await Deno.readLink(`${dst}/binlink`), "/bin");
    assert.equal(await Deno.readTextFile(`${dst}/dotlink/filelink`), "mode 666\n");
    assert.ok(Date.now() / 1000 - epoch(await Deno.stat(`${dst}/old.txt`)) > DAY - 10);
    // Extracting twice onto the same directory works on their side too.
    await pythonUnstream(`${work}/stream`, dst);
    await assertSameTree(src, dst);
  });
});

Deno.test("zipDirectory skips FIFOs, sockets and devices without hanging", async () => {
  await withTempDir(async (work) => {
    const src = `${work}/src`;
    await Deno.mkdir(`${src}/d`, { recursive: true });
    await Deno.writeTextFile(`${src}/d/file`, "data\n");
    const fifo = await new Deno.Command("mkfifo", { args: [`${src}/fifo`, `${src}/d/fifo`] })
      .output();
    assert.ok(fifo.success);
    await python(
      "import socket, sys\nsocket.socket(socket.AF_UNIX).bind(sys.argv[1])",
      `${src}/socket`,
    );
    assert.ok((await Deno.lstat(`${src}/socket`)).isSocket);
    await Deno.symlink("/dev/null", `${src}/devlink`);
    // A character device too, where we may create one (root).
    await new Deno.Command("mknod", { args: [`${src}/d/null`, "c", "1", "3"], stderr: "null" })
      .output();
    const started = performance.now();
    await zipDirectory(src, `${work}/z.zip`);
    assert.ok(performance.now() - started < 3000);
    const info = await pythonInfo(`${work}/z.zip`);
    assert.equal(info.bad, null);
    const names = info.entries.map((entry) => (entry as unknown[])[0]).sort();
    assert.deepEqual(names, ["./devlink", "d/", "d/file"]);
  });
});

Deno.test("zipDirectory: an empty or missing directory gives the 22-byte empty zip", async () => {
  await withTempDir(async (work) => {
    await Deno.mkdir(`${work}/empty`);
    assert.equal(await zipDirectory(`${work}/empty`, `${work}/a.zip`), 22);
    assert.equal(await zipDirectory(`${work}/missing`, `${work}/b.zip`), 22);
    const info = await pythonInfo(`${work}/a.zip`);
    assert.deepEqual(info, { bad: null, entries: [] });
    assert.deepEqual(await Deno.readFile(`${work}/a.zip`), await Deno.readFile(`${work}/b.zip`));
    await writeStream(`${work}/a.zip`, `${work}/stream`);
    await pythonUnstream(`${work}/stream`, `${work}/out`);
  });
});

Deno.test("zipDirectory output extracts with our extractZip too (empty, large and odd files)", async () => {
  await withTempDir(async (work) => {
    const src = `${work}/src`;
    await Deno.mkdir(src);
    await makeTree(src);
    await Deno.writeFile(`${src}/exactly-1MiB`, randomBytes(1 << 20));
    await Deno.writeFile(`${src}/1MiB+1`, randomBytes((1 << 20) + 1));
    await Deno.writeTextFile(`${src}/newline\nname`, "odd name\n");
    await zipDirectory(src, `${work}/z.zip`);
    assert.equal((await pythonInfo(`${work}/z.zip`)).bad, null);
    await extractZip(`${work}/z.zip`, `${work}/out`);
    assert.ok(await assertSameTree(src, `${work}/out`) >= 28);
  });
});
