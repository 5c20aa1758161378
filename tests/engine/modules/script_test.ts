import assert from "node:assert/strict";
import { join } from "node:path";
import { runAnsibleModule, runModule, withTemp } from "./_support.ts";

Deno.test("script runs a controller-side script with arguments: same as Ansible", async () => {
  await withTemp(async (dir) => {
    const script = join(dir, "s.sh");
    await Deno.writeTextFile(script, '#!/bin/sh\necho "args: $*"; echo err >&2; exit 0\n');
    const ours = await runModule(dir, "script", `${script} a 'b c'`);
    const theirs = await runAnsibleModule(dir, "script", `${script} a 'b c'`);
    assert.deepEqual(ours, theirs);
    const noShebang = join(dir, "plain");
    await Deno.writeTextFile(noShebang, "echo plain; exit 3\n");
    const failed = await runModule(dir, "script", noShebang);
    assert.equal(failed.rc, 3);
    assert.equal(failed.failed, true);
    assert.equal(failed.msg, "non-zero return code");
    assert.equal(failed.stdout, "plain\n");
  });
});

Deno.test("script from the project dir, chdir, executable, creates/removes, check mode", async () => {
  await withTemp(async (dir) => {
    const project = join(dir, "project");
    await Deno.mkdir(join(project, "files"), { recursive: true });
    await Deno.writeTextFile(join(project, "files", "where.sh"), "pwd; echo $0 >&2\n");
    const controller = { projectDir: project, privateDataDir: dir };
    const r = await runModule(dir, "script", "where.sh chdir=/tmp executable=/bin/bash", {
      controller,
    });
    assert.equal(r.stdout, "/tmp\n");
    assert.match(String(r.stderr), /\.tachyon-script/);
    const creates = await runModule(dir, "script", `where.sh creates=${dir}`, { controller });
    assert.deepEqual(creates, {
      changed: false,
      skipped: true,
      msg: `${dir} exists, matching creates option`,
    });
    const removes = await runModule(dir, "script", { cmd: "where.sh", removes: "/nonexistent" }, {
      controller,
    });
    assert.equal(removes.msg, "/nonexistent does not exist, matching removes option");
    const check = await runModule(dir, "script", "where.sh", { controller, check: true });
    assert.deepEqual(
      check,
      await runAnsibleModule(project, "script", "files/where.sh", {
        check: true,
      }),
    );
    const missing = await runModule(dir, "script", "nope.sh", { controller });
    assert.match(String(missing.msg), /^Could not find or access 'nope.sh'/);
  });
});
