/**
 * The values the flow-style YAML emitter (`flow_yaml.ts`) writes, and its
 * error for anything else; apart so that the emitter's parts share them.
 *
 * @module
 */

/**
 * A value {@linkcode dumpFlowYaml} can write.
 *
 * @example
 * ```ts
 * import type { FlowValue } from "./flow_value.ts";
 *
 * const value: FlowValue = { errors: [], cpu_count: 2, uuid: null };
 * ```
 */
export type FlowValue =
  | string
  | number
  | boolean
  | null
  | readonly FlowValue[]
  | { readonly [key: string]: FlowValue };

/**
 * A mapping or sequence: the only values {@linkcode dumpFlowYaml} accepts at the root.
 *
 * @example
 * ```ts
 * import type { FlowCollection } from "./flow_value.ts";
 *
 * const root: FlowCollection = [1, "two"];
 * ```
 */
export type FlowCollection = readonly FlowValue[] | { readonly [key: string]: FlowValue };

/**
 * A value the emitter cannot represent (a non-integer number, `undefined`, …).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dumpFlowYaml } from "./flow_yaml.ts";
 * import { FlowYamlError } from "./flow_value.ts";
 *
 * assert.throws(() => dumpFlowYaml({ ratio: 0.5 }), FlowYamlError);
 * ```
 */
export class FlowYamlError extends Error {
  /** The error name. */
  override name = "FlowYamlError";
}
