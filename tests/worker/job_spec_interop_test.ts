/**
 * A job whose command line argparse rejects, sent to the worker process
 * (`deno run -P main.ts worker`): an error status naming the argument, then
 * eof, exit 1, nothing on stderr. `loadJobSpec` itself is in
 * `job_spec_test.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseStream, runTachyon, tempDir } from "../_support/worker_process.ts";

Deno.test("a command line argparse rejects: the worker sends an error status and eof", async () => {
  const tmp = await tempDir();
  try {
    const out = await runTachyon(["worker", `--private-data-dir=${join(tmp.path, "pdd")}`], {
      stdin: new TextEncoder().encode(
        '{"kwargs": {"playbook": "main.yml", "cmdline": "--limit"}}\n{"eof": true}\n',
      ),
    });
    const messages = parseStream(out.stdout);
    assert.equal(messages.length, 2);
    assert.equal(messages[0].status, "error");
    assert.equal(
      messages[0].job_explanation,
      "Invalid job: Cannot parse the job's cmdline (ansible-playbook): argument -l/--limit: " +
        "expected one argument",
    );
    assert.match(String(messages[0].result_traceback), /^JobConfigError: /);
    assert.deepEqual(messages[1], { eof: true });
    assert.equal(out.code, 1);
    assert.equal(out.stderr, "");
  } finally {
    await tmp.remove();
  }
});
