/**
 * Host pattern splitting and ordering against Ansible's own functions (the
 * globs and regexes inside patterns are tested in tests/python/), through the
 * recorded `python` oracle. One step per pattern.
 */
import assert from "node:assert/strict";
import { orderPatterns, splitHostPattern } from "../../../src/engine/patterns/mod.ts";
import { python } from "../../_oracles/python.ts";

const PATTERNS = [
  "all",
  "web:db",
  "web:&db:!web3",
  "a, b[1:2] , c",
  "web[1:3]",
  "web[0]",
  "web[1:]",
  "fe80::1",
  "::1",
  "10.0.0.1:22",
  "[::1]:22",
  "web01:web02",
  "~web.*:db",
  "  spaced  ",
  "a,,b,",
  "",
  "web*:!*3",
];

Deno.test("patterns: splitHostPattern agrees with Ansible's split_host_pattern", async (t) => {
  const code = `
import json, sys
from ansible.inventory.manager import split_host_pattern, order_patterns
out = []
for p in json.load(sys.stdin):
    parts = split_host_pattern(p)
    out.append([parts, order_patterns(parts)])
print(json.dumps(out))`;
  const peer = await python({ code, input: PATTERNS }) as string[][][];
  for (const [i, p] of PATTERNS.entries()) {
    await t.step(JSON.stringify(p), () => {
      const parts = splitHostPattern(p);
      assert.deepEqual(parts, peer[i][0], `split ${JSON.stringify(p)}`);
      assert.deepEqual(orderPatterns(parts), peer[i][1], `order ${JSON.stringify(p)}`);
    });
  }
});
