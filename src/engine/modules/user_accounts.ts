/**
 * The target's account database as `user` and `group` see it, read in one
 * exec with `getent` (so NSS sources count, as Python's `pwd`/`grp` do): one
 * user's passwd and shadow entries, every group, and lookups of the groups a
 * task names (by gid first, then by name, as Ansible's `group_exists`).
 *
 * @module
 */
import { type ShellOutput, shellQuote } from "./remote_sh.ts";

/** A passwd entry (`pwd.struct_passwd`). */
export interface PasswdEntry {
  /** Login name. */
  readonly name: string;
  /** The password field (`x` when in shadow). */
  readonly password: string;
  /** Its uid. */
  readonly uid: number;
  /** Its primary gid. */
  readonly gid: number;
  /** GECOS. */
  readonly comment: string;
  /** Home directory. */
  readonly home: string;
  /** Login shell. */
  readonly shell: string;
}

/** The shadow fields `user` compares. */
export interface ShadowEntry {
  /** The hash (`!`-prefixed when locked). */
  readonly password: string;
  /** `sp_min` (-1 when empty). */
  readonly min: number;
  /** `sp_max` (-1 when empty). */
  readonly max: number;
  /** `sp_expire`, days since the epoch (-1 when empty). */
  readonly expire: number;
}

/** A group entry (`grp.struct_group`). */
export interface GroupEntry {
  /** Group name. */
  readonly name: string;
  /** Its gid. */
  readonly gid: number;
  /** Its members (not counting users whose primary group it is). */
  readonly members: readonly string[];
}

/** What the probe read. */
export interface AccountSnapshot {
  /** The user's passwd entry, if the user exists. */
  readonly user?: PasswdEntry;
  /** Its shadow entry, if readable. */
  readonly shadow?: ShadowEntry;
  /** Every group `getent group` lists. */
  readonly groups: readonly GroupEntry[];
  /** The named groups looked up, by the name or id the task gave. */
  readonly lookups: ReadonlyMap<string, GroupEntry>;
}

/**
 * The sh that prints user `name`'s entries (`PW`, `SP`), every group (`GR`)
 * and each of `groups` looked up (`GQ <query> <entry>`). With `tag`, lines
 * are prefixed by it (a second snapshot in the same script).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { accountsScript } from "./user_accounts.ts";
 * assert.match(accountsScript("deploy", ["adm"]), /getent passwd deploy/);
 * ```
 */
export function accountsScript(
  name: string | undefined,
  groups: readonly string[],
  tag = "",
): string {
  const lines: string[] = [];
  if (name !== undefined) {
    const n = shellQuote(name);
    lines.push(
      `if _tl=$(getent passwd ${n}); then printf '${tag}PW %s\\n' "$_tl"; fi`,
      `if _tl=$(getent shadow ${n} 2>/dev/null); then printf '${tag}SP %s\\n' "$_tl"; fi`,
    );
  }
  lines.push(`getent group | sed 's/^/${tag}GR /'`);
  for (const g of groups) {
    lines.push(
      `if _tl=$(getent group ${shellQuote(g)}); then printf '${tag}GQ %s %s\\n' ${
        shellQuote(encodeURIComponent(g))
      } "$_tl"; fi`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * Reads what {@linkcode accountsScript} printed (under `tag`), checking that
 * each entry belongs to `name` (getent may match by uid).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ShellOutput } from "./remote_sh.ts";
 * import { readAccounts } from "./user_accounts.ts";
 * const out = ShellOutput.parse("PW deploy:x:1001:1001::/home/deploy:/bin/sh\nGR adm:x:4:deploy\n");
 * const snap = readAccounts(out, "deploy");
 * assert.equal(snap.user?.uid, 1001);
 * assert.deepEqual(snap.groups[0].members, ["deploy"]);
 * ```
 */
export function readAccounts(out: ShellOutput, name?: string, tag = ""): AccountSnapshot {
  const user = out.all(`${tag}PW`).map(parsePasswd).find((u) => u.name === name);
  const shadowLine = out.all(`${tag}SP`).find((l) => l.split(":")[0] === name);
  const groups = out.all(`${tag}GR`).map(parseGroup);
  const lookups = new Map<string, GroupEntry>();
  for (const line of out.all(`${tag}GQ`)) {
    const sp = line.indexOf(" ");
    lookups.set(decodeURIComponent(line.slice(0, sp)), parseGroup(line.slice(sp + 1)));
  }
  return { user, shadow: shadowLine ? parseShadow(shadowLine) : undefined, groups, lookups };
}

function parsePasswd(line: string): PasswdEntry {
  const f = line.split(":");
  return {
    name: f[0],
    password: f[1] ?? "",
    uid: Number(f[2]),
    gid: Number(f[3]),
    comment: f[4] ?? "",
    home: f[5] ?? "",
    shell: f.slice(6).join(":"),
  };
}

function parseShadow(line: string): ShadowEntry {
  const f = line.split(":");
  const num = (s: string | undefined) => (s === undefined || s === "" ? -1 : Number(s));
  return { password: f[1] ?? "", min: num(f[3]), max: num(f[4]), expire: num(f[7]) };
}

function parseGroup(line: string): GroupEntry {
  const f = line.split(":");
  const members = (f[3] ?? "").split(",").filter((m) => m !== "");
  return { name: f[0], gid: Number(f[2]), members };
}

/**
 * Ansible's `group_info`: a group by gid first (a numeric `query`), then by
 * name, from the lookups and the full list.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findGroup } from "./user_accounts.ts";
 * const snap = { groups: [{ name: "adm", gid: 4, members: [] }], lookups: new Map() };
 * assert.equal(findGroup(snap, "4")?.name, "adm");
 * ```
 */
export function findGroup(snap: AccountSnapshot, query: string): GroupEntry | undefined {
  if (/^\s*[+-]?\d+\s*$/.test(query)) {
    const gid = Number(query);
    const byId = snap.groups.find((g) => g.gid === gid) ??
      [...snap.lookups.values()].find((g) => g.gid === gid);
    if (byId) return byId;
  }
  return snap.groups.find((g) => g.name === query) ??
    [...snap.lookups.values()].find((g) => g.name === query);
}
