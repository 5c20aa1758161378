/**
 * `to_yaml` and `to_nice_yaml` write what Ansible's filters (PyYAML's
 * `yaml.dump` with Ansible's dumper) write, byte for byte, on data as
 * templates dump it: nested dicts and lists, empty ones, strings YAML would
 * read as something else, multi-line and long strings, unicode.
 */
import assert from "node:assert/strict";
import { python } from "../_oracles/python.ts";
import type { Json } from "../_oracles/recorded.ts";
import { ANSIBLE_FILTERS } from "../../src/template/ansible_filters.ts";

const CODE = `
import json, sys
from ansible.plugins.filter.core import to_yaml, to_nice_yaml
values = json.load(sys.stdin)
print(json.dumps([[to_yaml(v), to_nice_yaml(v)] for v in values]))
`;

const VALUES: Json[] = [
  { name: "app", ports: [80, 443], opts: { debug: false, l: [{ a: 1, b: [1, 2] }] }, none: null },
  { s: "a: b", m: "line1\nline2\n", u: "é ✓", e: "", y: "yes", n: "12", f: "1.5", d: "2024-01-01" },
  { ld: {}, ls: [], nested: [[1, 2], [3, [4]]], list_of_dicts: [{ x: 1 }, { y: [] }] },
  [1, "x", true, null, 2.5],
  "abc",
  { long: "word ".repeat(30).trim(), quoted: "it's", hash: "a #b", colon: "a:b", dash: "- x" },
  { "key with space": 1, "-lead": 2, "x:": 3, "01": 4, "true": 5 },
  { trailing: "space ", leading: " space", tab: "a\tb", ctrl: "bell\x07" },
  {
    wide: Array.from({ length: 40 }, (_, i) => `item${i}`),
    deep: { l: [{ m: ["x".repeat(50), "y".repeat(40)] }] },
  },
];

Deno.test("to_yaml and to_nice_yaml write what PyYAML writes through Ansible's filters", async () => {
  const answers = await python({ code: CODE, input: VALUES }) as [string, string][];
  VALUES.forEach((value, i) => {
    const [yaml, nice] = answers[i];
    assert.equal(ANSIBLE_FILTERS.to_yaml(value, [], {}), yaml, `to_yaml ${JSON.stringify(value)}`);
    assert.equal(
      ANSIBLE_FILTERS.to_nice_yaml(value, [], {}),
      nice,
      `to_nice_yaml ${JSON.stringify(value)}`,
    );
  });
});
