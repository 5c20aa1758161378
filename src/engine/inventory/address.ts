/**
 * Ansible's `parse_address` (`ansible.parsing.utils.addresses`): splits a
 * host identifier (hostname, IPv4, IPv6, each possibly with `[x:y]`
 * ranges) from an optional `:port`.
 *
 * @module
 */

const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const IPV6_C = `(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const IPV4_C = `(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;
// Python's \w on str patterns is Unicode-aware.
const W = String.raw`[\p{L}\p{N}_]`;
const LABEL = `(?:${W}|${ALNUM_RANGE})(?:[\\p{L}\\p{N}_\\-]|${ALNUM_RANGE})*(?<![_\\-])`;

// Python's re.match anchors at the start only: the sticky flag does the same.
// As in Ansible, `^` and `$` of the ipv6 pattern bind to its first and last
// alternatives only.
const PATTERNS = {
  bracketedHostport: /^\[(.+)\]:([0-9]+)$/y,
  hostport: /^((?:[^:\[\]]|\[[^\]]*\])*):([0-9]+)$/y,
  ipv4: new RegExp(`^(?:${IPV4_C}\\.){3}${IPV4_C}$`, "iy"),
  ipv6: new RegExp(
    [
      `^(?:${IPV6_C}:){7}${IPV6_C}`,
      `(?:${IPV6_C}:){1,6}:`,
      `(?:${IPV6_C}:)(?::${IPV6_C}){1,6}`,
      `(?:${IPV6_C}:){2}(?::${IPV6_C}){1,5}`,
      `(?:${IPV6_C}:){3}(?::${IPV6_C}){1,4}`,
      `(?:${IPV6_C}:){4}(?::${IPV6_C}){1,3}`,
      `(?:${IPV6_C}:){5}(?::${IPV6_C}){1,2}`,
      `(?:${IPV6_C}:){6}(?::${IPV6_C})`,
      `:(?::${IPV6_C}){1,6}`,
      `${IPV6_C}?::`,
      `(?:0:){6}(?:${IPV6_C}\\.){3}${IPV6_C}`,
      `::(?:ffff:)?(?:${IPV6_C}\\.){3}${IPV6_C}`,
      `(?:0:){5}ffff:(?:${IPV6_C}\\.){3}${IPV6_C}$`,
    ].join("|"),
    "iy",
  ),
  hostname: new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, "iuy"),
};

function pyMatch(re: RegExp, s: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(s);
}

/**
 * Whether `s` is an IPv4 or IPv6 address (ranges allowed), as Ansible's
 * `inventory_hostname_short` logic tests it.
 *
 * @example
 * ```ts
 * isIpAddress("10.0.0.1"); // true
 * ```
 */
export function isIpAddress(s: string): boolean {
  return pyMatch(PATTERNS.ipv4, s) !== null || pyMatch(PATTERNS.ipv6, s) !== null;
}

/**
 * A host identifier and its port, as {@link parseAddress} returns them.
 *
 * @example
 * ```ts
 * const a: ParsedAddress = { host: "web1", port: 22 };
 * ```
 */
export interface ParsedAddress {
  /** The host part, ranges left unexpanded. */
  host: string;
  /** The `:port`, or null when none was given. */
  port: number | null;
}

/**
 * Ansible's `parse_address(address, allow_ranges)`; returns `undefined`
 * where Ansible raises (not a valid hostname, or ranges not allowed).
 *
 * @example
 * ```ts
 * parseAddress("web[01:03]:2222", true); // { host: "web[01:03]", port: 2222 }
 * parseAddress("[::1]:22"); // { host: "::1", port: 22 }
 * parseAddress("a b"); // undefined
 * ```
 */
export function parseAddress(address: string, allowRanges = false): ParsedAddress | undefined {
  let port: number | null = null;
  for (const re of [PATTERNS.bracketedHostport, PATTERNS.hostport]) {
    const m = pyMatch(re, address);
    if (m) {
      address = m[1];
      port = Number(m[2]);
    }
  }
  let host: string | undefined;
  for (const re of [PATTERNS.ipv4, PATTERNS.ipv6, PATTERNS.hostname]) {
    if (pyMatch(re, address)) host = address;
  }
  if (!host) return undefined;
  if (!allowRanges && host.includes("[")) return undefined;
  return { host, port };
}
