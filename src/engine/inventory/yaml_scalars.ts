/**
 * PyYAML's YAML 1.1 implicit scalar types, as `yaml` package custom tags:
 * `yes`/`on` booleans, `0755` octal and `1:30` sexagesimal integers and
 * floats, timestamps rendered as Python's `isoformat()`, and Ansible's
 * `!unsafe` and `!vault` tags.
 *
 * @module
 */

const INT_RE =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP_RE =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
const TIMESTAMP_PARTS =
  /^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?)?$/;

function constructInt(text: string): number {
  let v = text.replaceAll("_", "");
  let sign = 1;
  if (v[0] === "-") sign = -1;
  if (v[0] === "-" || v[0] === "+") v = v.slice(1);
  if (v === "0") return 0;
  if (v.startsWith("0b")) return sign * parseInt(v.slice(2), 2);
  if (v.startsWith("0x")) return sign * parseInt(v.slice(2), 16);
  if (v[0] === "0") return sign * parseInt(v, 8);
  if (v.includes(":")) return sign * sexagesimal(v.split(":").map(Number));
  return sign * Number(v);
}

function constructFloat(text: string): number {
  let v = text.replaceAll("_", "").toLowerCase();
  let sign = 1;
  if (v[0] === "-") sign = -1;
  if (v[0] === "-" || v[0] === "+") v = v.slice(1);
  if (v === ".inf") return sign * Infinity;
  if (v === ".nan") return NaN;
  if (v.includes(":")) return sign * sexagesimal(v.split(":").map(Number));
  return sign * Number(v);
}

function sexagesimal(parts: number[]): number {
  let value = 0;
  for (const p of parts) value = value * 60 + p;
  return value;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** PyYAML's timestamp, rendered as Python's `isoformat()` (what ansible-inventory prints). */
function constructTimestamp(text: string): string {
  const m = TIMESTAMP_PARTS.exec(text);
  if (!m) throw new Error(`invalid timestamp ${text}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCDate() !== day) {
    throw new Error(`day is out of range for month: ${text}`);
  }
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (m[4] === undefined) return date;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (hour > 23 || minute > 59 || second > 59) throw new Error(`invalid time: ${text}`);
  let out = `${date}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`;
  if (m[7]) {
    const micro = Number(m[7].slice(0, 6).padEnd(6, "0"));
    if (micro) out += `.${pad(micro, 6)}`;
  }
  if (m[9]) {
    const h = Number(m[10]);
    const mm = Number(m[11] ?? "0");
    out += (m[9] === "-" && (h || mm) ? "-" : "+") + `${pad(h, 2)}:${pad(mm, 2)}`;
  } else if (m[8] === "Z") {
    out += "+00:00";
  }
  return out;
}

/**
 * Marker object for an Ansible `!vault` value: the encrypted text, in the
 * shape `ansible-inventory --list` prints it (tachyon cannot decrypt it).
 *
 * @example
 * ```ts
 * import type { VaultValue } from "./yaml_scalars.ts";
 *
 * const v: VaultValue = { __ansible_vault: "$ANSIBLE_VAULT;1.1;AES256\n6132..." };
 * ```
 */
export interface VaultValue {
  /** The vault envelope (`$ANSIBLE_VAULT;1.1;AES256...`). */
  __ansible_vault: string;
}

/**
 * A scalar tag in the shape the `yaml` package's `customTags` takes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ImplicitTag } from "./yaml_scalars.ts";
 *
 * const upper: ImplicitTag = { tag: "!upper", resolve: (s) => s.toUpperCase() };
 * assert.equal(upper.resolve("a"), "A");
 * ```
 */
export interface ImplicitTag {
  /** The tag (`tag:yaml.org,2002:int`, `!vault`, …). */
  tag: string;
  /** Whether plain scalars matching `test` get this tag. */
  default?: boolean;
  /** Which plain scalars the tag matches. */
  test?: RegExp;
  /** The value of a scalar's text. */
  resolve: (text: string) => unknown;
}

/**
 * The scalar tags of Ansible's loader, for the `yaml` package's
 * `customTags` (with the `failsafe` schema and `version: "1.1"`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { YAML_1_1_TAGS } from "./yaml_scalars.ts";
 *
 * const int = YAML_1_1_TAGS.find((tag) => tag.tag === "tag:yaml.org,2002:int")!;
 * assert.equal(int.resolve("0755"), 493);
 * ```
 */
export const YAML_1_1_TAGS: ImplicitTag[] = [
  {
    tag: "tag:yaml.org,2002:null",
    default: true,
    test: /^(?:~|null|Null|NULL|)$/,
    resolve: () => null,
  },
  {
    tag: "tag:yaml.org,2002:bool",
    default: true,
    test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    resolve: (s: string) => /^(?:yes|true|on)$/i.test(s),
  },
  { tag: "tag:yaml.org,2002:int", default: true, test: INT_RE, resolve: constructInt },
  { tag: "tag:yaml.org,2002:float", default: true, test: FLOAT_RE, resolve: constructFloat },
  {
    tag: "tag:yaml.org,2002:timestamp",
    default: true,
    test: TIMESTAMP_RE,
    resolve: constructTimestamp,
  },
  { tag: "!unsafe", resolve: (s: string) => s },
  { tag: "!vault", resolve: (s: string): VaultValue => ({ __ansible_vault: s }) },
  { tag: "!vault-encrypted", resolve: (s: string): VaultValue => ({ __ansible_vault: s }) },
];
