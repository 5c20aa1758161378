/** `displayableResult` and `callbackResult` against what Ansible's `clean_copy` keeps. */

import assert from "node:assert/strict";
import { callbackResult, displayableResult } from "../../../src/events/display/mod.ts";

Deno.test("displayableResult and callbackResult drop what Ansible drops", () => {
  const raw = {
    changed: true,
    failed: true,
    rc: 1,
    invocation: { module_args: {} },
    diff: { before: "" },
    exception: "x",
    _ansible_no_log: false,
    nested: [{ _ansible_item_label: 1, keep: true }],
  };
  assert.deepEqual(displayableResult(raw), { changed: true, rc: 1, nested: [{ keep: true }] });
  assert.deepEqual(Object.keys(displayableResult(raw, 3)), [
    "changed",
    "rc",
    "invocation",
    "diff",
    "nested",
  ]);
  assert.deepEqual(callbackResult(raw, { noLog: true }), {
    censored:
      "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
    changed: true,
  });
  assert.equal(raw.failed, true, "input is not mutated");
});
