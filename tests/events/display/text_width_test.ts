/**
 * `textWidth` against Ansible's own `get_text_width` (glibc `wcswidth`/`wcwidth`),
 * as the real Ansible answered (recorded).
 */

import assert from "node:assert/strict";
import { textWidth } from "../../../src/events/display/text_width.ts";
import { python } from "../../_oracles/python.ts";

const TEXTS = [
  "PLAY [web]",
  "TASK [\u65e5\u672c\u8a9e]",
  "e\u0301",
  "\u001b[0;32mok\u001b[0m",
  "back\bspace",
  "\u0000",
  "a\u0000b",
  "a\u0000\u001b",
  "\u2028",
  "tab\there",
  "\u4dc0\u4dff",
  "\u0600x",
  "\u00ad",
  "\u1160\u11ff",
  "\u{1f600}\u{1fae8}",
  "\u0897",
  "\u200b",
  "\u0094x",
  "\ud800",
];

Deno.test("textWidth is get_text_width, including its fallback and its error", async (t) => {
  const code = "import json, sys\nfrom ansible.utils.display import get_text_width\nout = []\n" +
    "for t in json.load(sys.stdin):\n    try:\n        out.append(get_text_width(t))\n" +
    "    except EnvironmentError:\n        out.append(None)\nprint(json.dumps(out))";
  const expected = await python({ code, input: TEXTS }) as (number | null)[];
  for (const [i, text] of TEXTS.entries()) {
    await t.step(JSON.stringify(text), () => {
      assert.equal(textWidth(text) ?? null, expected[i], JSON.stringify(text));
    });
  }
});
