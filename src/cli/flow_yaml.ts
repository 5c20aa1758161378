/**
 * A flow-style YAML emitter that writes byte for byte what PyYAML's
 * `yaml.safe_dump(value, default_flow_style=True)` writes (width 80, indent 2,
 * sorted keys, `allow_unicode=False`): `--worker-info` output must look like
 * the reference's because AWX reads it with `yaml.safe_load`.
 *
 * Supported values: mappings, sequences, strings, safe integers, booleans and
 * `null`. Strings that YAML would read as something else (`'2.4'`, `'yes'`,
 * `'null'`) are single-quoted; strings with control or non-ASCII characters are
 * double-quoted with PyYAML's escapes.
 *
 * The emitter's state machine is in `flow_emitter.ts`, its scalar analysis
 * in `flow_scalar.ts`, the value types in `flow_value.ts`.
 *
 * @module
 */
import { Emitter } from "./flow_emitter.ts";
import type { FlowCollection } from "./flow_value.ts";

export { type FlowCollection, type FlowValue, FlowYamlError } from "./flow_value.ts";

/**
 * Serialises `value` as one flow-style YAML document, exactly like PyYAML's
 * `safe_dump(value, default_flow_style=True)`, including the final newline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dumpFlowYaml } from "./flow_yaml.ts";
 *
 * assert.equal(dumpFlowYaml({ b: "2.4", a: [1, null] }), "{a: [1, null], b: '2.4'}\n");
 * ```
 */
export function dumpFlowYaml(value: FlowCollection, width = 80): string {
  const emitter = new Emitter(width > 4 ? width : 80);
  emitter.node(value, false);
  emitter.writeIndent();
  return emitter.out;
}
