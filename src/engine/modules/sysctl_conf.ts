/**
 * The decisions of `sysctl` (`ansible.posix.sysctl`), pure: a value as
 * Ansible normalizes it (`yes` → `1`), the `sysctl.conf` lines rewritten
 * with one `key=value` entry set or removed, and whether the file must be
 * written, the running value set (`sysctl -w`) and the file reloaded
 * (`sysctl -p`). The module reads the facts in one exec and acts in a
 * second.
 *
 * @module
 */

const TRUE_WORDS = new Set(["y", "yes", "on", "1", "true", "t"]);
const FALSE_WORDS = new Set(["n", "no", "off", "0", "false", "f"]);

/**
 * Ansible's `_parse_value`: booleans become `1`/`0`, other text is trimmed;
 * none is the empty string.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sysctlValue } from "./sysctl_conf.ts";
 * assert.equal(sysctlValue("yes"), "1");
 * assert.equal(sysctlValue(" 4096 87380 "), "4096 87380");
 * ```
 */
export function sysctlValue(value: string | undefined): string {
  if (value === undefined) return "";
  const lower = value.toLowerCase();
  if (TRUE_WORDS.has(lower)) return "1";
  if (FALSE_WORDS.has(lower)) return "0";
  return value.trim();
}

/**
 * Whether two values hold the same words, in order (`_values_is_equal`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sameSysctlValue } from "./sysctl_conf.ts";
 * assert.ok(sameSysctlValue("4096\t87380\n", "4096 87380"));
 * ```
 */
export function sameSysctlValue(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const x = a.split(/\s+/).filter((w) => w !== "");
  const y = b.split(/\s+/).filter((w) => w !== "");
  return x.length === y.length && x.every((w, i) => w === y[i]);
}

/** What `sysctl` wants. */
export interface SysctlWant {
  /** The key, trimmed. */
  readonly name: string;
  /** The value, normalized by {@linkcode sysctlValue}. */
  readonly value: string;
  /** `present` or `absent`. */
  readonly state: "present" | "absent";
  /** Reload the file when something changed. */
  readonly reload: boolean;
  /** Compare with (and set) the running value. */
  readonly sysctlSet: boolean;
}

/** What to do. */
export interface SysctlPlan {
  /** The module's `changed`. */
  readonly changed: boolean;
  /** Set the running value with `sysctl -w`. */
  readonly setProc: boolean;
  /** Write {@linkcode SysctlPlan.text} to the file. */
  readonly writeFile: boolean;
  /** Run `sysctl -p FILE`. */
  readonly reload: boolean;
  /** The file's new text. */
  readonly text: string;
}

/** Python's `readlines()` then `strip()` of each. */
function strippedLines(text: string): string[] {
  if (text === "") return [];
  return text.split(/(?<=\n)/).map((l) => l.trim());
}

function isEntry(line: string): boolean {
  return line !== "" && !line.startsWith("#") && !line.startsWith(";") && line.includes("=");
}

function splitEntry(line: string): [string, string] {
  const at = line.indexOf("=");
  return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
}

/**
 * Ansible's `process()`: from the running value (undefined when `sysctl
 * -n` failed) and the file's text, what changes and the new text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planSysctl } from "./sysctl_conf.ts";
 * const plan = planSysctl(
 *   { name: "net.ipv4.ip_forward", value: "1", state: "present", reload: true, sysctlSet: false },
 *   "0\n",
 *   "# defaults\nvm.swappiness = 10\n",
 * );
 * assert.equal(plan.text, "# defaults\nvm.swappiness=10\nnet.ipv4.ip_forward=1\n");
 * assert.deepEqual([plan.changed, plan.writeFile, plan.reload], [true, true, true]);
 * ```
 */
export function planSysctl(
  want: SysctlWant,
  procValue: string | undefined,
  fileText: string,
): SysctlPlan {
  const lines = strippedLines(fileText);
  const fileValues = new Map<string, string>();
  for (const line of lines) {
    if (!isEntry(line)) continue;
    const [k, v] = splitEntry(line);
    fileValues.set(k, v);
  }
  const fileValue = fileValues.get(want.name);
  const present = want.state === "present";

  const fixed: string[] = [];
  const checked = new Set<string>();
  for (const line of lines) {
    if (!isEntry(line)) {
      fixed.push(line);
      continue;
    }
    const [k, v] = splitEntry(line);
    if (checked.has(k)) continue;
    checked.add(k);
    if (k === want.name) {
      if (present) fixed.push(`${k}=${want.value}`);
    } else {
      fixed.push(`${k}=${v}`);
    }
  }
  if (!checked.has(want.name) && present) fixed.push(`${want.name}=${want.value}`);

  let changed = false;
  let writeFile = false;
  let setProc = false;
  if (fileValue === undefined && present) {
    changed = writeFile = true;
  } else if (fileValue === undefined) {
    changed = false;
  } else if (fileValue && !present) {
    changed = writeFile = true;
  } else if (fileValue !== want.value) {
    changed = writeFile = true;
  } else if (want.reload) {
    if (procValue === undefined || !sameSysctlValue(procValue, want.value)) changed = true;
  }
  if (want.sysctlSet && present) {
    if (procValue === undefined) {
      changed = true;
    } else if (!sameSysctlValue(procValue, want.value)) {
      changed = true;
      setProc = true;
    }
  }
  return {
    changed,
    setProc,
    writeFile,
    reload: changed && want.reload,
    text: fixed.map((l) => l.trim() + "\n").join(""),
  };
}
