/** `hostResultText`: its JSON against `pythonJsonDumps`. */

import assert from "node:assert/strict";
import { displayableResult, hostResultText } from "../../../src/events/display/mod.ts";
import { pythonJsonDumps } from "../../../src/python/mod.ts";

type Dict = Record<string, unknown>;

Deno.test("result JSON is pythonJsonDumps of the displayable result", () => {
  const tricky: Dict = {
    "z\u00e9": '\u001b[0m tab\t nl\n \u2028 \u007f "q" \\ \u00e9\u65e5',
    a: [1.5, 1e-7, 1e22, 123456789012345680000, -3, 0.1, [], {}, [[{}]], null, true],
    nested: { _ansible_no_log: false, k: [{ _ansible_item_label: 1, v: null }], "\ud83c\udf89": 1 },
    changed: false,
    failed: true,
    invocation: { module_args: {} },
    _ansible_verbose_always: false,
  };
  const clean = displayableResult(tricky);
  const colored = (text: string, code: string) =>
    text.split("\n").map((l) => `\u001b[${code}m${l}\u001b[0m`).join("\r\n");
  assert.equal(
    hostResultText({ outcome: "failed", host: "h", result: tricky }),
    colored(
      `fatal: [h]: FAILED! => ${pythonJsonDumps(clean, { sortKeys: true, ensureAscii: false })}`,
      "0;31",
    ),
  );
  const indented = pythonJsonDumps(clean, { sortKeys: true, ensureAscii: false, indent: 4 });
  assert.equal(
    hostResultText({ outcome: "ok", host: "h", result: tricky, adhoc: true }),
    colored(`h | SUCCESS => ${indented}`, "0;32"),
  );
});
