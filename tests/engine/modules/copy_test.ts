/**
 * copy: content and files, check and diff mode, backups, errors; the result
 * shapes and messages of Ansible's (recorded). Without sha1sum, stat and
 * base64 on the target: `copy_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ansibleResult,
  ansibleResults,
  countingContext,
  keys,
  runModule,
  withTemp,
} from "./_support.ts";
import { copyModule } from "../../../src/engine/modules/copy.ts";

const text = (path: string) => Deno.readTextFile(path);
const mode = async (path: string) => ((await Deno.stat(path)).mode! & 0o7777).toString(8);

Deno.test("copy content: creates, is idempotent, and has Ansible's result shape", async () => {
  await withTemp(async (dir) => {
    const dest = join(dir, "ours.txt");
    const first = await runModule(dir, "copy", { content: "abc", dest, mode: "0640" });
    assert.equal(first.changed, true);
    assert.equal(await text(dest), "abc");
    assert.equal(await mode(dest), "640");
    assert.equal(first.checksum, "a9993e364706816aba3e25717850c26c9cd0d89d");
    assert.equal(first.md5sum, "900150983cd24fb0d6963f7d28e17f72");
    assert.equal(first.size, 3);
    assert.equal(first.mode, "0640");
    assert.equal(first.state, "file");
    const second = await runModule(dir, "copy", { content: "abc", dest, mode: "0640" });
    assert.equal(second.changed, false);
    assert.equal(second.path, dest);

    const args = { content: "abc", dest: "<DIR>/theirs.txt", mode: "0640" };
    const [a1, a2] = await ansibleResults(dir, {}, [
      { module: "copy", args },
      { module: "copy", args },
    ]);
    // Ansible reports the remote temp file as `src` and always a `diff`; tachyon has neither
    // for `content` without --diff.
    const drop = (k: string[]) => k.filter((x) => x !== "src" && x !== "diff");
    assert.deepEqual(keys(first), drop(keys(a1)));
    assert.deepEqual(keys(second), drop(keys(a2)));
    assert.equal(first.checksum, a1.checksum);
    assert.equal(first.mode, a1.mode);
  });
});

Deno.test("copy: changed content is replaced, backup kept, diff like Ansible's", async () => {
  await withTemp(async (dir) => {
    const dest = join(dir, "f.txt");
    await Deno.writeTextFile(dest, "old\n");
    await Deno.chmod(dest, 0o600);
    const r = await runModule(dir, "copy", { content: "new\n", dest, backup: true }, {
      diff: true,
    });
    assert.equal(r.changed, true);
    assert.equal(await text(dest), "new\n");
    assert.equal(await mode(dest), "600", "an existing file keeps its mode");
    assert.match(String(r.backup_file), /f\.txt\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
    assert.equal(await text(String(r.backup_file)), "old\n");
    assert.deepEqual(r.diff, [{
      before: "old\n",
      after: "new\n",
      before_header: dest,
      after_header: "dynamically generated",
    }]);

    const a = await ansibleResult(dir, { "g.txt": "old\n" }, "copy", {
      content: "new\n",
      dest: "<DIR>/g.txt",
      backup: true,
    }, { diff: true });
    assert.deepEqual(keys(r), keys(a).filter((k) => k !== "src"));
    const ad = (a.diff as Record<string, unknown>[])[0];
    assert.deepEqual(keys(r.diff && (r.diff as unknown[])[0]), keys(ad));
  });
});

Deno.test("copy check mode reports the change and writes nothing", async () => {
  await withTemp(async (dir) => {
    const dest = join(dir, "f.txt");
    const r = await runModule(dir, "copy", { content: "x", dest }, { check: true });
    assert.equal(r.changed, true);
    await assert.rejects(Deno.stat(dest));
    await Deno.writeTextFile(dest, "x");
    await Deno.chmod(dest, 0o644);
    const m = await runModule(dir, "copy", { content: "x", dest, mode: "0600" }, {
      check: true,
      diff: true,
    });
    assert.equal(m.changed, true);
    assert.equal(m.mode, "0644", "check mode shows the current mode");
    assert.deepEqual(m.diff, {
      before: { path: dest, mode: "0644" },
      after: { path: dest, mode: "0600" },
    });
    assert.equal(await mode(dest), "644");
    const a = await ansibleResult(
      dir,
      { "f.txt": { text: "x", mode: 0o644 } },
      "copy",
      { content: "x", dest: "<DIR>/f.txt", mode: "0600" },
      { check: true, diff: true },
    );
    assert.deepEqual(a.diff, m.diff);
    assert.deepEqual(keys(m), keys(a));
  });
});

Deno.test("copy: mode-only change of an unchanged file, then idempotent", async () => {
  await withTemp(async (dir) => {
    const dest = join(dir, "f.txt");
    await Deno.writeTextFile(dest, "x");
    await Deno.chmod(dest, 0o644);
    const r = await runModule(dir, "copy", { content: "x", dest, mode: "u+x,g-r" });
    assert.equal(r.changed, true);
    assert.equal(await mode(dest), "704");
    assert.equal(r.mode, "0704");
    const again = await runModule(dir, "copy", { content: "x", dest, mode: "u+x,g-r" });
    assert.equal(again.changed, false);
  });
});

Deno.test("copy src from the project dir (and files/), dest dir gets the basename", async () => {
  await withTemp(async (dir) => {
    const project = join(dir, "project");
    await Deno.mkdir(join(project, "files"), { recursive: true });
    await Deno.writeTextFile(join(project, "files", "motd"), "hello\n");
    const target = join(dir, "target");
    await Deno.mkdir(target);
    const controller = { projectDir: project, privateDataDir: dir };
    const r = await runModule(dir, "copy", { src: "motd", dest: target }, { controller });
    assert.equal(r.changed, true);
    assert.equal(r.dest, join(target, "motd"));
    assert.equal(r.src, join(project, "files", "motd"));
    assert.equal(await text(join(target, "motd")), "hello\n");
    const again = await runModule(dir, "copy", `src=motd dest=${target}/`, { controller });
    assert.equal(again.changed, false);
    const created = await runModule(dir, "copy", { src: "motd", dest: `${dir}/new/sub/` }, {
      controller,
    });
    assert.equal(created.changed, true, "a trailing slash creates the directory");
    assert.equal(await text(join(dir, "new/sub/motd")), "hello\n");
  });
});

Deno.test("copy force=no keeps an existing file", async () => {
  await withTemp(async (dir) => {
    const dest = join(dir, "f.txt");
    await Deno.writeTextFile(dest, "mine");
    const r = await runModule(dir, "copy", { content: "theirs", dest, force: "no" });
    assert.deepEqual(r, { changed: false, dest });
    assert.equal(await text(dest), "mine");
  });
});

Deno.test("copy errors: Ansible's messages", async () => {
  await withTemp(async (dir) => {
    const missing = await runModule(dir, "copy", { src: "/tmp/nonexistent-tachyon", dest: dir });
    assert.equal(missing.failed, true);
    assert.match(String(missing.msg), /^Could not find or access '\/tmp\/nonexistent-tachyon'/);
    const noDir = await runModule(dir, "copy", { content: "x", dest: `${dir}/no/f` });
    assert.equal(noDir.msg, `Destination directory ${dir}/no does not exist`);
    const a = await ansibleResult(dir, {}, "copy", { content: "x", dest: "<DIR>/no/f" });
    assert.equal(a.msg, noDir.msg);
    const contentDir = await runModule(dir, "copy", { content: "x", dest: dir });
    assert.equal(contentDir.msg, "can not use content with a dir as dest");
    const unknown = await runModule(dir, "copy", { content: "x", dest: dir, foo: 1 });
    assert.match(String(unknown.msg), /^Unsupported parameters for \(copy\) module: foo\. /);
    const none = await runModule(dir, "copy", { dest: dir });
    assert.equal(none.msg, "src (or content) is required");
    const badMode = await runModule(dir, "copy", { content: "x", dest: `${dir}/m`, mode: "999" });
    assert.match(String(badMode.msg), /mode must be in octal or symbolic form/);
  });
});

Deno.test("copy of large content sends it only when needed", async () => {
  await withTemp(async (dir) => {
    const dest = join(dir, "big.bin");
    const big = "0123456789abcdef".repeat(10000);
    const r = await runModule(dir, "copy", { content: big, dest });
    assert.equal(r.changed, true);
    assert.equal((await Deno.stat(dest)).size, big.length);
    const again = await runModule(dir, "copy", { content: big, dest });
    assert.equal(again.changed, false);
  });
});

Deno.test("copy needs one exec per run, two only for a mode-only change", async () => {
  await withTemp(async (dir) => {
    const dest = join(dir, "f.txt");
    const run = async (args: Record<string, unknown>) => {
      const { ctx, execs } = countingContext(dir);
      const r = await copyModule.run(ctx, copyModule.parseArgs(args));
      return { changed: r.changed, execs: execs() };
    };
    assert.deepEqual(await run({ content: "a", dest, mode: "0600" }), { changed: true, execs: 1 });
    assert.deepEqual(await run({ content: "a", dest, mode: "0600" }), { changed: false, execs: 1 });
    assert.deepEqual(await run({ content: "b", dest, mode: "0600" }), { changed: true, execs: 1 });
    assert.deepEqual(await run({ content: "b", dest, mode: "0644" }), { changed: true, execs: 2 });
  });
});
