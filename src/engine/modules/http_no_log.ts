/**
 * Ansible's `no_log` treatment of `url_password` in a result: a value equal
 * to the secret becomes `VALUE_SPECIFIED_IN_NO_LOG_PARAMETER`, any other
 * occurrence `********` (`remove_values`); `uri` also cleans dict keys
 * (`sanitize_keys`) except a few it names.
 *
 * @module
 */

const PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER";

/**
 * `value` with `secret` masked in every string; keys too when
 * `sanitizeKeys`, except those in `keepKeys` (and `_ansible*`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maskSecret } from "./http_no_log.ts";
 * assert.deepEqual(maskSecret({ url: "http://h/?p=pw", x: "pw" }, "pw"), {
 *   url: "http://h/?p=********",
 *   x: "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER",
 * });
 * ```
 */
export function maskSecret<T>(
  value: T,
  secret: string | undefined,
  sanitizeKeys = false,
  keepKeys: ReadonlySet<string> = new Set(),
): T {
  if (secret === undefined || secret === "") return value;
  const text = (s: string) => s === secret ? PLACEHOLDER : s.split(secret).join("********");
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(v)) {
        const keep = !sanitizeKeys || keepKeys.has(key) || key.startsWith("_ansible");
        out[keep ? key : text(key)] = walk(inner);
      }
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
