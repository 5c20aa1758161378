/**
 * Ansible 2.14's answers about inventories, recorded: `ansible-inventory
 * --list` (kind `ansible-inventory-list`), `ansible PATTERN --list-hosts`
 * (`ansible-list-hosts`) and per-host values of a Jinja2 expression through
 * `ansible PATTERN -m debug` (`ansible-host-expr`). Each question carries the
 * inventory's whole file tree and the sources, relative to its root; the
 * live side writes the tree in a temp dir of its own, and answers with that
 * dir as `<DIR>`.
 *
 * @module
 */
import { defineOracle, type Json } from "./recorded.ts";
import {
  inOracleDir,
  normalizeJson,
  normalizeText,
  runAnsibleCli,
  type Tree,
} from "./ansible_cli.ts";

/** Ansible's output was not what the oracle knows how to read. */
export class AnsibleOutputError extends Error {
  override name = "AnsibleOutputError";
}

/**
 * An inventory question: the tree and the `-i` sources (relative to the
 * tree's root, or host lists), and extra environment for Ansible.
 *
 * @example
 * ```ts
 * const q: InventoryListQuestion = { files: { hosts: "[web]\nw1\n" }, sources: ["hosts"] };
 * ```
 */
export type InventoryListQuestion = {
  /** The files of the inventory. */
  files: Tree;
  /** The `-i` arguments. */
  sources: string[];
  /** More environment (`ANSIBLE_…` settings); `<DIR>` is the tree's root. */
  env?: Record<string, string>;
};

/**
 * `ansible-inventory --list`'s exit code and, when it is 0, its JSON.
 *
 * @example
 * ```ts
 * const a: InventoryListAnswer = { rc: 0, list: { _meta: { hostvars: {} } } };
 * ```
 */
export type InventoryListAnswer = {
  /** Exit code. */
  rc: number;
  /** The parsed `--list` output (null when `rc` is not 0). */
  list: Json;
};

async function liveInventoryList(q: InventoryListQuestion): Promise<InventoryListAnswer> {
  return await inOracleDir(q.files, async (place) => {
    const args = [...q.sources.flatMap((s) => ["-i", s]), "--list"];
    const r = await runAnsibleCli("ansible-inventory", args, place, q.env ?? {});
    if (r.code !== 0) return { rc: r.code, list: null };
    return { rc: 0, list: normalizeJson(JSON.parse(r.stdout), place) };
  });
}

/**
 * `ansible-inventory -i S… --list` on the question's tree (recorded).
 *
 * @example
 * ```ts
 * const { rc, list } = await ansibleInventoryList({ files: { hosts: "w1\n" }, sources: ["hosts"] });
 * ```
 */
export const ansibleInventoryList: (q: InventoryListQuestion) => Promise<InventoryListAnswer> =
  defineOracle("ansible-inventory-list", liveInventoryList);

/**
 * Ansible's `[WARNING]: ` messages from stderr, with the lines it wrapped
 * joined again.
 *
 * @example
 * ```ts
 * parseWarnings("[WARNING]: a\nb\n"); // ["a b"]
 * ```
 */
export function parseWarnings(stderr: string): string[] {
  const out: string[] = [];
  let current: string[] | null = null;
  for (const line of stderr.split("\n")) {
    if (line.startsWith("[WARNING]: ")) {
      if (current) out.push(current.join(" "));
      current = [line.slice("[WARNING]: ".length).trim()];
    } else if (current && line.trim() && !/^(\[|ERROR!)/.test(line)) {
      current.push(line.trim());
    } else if (current) {
      out.push(current.join(" "));
      current = null;
    }
  }
  if (current) out.push(current.join(" "));
  return out;
}

/**
 * A `--list-hosts` question: a pattern against the sources, and `--limit`
 * when given (`@<DIR>/file` names a file of the tree).
 *
 * @example
 * ```ts
 * const q: ListHostsQuestion = { files: { hosts: "w1\n" }, sources: ["hosts"], pattern: "all" };
 * ```
 */
export type ListHostsQuestion = {
  /** The files of the inventory. */
  files: Tree;
  /** The `-i` arguments. */
  sources: string[];
  /** The host pattern. */
  pattern: string;
  /** The `--limit` argument. */
  limit?: string;
};

/**
 * `ansible --list-hosts` outcome: the hosts, Ansible's warnings, and the
 * `ERROR!` text when it failed ("leaves us with no hosts to target" is zero
 * hosts, not an error).
 *
 * @example
 * ```ts
 * const r: ListHostsResult = { hosts: ["web1"], warnings: [] };
 * ```
 */
export type ListHostsResult = {
  /** The hosts, in Ansible's order. */
  hosts: string[];
  /** The `[WARNING]:` messages. */
  warnings: string[];
  /** The error, when Ansible failed. */
  error?: string;
};

async function liveListHosts(q: ListHostsQuestion): Promise<ListHostsResult> {
  return await inOracleDir(q.files, async (place) => {
    const args = [q.pattern, ...q.sources.flatMap((s) => ["-i", s]), "--list-hosts"];
    if (q.limit !== undefined) args.push("--limit", q.limit);
    const r = await runAnsibleCli("ansible", args, place);
    const warnings = parseWarnings(normalizeText(r.stderr, place));
    if (r.code !== 0) {
      if (r.stderr.includes("leaves us with no hosts to target")) return { hosts: [], warnings };
      const error = normalizeText(/ERROR! (.*)/.exec(r.stderr)?.[1] ?? r.stderr, place);
      return { hosts: [], warnings, error };
    }
    const lines = r.stdout.split("\n");
    const head = lines.findIndex((l) => /^\s*hosts \(\d+\):$/.test(l));
    if (head < 0) {
      throw new AnsibleOutputError(`unexpected ansible output: ${r.stdout}\n${r.stderr}`);
    }
    const n = Number(/\((\d+)\)/.exec(lines[head])![1]);
    const hosts = lines.slice(head + 1, head + 1 + n).map((l) => l.trim());
    return { hosts, warnings };
  });
}

/**
 * `ansible PATTERN -i S… --list-hosts [--limit L]`, parsed (recorded).
 *
 * @example
 * ```ts
 * await ansibleListHosts({ files: { hosts: "[web]\nw1\n" }, sources: ["hosts"], pattern: "web" });
 * ```
 */
export const ansibleListHosts: (q: ListHostsQuestion) => Promise<ListHostsResult> = defineOracle(
  "ansible-list-hosts",
  liveListHosts,
);

/**
 * A per-host expression question: `expr` (Jinja2, without the braces) for
 * each host `pattern` selects.
 *
 * @example
 * ```ts
 * const q: HostExprQuestion = { files: { hosts: "w1\n" }, sources: ["hosts"], pattern: "all", expr: "group_names" };
 * ```
 */
export type HostExprQuestion = {
  /** The files of the inventory. */
  files: Tree;
  /** The `-i` arguments. */
  sources: string[];
  /** The host pattern. */
  pattern: string;
  /** The Jinja2 expression. */
  expr: string;
};

/**
 * The value of the expression by host, or the exit code and output when
 * `ansible` failed.
 *
 * @example
 * ```ts
 * const a: HostExprAnswer = { rc: 0, values: { w1: ["ungrouped"] } };
 * ```
 */
export type HostExprAnswer = {
  /** Exit code. */
  rc: number;
  /** Host → value. */
  values: { [host: string]: Json };
  /** stdout and stderr, when `rc` is not 0. */
  output?: string;
};

async function liveHostExpr(q: HostExprQuestion): Promise<HostExprAnswer> {
  return await inOracleDir(q.files, async (place) => {
    const args = [q.pattern, ...q.sources.flatMap((s) => ["-i", s]), "-o", "-m", "debug"];
    args.push("-a", `msg={{ ${q.expr} }}`);
    const r = await runAnsibleCli("ansible", args, place);
    if (r.code !== 0) {
      return { rc: r.code, values: {}, output: normalizeText(r.stdout + r.stderr, place) };
    }
    const values: { [host: string]: Json } = {};
    for (const line of r.stdout.split("\n")) {
      const m = /^(\S+) \| SUCCESS => (.*)$/.exec(line);
      if (m) values[m[1]] = normalizeJson((JSON.parse(m[2]) as { msg: Json }).msg, place);
    }
    // Hosts answer in the order they finish: sort them, so a recording is stable.
    const byHost = Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { rc: 0, values: Object.fromEntries(byHost) };
  });
}

/**
 * `ansible PATTERN -i S… -o -m debug -a "msg={{ EXPR }}"`: host → value
 * (recorded).
 *
 * @example
 * ```ts
 * await ansibleHostExpr({ files: { hosts: "w1\n" }, sources: ["hosts"], pattern: "all", expr: "group_names" });
 * ```
 */
export const ansibleHostExpr: (q: HostExprQuestion) => Promise<HostExprAnswer> = defineOracle(
  "ansible-host-expr",
  liveHostExpr,
);
