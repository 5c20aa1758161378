/**
 * `mode`, `owner` and `group` of the file modules: deciding what changes
 * (Ansible's `set_fs_attributes_if_different`) and the sh that applies it.
 *
 * @module
 */
import { applyMode, formatMode, type ModeSpec } from "./file_mode.ts";
import type { RemoteStat } from "./remote_stat.ts";
import { shellQuote } from "./remote_sh.ts";

/** The attributes a task asks for. */
export interface AttrSpec {
  /** Wanted mode. */
  readonly mode?: ModeSpec;
  /** Wanted owner: a name or a numeric id. */
  readonly owner?: string;
  /** Wanted group: a name or a numeric id. */
  readonly group?: string;
}

/** What must change on one path. */
export interface AttrPlan {
  /** New permission bits, when they change. */
  readonly mode?: number;
  /** New owner, when it changes. */
  readonly owner?: string;
  /** New group, when it changes. */
  readonly group?: string;
  /** Whether anything changes. */
  readonly changed: boolean;
  /** Ansible's diff entries (`before`/`after` of `mode`, `owner`, `group`). */
  readonly before: Record<string, unknown>;
  /** The `after` side of the diff. */
  readonly after: Record<string, unknown>;
}

/**
 * Compares `spec` with the path's current `st`.
 *
 * @example
 * ```ts
 * planAttrs({ mode: { kind: "octal", value: 0o600 } }, st, 0o022).changed;
 * ```
 */
export function planAttrs(spec: AttrSpec, st: RemoteStat, umask: number): AttrPlan {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  let owner: string | undefined;
  let group: string | undefined;
  let mode: number | undefined;
  if (spec.owner !== undefined && !sameId(spec.owner, st.uid, st.owner)) {
    owner = spec.owner;
    before.owner = st.uid;
    after.owner = /^\d+$/.test(spec.owner) ? Number(spec.owner) : spec.owner;
  }
  if (spec.group !== undefined && !sameId(spec.group, st.gid, st.group)) {
    group = spec.group;
    before.group = st.gid;
    after.group = /^\d+$/.test(spec.group) ? Number(spec.group) : spec.group;
  }
  if (spec.mode !== undefined && st.type !== "link") {
    const wanted = applyMode(spec.mode, st.mode, st.type === "directory", umask);
    if (wanted !== st.mode) {
      mode = wanted;
      before.mode = formatMode(st.mode);
      after.mode = formatMode(wanted);
    }
  }
  return {
    mode,
    owner,
    group,
    changed: mode !== undefined || owner !== undefined || group !== undefined,
    before,
    after,
  };
}

function sameId(wanted: string, id: number, name: string): boolean {
  return /^\d+$/.test(wanted) ? Number(wanted) === id : wanted === name;
}

/**
 * The sh that applies `plan` to `path`; on failure it prints `E <message>`
 * (Ansible's `chown failed: failed to look up user X`) and exits 0.
 *
 * @example
 * ```ts
 * attrCommands("/tmp/x", plan); // "chmod 00600 /tmp/x || …"
 * ```
 */
export function attrCommands(path: string, plan: AttrPlan): string {
  const p = shellQuote(path);
  const lines: string[] = [];
  if (plan.owner !== undefined) {
    const o = shellQuote(plan.owner);
    lines.push(
      `chown ${o} ${p} 2>/dev/null || { if id -u ${o} >/dev/null 2>&1; then ` +
        `echo 'E chown failed'; else echo ${
          shellQuote(`E chown failed: failed to look up user ${plan.owner}`)
        }; fi; exit 0; }`,
    );
  }
  if (plan.group !== undefined) {
    const g = shellQuote(plan.group);
    lines.push(
      `chgrp ${g} ${p} 2>/dev/null || { echo ${
        shellQuote(`E chgrp failed: failed to look up group ${plan.group}`)
      }; exit 0; }`,
    );
  }
  if (plan.mode !== undefined) {
    lines.push(
      `chmod ${octalArg(plan.mode)} ${p} 2>/dev/null || { echo 'E chmod failed'; exit 0; }`,
    );
  }
  return lines.join("\n");
}

/**
 * The sh that sets every attribute of `spec` on the file `pathExpr` (a sh
 * word such as `"$t"`) unconditionally: for a freshly written temp file.
 * On failure it runs `onFail`, prints `E <message>` and exits 0.
 *
 * @example
 * ```ts
 * setAllCommands('"$t"', { mode: { kind: "octal", value: 0o600 } }, 'rm -f -- "$t"');
 * ```
 */
export function setAllCommands(pathExpr: string, spec: AttrSpec, onFail: string): string {
  const lines: string[] = [];
  const fail = (msg: string) => `{ ${onFail}; echo ${shellQuote(`E ${msg}`)}; exit 0; }`;
  if (spec.owner !== undefined) {
    lines.push(
      `chown ${shellQuote(spec.owner)} ${pathExpr} 2>/dev/null || ` +
        fail(`chown failed: failed to look up user ${spec.owner}`),
    );
  }
  if (spec.group !== undefined) {
    lines.push(
      `chgrp ${shellQuote(spec.group)} ${pathExpr} 2>/dev/null || ` +
        fail(`chgrp failed: failed to look up group ${spec.group}`),
    );
  }
  if (spec.mode !== undefined) {
    const arg = spec.mode.kind === "octal" ? octalArg(spec.mode.value) : shellQuote(spec.mode.text);
    lines.push(`chmod ${arg} ${pathExpr} 2>/dev/null || ${fail("chmod failed")}`);
  }
  return lines.join("\n");
}

/**
 * `mode` as a `chmod` argument that sets exactly these bits, even the
 * set-id bits GNU chmod keeps on directories for shorter numbers.
 *
 * @example
 * ```ts
 * octalArg(0o755); // "00755"
 * ```
 */
export function octalArg(mode: number): string {
  return "0" + mode.toString(8).padStart(4, "0");
}
