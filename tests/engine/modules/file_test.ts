/**
 * file: directories, touch, links, absent, recurse, errors; Ansible's result
 * shapes, diffs and messages (recorded), and the round trips it needs.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ansibleResult,
  ansibleResults,
  countingContext,
  facts,
  keys,
  runModule,
  withTemp,
} from "./_support.ts";
import { fileModule } from "../../../src/engine/modules/file.ts";

const mode = async (path: string) => ((await Deno.lstat(path)).mode! & 0o7777).toString(8);

Deno.test("file state=directory: creates with mode, idempotent, shape and diff like Ansible", async () => {
  await withTemp(async (dir) => {
    const ours = join(dir, "ours/a/b");
    const theirs = join(dir, "theirs/a/b");
    const args = (path: string) => ({ path, state: "directory", mode: "0750" });
    const theirArgs = args("<DIR>/theirs/a/b");
    const r1 = await runModule(dir, "file", args(ours), { diff: true });
    const r2 = await runModule(dir, "file", args(ours), { diff: true });
    assert.equal(r1.changed, true);
    assert.equal(r2.changed, false);
    assert.equal(await mode(ours), "750");
    assert.equal(await mode(join(dir, "ours/a")), "750", "new parents get the mode too");
    const [a1, a2] = await ansibleResults(dir, {}, [
      { module: "file", args: theirArgs, diff: true },
      { module: "file", args: theirArgs, diff: true },
    ]);
    assert.deepEqual(keys(r1), keys(a1));
    assert.deepEqual(keys(r2), keys(a2));
    const strip = (d: unknown) =>
      JSON.parse(JSON.stringify(d).replaceAll(theirs, "P").replaceAll(ours, "P"));
    assert.deepEqual(
      strip(r1.diff),
      strip({
        before: { path: ours, state: "absent" },
        after: { path: ours, state: "directory" },
      }),
    );
    // Ansible shows the mode a new directory started with in `before`; tachyon does not.
    assert.deepEqual(strip(r2.diff), strip(a2.diff));
    // Owner and size are the directory's own (each side's): see withFileFacts.
    const f1 = await facts(r1);
    for (const k of ["mode", "state", "owner", "group", "uid", "gid", "size"]) {
      assert.equal(f1[k], a1[k], k);
    }
  });
});

Deno.test("file state=touch/file with symbolic mode; check mode changes nothing", async () => {
  await withTemp(async (dir) => {
    const t = join(dir, "t");
    const check = await runModule(dir, "file", { path: t, state: "touch" }, { check: true });
    assert.equal(check.changed, true);
    await assert.rejects(Deno.stat(t));
    const touched = await runModule(dir, "file", `path=${t} state=touch`);
    assert.equal(touched.changed, true);
    assert.equal(touched.dest, t);
    assert.equal(touched.state, "file");
    const a = await ansibleResult(dir, {}, "file", "path=<DIR>/u state=touch");
    assert.deepEqual(keys(touched), keys(a).filter((k) => k !== "diff"));
    const ux = await runModule(dir, "file", { path: t, mode: "u+x,g=r,o-r" }, { diff: true });
    assert.equal(ux.changed, true);
    assert.equal(await mode(t), "740");
    assert.deepEqual(ux.diff, {
      before: { path: t, mode: "0644" },
      after: { path: t, mode: "0740" },
    });
    const again = await runModule(dir, "file", { path: t, mode: "u+x,g=r,o-r", state: "file" });
    assert.equal(again.changed, false);
    const checkMode = await runModule(dir, "file", { path: t, mode: "0600" }, { check: true });
    assert.equal(checkMode.changed, true);
    assert.equal(await mode(t), "740");
  });
});

Deno.test("file state=link and state=hard: create, idempotent, Ansible's keys", async (t) => {
  await withTemp(async (dir) => {
    const target = join(dir, "target");
    await Deno.writeTextFile(target, "x");
    for (const state of ["link", "hard"]) {
      await t.step(state, async () => {
        const path = join(dir, `ours-${state}`);
        const r1 = await runModule(dir, "file", { path, src: target, state }, { diff: true });
        const r2 = await runModule(dir, "file", { path, src: target, state });
        assert.equal(r1.changed, true, state);
        assert.equal(r2.changed, false, state);
        assert.equal(r1.state, state);
        const args = { path: `<DIR>/theirs-${state}`, src: "<DIR>/target", state };
        const [a1, a2] = await ansibleResults(dir, { target: "x" }, [
          { module: "file", args, diff: true },
          { module: "file", args },
        ]);
        assert.deepEqual(keys(r1), keys(a1), state);
        assert.deepEqual(keys(r2), keys(a2).filter((k) => k !== "diff"), state);
      });
    }
    assert.equal(await Deno.readLink(join(dir, "ours-link")), target);
    assert.equal((await Deno.stat(join(dir, "ours-hard"))).ino, (await Deno.stat(target)).ino);
    const other = join(dir, "other");
    await Deno.writeTextFile(other, "y");
    const relink = await runModule(dir, "file", {
      path: join(dir, "ours-link"),
      src: other,
      state: "link",
    }, { diff: true });
    assert.equal(relink.changed, true);
    assert.deepEqual((relink.diff as { after: unknown }).after, {
      path: join(dir, "ours-link"),
      src: other,
    });
    assert.equal(await Deno.readLink(join(dir, "ours-link")), other);
  });
});

Deno.test("file state=absent removes files and trees; idempotent; check mode keeps them", async () => {
  await withTemp(async (dir) => {
    const tree = join(dir, "tree");
    await Deno.mkdir(join(tree, "sub"), { recursive: true });
    await Deno.writeTextFile(join(tree, "sub/f"), "x");
    const check = await runModule(dir, "file", { path: tree, state: "absent" }, {
      check: true,
      diff: true,
    });
    assert.equal(check.changed, true);
    assert.deepEqual((check.diff as { before: unknown }).before, {
      path: tree,
      state: "directory",
      path_content: { directories: [join(tree, "sub")], files: [join(tree, "sub/f")] },
    });
    await Deno.stat(tree);
    const r1 = await runModule(dir, "file", { path: tree, state: "absent" });
    assert.deepEqual(r1, { path: tree, state: "absent", changed: true });
    await assert.rejects(Deno.stat(tree));
    const r2 = await runModule(dir, "file", { path: tree, state: "absent" });
    const a2 = await ansibleResult(dir, {}, "file", { path: "<DIR>/tree", state: "absent" });
    assert.deepEqual(r2, { path: tree, state: "absent", changed: false });
    assert.deepEqual(r2, a2);
  });
});

Deno.test("file recurse applies the mode to the whole tree", async () => {
  await withTemp(async (dir) => {
    const tree = join(dir, "tree");
    await Deno.mkdir(join(tree, "sub"), { recursive: true });
    await Deno.writeTextFile(join(tree, "sub/f"), "x");
    await Deno.chmod(join(tree, "sub/f"), 0o600);
    const args = { path: tree, state: "directory", recurse: true, mode: "u=rwX,go=rX" };
    const r1 = await runModule(dir, "file", args);
    assert.equal(r1.changed, true);
    assert.equal(await mode(join(tree, "sub/f")), "644");
    assert.equal(await mode(join(tree, "sub")), "755");
    const r2 = await runModule(dir, "file", args);
    assert.equal(r2.changed, false);
  });
});

Deno.test("file errors: Ansible's messages", async (t) => {
  await withTemp(async (dir) => {
    const f = join(dir, "f");
    await Deno.writeTextFile(f, "x");
    const cases: [(root: string) => Record<string, string>, (root: string) => string][] = [
      [
        (root) => ({ path: `${root}/missing` }),
        (root) => `file (${root}/missing) is absent, cannot continue`,
      ],
      [
        (root) => ({ path: `${root}/f`, state: "directory" }),
        (root) => `${root}/f already exists as a file`,
      ],
      [
        (root) => ({ path: `${root}/l`, state: "link" }),
        () => "src is required for creating new symlinks",
      ],
      [
        (root) => ({ path: `${root}/f`, state: "bogus" }),
        () =>
          "value of state must be one of: absent, directory, file, hard, link, touch, got: bogus",
      ],
      [
        (root) => ({ path: `${root}/f`, owner: "nosuchuser-tachyon" }),
        () => "chown failed: failed to look up user nosuchuser-tachyon",
      ],
    ];
    for (const [args, msg] of cases) {
      await t.step(JSON.stringify(args("<DIR>")), async () => {
        const ours = await runModule(dir, "file", args(dir));
        const theirs = await ansibleResult(dir, { f: "x" }, "file", args("<DIR>"));
        assert.equal(ours.failed, true);
        assert.equal(ours.msg, msg(dir));
        assert.equal(theirs.msg, msg(dir), "Ansible says the same");
      });
    }
    const bad = await runModule(dir, "file", { path: f, mode: "0abc" });
    assert.match(String(bad.msg), /mode must be in octal or symbolic form/);
  });
});

Deno.test("file: one exec when nothing changes, two when something does", async () => {
  await withTemp(async (dir) => {
    const path = join(dir, "d");
    const run = async (args: Record<string, unknown>, check = false) => {
      const { ctx, execs } = countingContext(dir, { check });
      const r = await fileModule.run(ctx, fileModule.parseArgs(args));
      return { changed: r.changed, execs: execs() };
    };
    assert.deepEqual(await run({ path, state: "directory" }, true), { changed: true, execs: 1 });
    assert.deepEqual(await run({ path, state: "directory" }), { changed: true, execs: 2 });
    assert.deepEqual(await run({ path, state: "directory" }), { changed: false, execs: 1 });
  });
});
