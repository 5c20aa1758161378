/**
 * `ArgReader`'s `choice` and `bool` against Ansible 2.14's own argument
 * validation (`ArgumentSpecValidator`, recorded): the same values accepted,
 * the same messages. Python lists its valid booleans in the set's hash
 * order, which changes from run to run, so that list is compared sorted
 * (and tachyon's order, Ansible's declaration order, is pinned apart).
 */
import assert from "node:assert/strict";
import { ArgReader } from "../../../src/engine/modules/args.ts";
import type { Json } from "../../_oracles/recorded.ts";
import { python } from "../../_oracles/python.ts";

const SPEC = {
  state: { type: "str", choices: ["present", "absent"] },
  use: { type: "str", choices: ["systemd", "alpine", "debian"] },
  force: { type: "bool" },
};

/** Values given, one case each. */
const CASES: Record<string, unknown>[] = [
  { state: "x" },
  { state: "absent" },
  { use: "generic" },
  { force: "x" },
  { force: " YES " },
  { force: "Off" },
  { force: 1 },
  { force: 0 },
  { force: 2 },
  { force: 1.5 },
  { force: "1.0" },
  { force: ["a"] },
  { force: { a: 1 } },
  { force: true },
];

const PYTHON = `
import json, sys
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
spec, cases = json.load(sys.stdin)
marker = "Valid booleans include: "
def stable(msg):
    head, sep, tail = msg.partition(marker)
    return head + sep + ", ".join(sorted(tail.split(", "))) if sep else msg
out = []
for case in cases:
    result = ArgumentSpecValidator(spec).validate(case)
    if result.error_messages:
        out.append({"error": stable(result.error_messages[0])})
    else:
        out.append({"value": result.validated_parameters[next(iter(case))]})
print(json.dumps(out))
`;

/** `msg` with its list of valid booleans sorted, as the Python side does. */
function stable(msg: string): string {
  const marker = "Valid booleans include: ";
  const at = msg.indexOf(marker);
  if (at < 0) return msg;
  const items = msg.slice(at + marker.length).split(", ").sort();
  return msg.slice(0, at + marker.length) + items.join(", ");
}

/** What tachyon's reader makes of `input`'s one value, as the Python side answers. */
function ours(input: Record<string, unknown>): { error: string } | { value: unknown } {
  const a = ArgReader.from("m", input, Object.keys(SPEC).map((name) => ({ name })));
  try {
    if ("state" in input) return { value: a.choice("state", SPEC.state.choices) };
    if ("use" in input) return { value: a.choice("use", SPEC.use.choices) };
    return { value: a.bool("force", false) };
  } catch (error) {
    return { error: stable((error as Error).message) };
  }
}

Deno.test("choice and bool accept and refuse as Ansible, with its messages", async () => {
  const answers = await python({
    code: PYTHON,
    input: [SPEC, CASES] as Json,
  }) as ({ error: string } | { value: unknown })[];
  for (const [i, input] of CASES.entries()) {
    assert.deepEqual(ours(input), answers[i], JSON.stringify(input));
  }
});

Deno.test("choice lists the choices in declared order; bool lists Ansible's booleans", () => {
  const a = ArgReader.from("m", { state: "x", force: "x" }, [{ name: "state" }, {
    name: "force",
  }]);
  assert.throws(
    () => a.choice("state", ["present", "absent"]),
    { message: "value of state must be one of: present, absent, got: x" },
  );
  assert.throws(() => a.bool("force", false), {
    message: "argument 'force' is of type <class 'str'> and we were unable to convert to bool: " +
      "The value 'x' is not a valid boolean.  Valid booleans include: " +
      "'y', 'yes', 'on', '1', 'true', 't', 1, 'n', 'no', 'off', '0', 'false', 'f', 0",
  });
});
