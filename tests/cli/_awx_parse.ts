/**
 * How AWX reads `worker --worker-info`: `yaml.safe_load(stdout.strip())` with
 * the real PyYAML, the types of the five keys it uses, and PyYAML's own
 * re-dump of what it parsed (the reference's exact layout). The unit test
 * asks through the recorded `python` oracle, the interop test live; both
 * check the answer here.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { PythonQuestion } from "../_oracles/python.ts";
import type { Json } from "../_oracles/recorded.ts";

/**
 * A version 4 uuid, as `uuid.uuid4()` prints it.
 *
 * @example
 * ```ts
 * assert.match(String(info.uuid), UUID_RE);
 * ```
 */
export const UUID_RE: RegExp =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** AWX's parse (`yaml.safe_load(stdout.strip())`), the types, and PyYAML's own re-dump. */
const PARSE_LIKE_AWX = "import json, sys, yaml\n" +
  "d = yaml.safe_load(json.load(sys.stdin).strip())\n" +
  "assert isinstance(d, dict), type(d)\n" +
  "types = {k: type(v).__name__ for k, v in d.items()}\n" +
  "print(json.dumps({'info': d, 'types': types, " +
  "'redumped': yaml.safe_dump(d, default_flow_style=True)}))\n";

/** What PyYAML made of the text. */
export interface PyYamlParse {
  /** The parsed mapping. */
  info: Record<string, unknown>;
  /** The Python type name of each value. */
  types: Record<string, string>;
  /** PyYAML's own `safe_dump(info, default_flow_style=True)`. */
  redumped: string;
}

/**
 * Parses `text` with PyYAML as AWX does, through `ask` (the recorded
 * `python` oracle or the live `runPython`), and asserts AWX gets its five
 * keys with the types it needs.
 *
 * @example
 * ```ts
 * const parsed = await parseWithPyYaml(stdout, python);
 * assert.equal(stdout, `${parsed.redumped}\n`);
 * ```
 */
export async function parseWithPyYaml(
  text: string,
  ask: (question: PythonQuestion) => Promise<Json>,
): Promise<PyYamlParse> {
  const parsed = await ask({ code: PARSE_LIKE_AWX, input: text }) as unknown as PyYamlParse;
  assert.deepEqual(Object.keys(parsed.types).sort(), [
    "cpu_count",
    "errors",
    "mem_in_bytes",
    "runner_version",
    "uuid",
  ]);
  assert.equal(parsed.types.cpu_count, "int");
  assert.equal(parsed.types.runner_version, "str");
  assert.equal(parsed.types.errors, "list");
  return parsed;
}
