/**
 * The inventory's Python pieces against Ansible's own functions (through the
 * recorded `python` oracle): INI values, host ranges, addresses and YAML
 * scalars. One step per table row.
 */
import assert from "node:assert/strict";
import {
  expandHostnameRange,
  parseAddress,
  parseIniValue,
  parseYaml,
  toPlain,
} from "../../../src/engine/inventory/mod.ts";
import { python } from "../../_oracles/python.ts";
import { loadYaml } from "../../../src/yaml/yaml_module.ts";

// parseYaml is synchronous: the yaml package is loaded on first need.
await loadYaml();

function infToString(v: unknown): unknown {
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (Array.isArray(v)) return v.map(infToString);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, infToString(x)]));
  }
  return v;
}

// Each table is evaluated by Ansible's own Python functions and by tachyon.

// Python's literal_eval itself is tested in tests/python/literal_eval_test.ts;
// these are the cases where Ansible's wrapping matters: what stays a string,
// bytes decoded by to_text, containers and keys as the inventory keeps them.
const INI_VALUES = [
  "1",
  "True",
  "true",
  "yes",
  "'a b'",
  "a b",
  "b'bytes'",
  "b'\\xc3' b'\\xa9'",
  "[1, 'a', None]",
  "(1, 2)",
  "{1: 'int key', 1.5: 'float key', True: 'bool key', None: 'none key'}",
  "{-0.0: 'negative zero', 1e400: 'inf', 2.0: 'two'}",
  "-(-1)",
  "1e400",
  "f'x'",
  "",
  "/usr/bin/python3",
  "{{ templated }}",
];

Deno.test("python compat: INI values match Ansible's _parse_value (ast.literal_eval)", async (t) => {
  const code = `
import json, sys, math
from ansible.plugins.inventory.ini import InventoryModule
def fix(o):
    if isinstance(o, float) and o in (float("inf"), float("-inf")):
        return "inf" if o > 0 else "-inf"
    if isinstance(o, list):
        return [fix(x) for x in o]
    if isinstance(o, dict):
        return {k: fix(v) for k, v in o.items()}
    return o
out = []
for v in json.load(sys.stdin):
    r = InventoryModule._parse_value(v)
    if isinstance(r, (tuple, set)):
        r = list(r)
    try:
        out.append(fix(json.loads(json.dumps(r))))
    except (TypeError, ValueError):
        out.append({"unserializable": repr(r)})
print(json.dumps(out))`;
  const peer = await python({ code, input: INI_VALUES }) as unknown[];
  for (const [i, v] of INI_VALUES.entries()) {
    await t.step(JSON.stringify(v), () => {
      const ours = infToString(parseIniValue(v));
      assert.deepEqual(ours, peer[i], `value ${JSON.stringify(v)}`);
    });
  }
});

const RANGES = [
  "web[01:05]",
  "web[1:10:3]",
  "db-[a:f]",
  "x[y:B]",
  "h[:3]",
  "n[001:010:4].example.com",
  "r[0:1]c[a:b]",
  "a[ab:cd]",
  "h[5:1]",
  "h[a:c:2]",
  "h[-2:1]",
];

Deno.test("python compat: host ranges expand like expand_hostname_range", async (t) => {
  const code = `
import json, sys
from ansible.plugins.inventory import expand_hostname_range
print(json.dumps([expand_hostname_range(r) for r in json.load(sys.stdin)]))`;
  const peer = await python({ code, input: RANGES }) as string[][];
  for (const [i, r] of RANGES.entries()) {
    await t.step(r, () => assert.deepEqual(expandHostnameRange(r), peer[i], r));
  }
});

const ADDRESSES = [
  "web1",
  "web1:22",
  "web[1:3]:2222",
  "10.0.0.1",
  "10.0.0.1:22",
  "10.0.[1:3].1",
  "::1",
  "fe80::1",
  "[::1]:22",
  "[web1]:22",
  "1:2:3:4:5:6:7:8",
  "web_1",
  "-web",
  "web-",
  "a b",
  "héllo.example.com",
  "web:&db",
  "web[0]",
  "x:y",
  "~web.*",
];

Deno.test("python compat: parse_address agrees (with and without ranges)", async (t) => {
  const code = `
import json, sys
from ansible.parsing.utils.addresses import parse_address
out = []
for a in json.load(sys.stdin):
    row = []
    for allow in (True, False):
        try:
            h, p = parse_address(a, allow_ranges=allow)
            row.append({"host": h, "port": p})
        except Exception:
            row.append(None)
    out.append(row)
print(json.dumps(out))`;
  const peer = await python({ code, input: ADDRESSES }) as unknown[][];
  for (const [i, a] of ADDRESSES.entries()) {
    await t.step(a, () => {
      assert.deepEqual(parseAddress(a, true) ?? null, peer[i][0], `${a} (ranges)`);
      assert.deepEqual(parseAddress(a, false) ?? null, peer[i][1], `${a} (no ranges)`);
    });
  }
});

const YAML_DOC = `a: yes
b: No
c: on
d: y
e: 0755
f: 0o17
g: 0x1F
h: 1_000
i: 1:30
j: 1.5
k: 1e3
l: 1.5e+3
m: .inf
n: -.Inf
o: ~
p:
q: null
r: 2024-01-02
s: 2024-1-2
t: 2024-01-02T03:04:05Z
u: 2024-01-02 03:04:05.123456789 -5
v: "quoted: yes"
w: 'single'
x: |
  block
  text
y: >
  folded
  text
z: [1, two, {three: 3}]
anchors: &a {k: v}
alias: *a
merged:
  <<: *a
  own: 1
1: int key
true: bool key
1.5: float key
08: not octal
+12: plus
-0: zero
0b101: binary
"123": string key
`;

Deno.test("python compat: YAML scalars and keys load like Ansible's AnsibleLoader", async (t) => {
  const code = `
import json, sys
from ansible.parsing.yaml.loader import AnsibleLoader
from ansible.module_utils.common.json import AnsibleJSONEncoder
data = AnsibleLoader(json.load(sys.stdin)).get_single_data()
def fix(o):
    if isinstance(o, float) and o in (float("inf"), float("-inf")):
        return "inf" if o > 0 else "-inf"
    if isinstance(o, list):
        return [fix(x) for x in o]
    if isinstance(o, dict):
        return {k: fix(v) for k, v in o.items()}
    return o
print(json.dumps(fix(json.loads(json.dumps(data, cls=AnsibleJSONEncoder)))))`;
  const peer = await python({ code, input: YAML_DOC }) as Record<string, unknown>;
  const ours = toPlain(parseYaml(YAML_DOC)) as Record<string, unknown>;
  const norm = (v: unknown) => JSON.parse(JSON.stringify(infToString(v)));
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(peer).sort());
  for (const k of Object.keys(peer)) {
    await t.step(k, () => assert.deepEqual(norm(ours[k]), norm(peer[k]), k));
  }
});
