/**
 * script: a controller-side script run on the target, with arguments,
 * chdir, executable, creates/removes and check mode; Ansible's results
 * (recorded).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeTree } from "../../_oracles/ansible_cli.ts";
import { ansibleResult, ansibleResults, runModule, withTemp } from "./_support.ts";

Deno.test("script runs a controller-side script with arguments: same as Ansible", async () => {
  await withTemp(async (dir) => {
    const files = { "s.sh": '#!/bin/sh\necho "args: $*"; echo err >&2; exit 0\n' };
    await writeTree(dir, files);
    const ours = await runModule(dir, "script", `${join(dir, "s.sh")} a 'b c'`);
    const theirs = await ansibleResult(dir, files, "script", "<DIR>/s.sh a 'b c'");
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
    const files = { "project/files/where.sh": "pwd; echo $0 >&2\n" };
    await writeTree(dir, files);
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
    const gone = join(dir, "gone");
    const removes = await runModule(dir, "script", { cmd: "where.sh", removes: gone }, {
      controller,
    });
    assert.equal(removes.msg, `${gone} does not exist, matching removes option`);
    const check = await runModule(dir, "script", "where.sh", { controller, check: true });
    const [theirs] = await ansibleResults(dir, files, [
      { module: "script", args: "files/where.sh", check: true, cwd: "project" },
    ]);
    assert.deepEqual(check, theirs);
    const missing = await runModule(dir, "script", "nope.sh", { controller });
    assert.match(String(missing.msg), /^Could not find or access 'nope.sh'/);
  });
});
