/**
 * Ansible's INI inventory format (`ansible.plugins.inventory.ini`).
 *
 * Lines before any section belong to `ungrouped`; `[g]` lists hosts,
 * `[g:children]` child groups, `[g:vars]` variables. Host lines are split
 * like `shlex` (an unquoted `#` starts a comment anywhere); values go
 * through Python's `literal_eval` (`1` → int, `True` → bool, `true` stays a
 * string).
 *
 * @module
 */

import type { InventoryData } from "./data.ts";
import { expandHostPattern } from "./host_range.ts";
import { parseIniValue } from "./python_literal.ts";
import { ShlexError, shlexSplit } from "../../python/shlex.ts";
import { pySplitlines } from "../../python/splitlines.ts";

/**
 * An INI syntax or structure error; the message starts with `path:line:`
 * where Ansible's does.
 *
 * @example
 * ```ts
 * throw new IniError("/inv/hosts:3: Expected key=value, got: x");
 * ```
 */
export class IniError extends Error {
  /**
   * @example
   * ```ts
   * new IniError("/inv/hosts:1: Invalid section entry: '[a b]'");
   * ```
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "IniError";
  }
}

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/;

interface Pending {
  line: number;
  state: "vars" | "children";
  name: string;
  parents: string[];
}

/**
 * Decodes INI bytes like Ansible: UTF-8, where only comment lines may hold
 * invalid UTF-8 (they become empty lines).
 *
 * @example
 * ```ts
 * decodeIniBytes(new TextEncoder().encode("[web]\nw1\n")); // ["[web]", "w1"]
 * ```
 */
export function decodeIniBytes(bytes: Uint8Array): string[] {
  try {
    return pySplitlines(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    const out: string[] = [];
    const strict = new TextDecoder("utf-8", { fatal: true });
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        let line = bytes.subarray(start, i);
        if (line.length && line[line.length - 1] === 0x0d) line = line.subarray(0, -1);
        if (line.length && (line[0] === 0x23 || line[0] === 0x3b)) out.push("");
        else out.push(strict.decode(line));
        start = i + 1;
      }
    }
    if (out.length && out[out.length - 1] === "" && bytes[bytes.length - 1] === 0x0a) out.pop();
    return out;
  }
}

/**
 * Parses INI inventory `lines` from `path` into `inv`. Throws
 * {@link IniError} (and the data layer's errors) on bad input.
 *
 * @example
 * ```ts
 * parseIniInventory(inv, "/tmp/hosts", ["[web]", "w[1:2] ansible_port=22"]);
 * ```
 */
export function parseIniInventory(inv: InventoryData, path: string, lines: string[]): void {
  let lineno = 0;
  const fail = (message: string): never => {
    throw new IniError(`${path}:${lineno}: ${message}`);
  };
  const pending = new Map<string, Pending>();
  const addPendingChildren = (group: string) => {
    for (const parent of pending.get(group)!.parents) {
      inv.addChild(parent, group);
      if (pending.get(parent)?.state === "children") addPendingChildren(parent);
    }
    pending.delete(group);
  };
  let groupname = "ungrouped";
  let state = "hosts";
  const handle = (line: string): void => {
    const m = SECTION.exec(line);
    if (m) {
      groupname = m[1];
      state = m[2] || "hosts";
      if (state !== "hosts" && state !== "children" && state !== "vars") {
        fail(`Section [${m[1]}:${m[2]}] has unknown type: ${state}`);
      }
      if (!inv.groups.has(groupname)) {
        if (state === "vars" && !pending.has(groupname)) {
          pending.set(groupname, { line: lineno, state: "vars", name: groupname, parents: [] });
        }
        inv.addGroup(groupname);
      }
      const p = pending.get(groupname);
      if (p && state !== "vars") {
        if (p.state === "children") addPendingChildren(groupname);
        else pending.delete(groupname);
      }
      return;
    } else if (line.startsWith("[") && line.endsWith("]")) {
      fail(
        `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`,
      );
    }
    if (state === "hosts") {
      let tokens: string[];
      try {
        tokens = shlexSplit(line, true);
      } catch (e) {
        if (!(e instanceof ShlexError)) throw e;
        return fail(`Error parsing host definition '${line}': ${e.message}`);
      }
      if (tokens.length === 0) return;
      const pattern = tokens[0];
      const { hostnames, port } = expandHostPattern(pattern);
      if (pattern.trim().endsWith(":") && port === null) {
        fail(
          `Invalid host pattern '${pattern}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`,
        );
      }
      for (const h of hostnames) {
        if (h.trim() === "---") {
          fail(
            `Invalid host pattern '${pattern}' supplied, '---' is normally a sign this is a YAML file.`,
          );
        }
      }
      const vars: Array<[string, unknown]> = [];
      for (const t of tokens.slice(1)) {
        const eq = t.indexOf("=");
        if (eq < 0) fail(`Expected key=value host variable assignment, got: ${t}`);
        vars.push([t.slice(0, eq), parseIniValue(t.slice(eq + 1))]);
      }
      for (const h of hostnames) {
        inv.addHost(h, groupname, port);
        for (const [k, v] of vars) inv.setVariable(h, k, v);
      }
    } else if (state === "vars") {
      const eq = line.indexOf("=");
      if (eq < 0) fail(`Expected key=value, got: ${line}`);
      inv.setVariable(
        groupname,
        line.slice(0, eq).trim(),
        parseIniValue(line.slice(eq + 1).trim()),
      );
    } else {
      const gm = GROUP_NAME.exec(line);
      if (!gm) fail(`Expected group name, got: ${line}`);
      const child = gm![1];
      if (!inv.groups.has(child)) {
        const p = pending.get(child);
        if (!p) {
          pending.set(child, {
            line: lineno,
            state: "children",
            name: child,
            parents: [groupname],
          });
        } else {
          p.parents.push(groupname);
        }
      } else {
        inv.addChild(groupname, child);
      }
    }
  };
  for (const raw of lines) {
    lineno++;
    const line = raw.trim();
    if (!line || line[0] === "#" || line[0] === ";") continue;
    try {
      handle(line);
    } catch (e) {
      if (e instanceof IniError || !(e instanceof Error)) throw e;
      throw new IniError(`${path}:${lineno}: ${e.message}`, { cause: e });
    }
  }
  for (const decl of pending.values()) {
    if (decl.state === "vars") {
      throw new IniError(
        `${path}:${decl.line}: Section [${decl.name}:vars] not valid for undefined group: ${decl.name}`,
      );
    }
    throw new IniError(
      `${path}:${decl.line}: Section [${
        decl.parents[decl.parents.length - 1]
      }:children] includes undefined group: ${decl.name}`,
    );
  }
}
