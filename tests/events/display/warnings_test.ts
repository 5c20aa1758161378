/** Warning and deprecation texts (the real-runner comparison is in mod_test.ts). */

import assert from "node:assert/strict";
import { deprecationText, warningText } from "../../../src/events/display/mod.ts";

Deno.test("deprecationText wraps like Display.deprecated", () => {
  // Same text as the module deprecation the real run checks inside a result event.
  const text = deprecationText("old thing", { version: "2.99", collectionName: "ansible.builtin" });
  assert.equal(
    text,
    "\u001b[0;35m[DEPRECATION WARNING]: old thing. This feature will be removed from ansible-\u001b[0m" +
      "\r\n\u001b[0;35mcore in version 2.99. Deprecation warnings can be disabled by setting \u001b[0m" +
      "\r\n\u001b[0;35mdeprecation_warnings=False in ansible.cfg.\u001b[0m",
  );
  const seen = new Set<string>();
  assert.notEqual(warningText("once", seen), "");
  assert.equal(warningText("once", seen), "");
});
