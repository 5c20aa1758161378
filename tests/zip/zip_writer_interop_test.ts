/**
 * zipDirectory against the real ansible-runner, live, on a large tree
 * (megabytes of random and zero bytes, mtimes relative to now, FIFOs,
 * sockets, devices): the same entries in the same order as stream_dir on
 * this file system, Python's `testzip()`, `unstream_dir` round trips. The
 * recorded small cases are in `zip_writer_test.ts`.
 */
import assert from "node:assert/strict";
import { base64FileChunks, extractZip, zipDirectory } from "../../src/zip/mod.ts";
import {
  assertSameTree,
  DAY,
  epoch,
  makeTree,
  python,
  pythonStreamDirZip,
  randomBytes,
  withTempDir,
} from "./_support.ts";

const TMP_PREFIX = "tachyon_zip_";

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
  await withTempDir(TMP_PREFIX, async (work) => {
    const src = `${work}/src`;
    await Deno.mkdir(src);
    await makeTree(src);
    const fifo = await new Deno.Command("mkfifo", { args: [`${src}/fifo`, `${src}/sub/fifo`] })
      .output();
    assert.ok(fifo.success);
    const size = await zipDirectory(src, `${work}/ours.zip`);
    assert.equal(size, (await Deno.stat(`${work}/ours.zip`)).size);
    await pythonStreamDirZip(src, `${work}/py.stream`, `${work}/py.zip`);
    const ours = await pythonInfo(`${work}/ours.zip`);
    const theirs = await pythonInfo(`${work}/py.zip`);
    assert.equal(ours.bad, null, "testzip() finds no bad entry");
    assert.ok(ours.entries.length >= 25);
    assert.deepEqual(ours.entries, theirs.entries);
  });
});

Deno.test("zipDirectory -> base64FileChunks -> Python unstream_dir round-trips the tree", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
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
  await withTempDir(TMP_PREFIX, async (work) => {
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
  await withTempDir(TMP_PREFIX, async (work) => {
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
  await withTempDir(TMP_PREFIX, async (work) => {
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
