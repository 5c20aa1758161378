/**
 * Test helpers: temp trees and the real Ansible 2.14 peer
 * (`ansible-inventory --list`, `ansible PATTERN --list-hosts`).
 *
 * @module
 */

import { dirname, join } from "node:path";

/**
 * A file to write: text (mode 0644) or text with a mode.
 *
 * @example
 * ```ts
 * const script: TreeFile = { text: "#!/bin/sh\necho '{}'\n", mode: 0o700 };
 * ```
 */
export type TreeFile = string | { text: string; mode: number };

/**
 * Writes `files` (relative path → content) under `root`.
 *
 * @example
 * ```ts
 * await writeTree("/tmp/x", { "inv/hosts": "[web]\nw1\n" });
 * ```
 */
export async function writeTree(root: string, files: Record<string, TreeFile>): Promise<void> {
  for (const [rel, f] of Object.entries(files)) {
    const path = join(root, rel);
    await Deno.mkdir(dirname(path), { recursive: true });
    const text = typeof f === "string" ? f : f.text;
    await Deno.writeTextFile(path, text);
    await Deno.chmod(path, typeof f === "string" ? 0o644 : f.mode);
  }
}

/**
 * Runs `fn` with a fresh temp dir under /tmp, removed afterwards.
 *
 * @example
 * ```ts
 * await withTempDir(async (dir) => {});
 * ```
 */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "tachyon_inv_test_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function ansibleEnv(home: string): Record<string, string> {
  return {
    PATH: "/usr/bin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    ANSIBLE_CONFIG: "/nonexistent/ansible.cfg",
    ANSIBLE_LOCALHOST_WARNING: "0",
    ANSIBLE_INVENTORY_UNPARSED_WARNING: "0",
    ANSIBLE_DEPRECATION_WARNINGS: "0",
    ANSIBLE_NOCOLOR: "1",
    ANSIBLE_FORCE_COLOR: "0",
    ANSIBLE_PYTHON_INTERPRETER: "/usr/bin/python3",
    ANSIBLE_LOCAL_TEMP: join(home, "tmp"),
    COLUMNS: "10000",
  };
}

/**
 * What one run of an Ansible CLI gave.
 *
 * @example
 * ```ts
 * const r: AnsibleRun = { code: 0, stdout: "{}", stderr: "" };
 * ```
 */
export interface AnsibleRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs an Ansible CLI (`/usr/bin/ansible-inventory` or `/usr/bin/ansible`)
 * with a quiet, isolated environment in `cwd` (HOME is `cwd/.home`).
 *
 * @example
 * ```ts
 * await runAnsible("/usr/bin/ansible-inventory", ["-i", "hosts", "--list"], "/tmp/x");
 * ```
 */
export async function runAnsible(
  program: string,
  args: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): Promise<AnsibleRun> {
  const home = join(cwd, ".home");
  await Deno.mkdir(join(home, "tmp"), { recursive: true });
  const out = await new Deno.Command(program, {
    args,
    cwd,
    clearEnv: true,
    env: { ...ansibleEnv(home), ...extraEnv },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * `ansible-inventory -i S1 -i S2 --list`, parsed. Throws when it fails.
 *
 * @example
 * ```ts
 * const list = await ansibleInventoryList(["inv/hosts"], "/tmp/x");
 * ```
 */
export async function ansibleInventoryList(
  sources: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): Promise<{ list: Record<string, unknown>; stderr: string }> {
  const args = sources.flatMap((s) => ["-i", s]);
  const r = await runAnsible("/usr/bin/ansible-inventory", [...args, "--list"], cwd, extraEnv);
  if (r.code !== 0) {
    throw new Error(`ansible-inventory failed (${r.code}): ${r.stderr}`);
  }
  return { list: JSON.parse(r.stdout), stderr: r.stderr };
}

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
 * `ansible --list-hosts` outcome: hosts, or the error Ansible printed.
 *
 * @example
 * ```ts
 * const r: ListHostsResult = { hosts: ["web1"], warnings: [] };
 * ```
 */
export interface ListHostsResult {
  hosts: string[];
  warnings: string[];
  error?: string;
}

/**
 * `ansible PATTERN -i INV --list-hosts [--limit L]`, parsed (`hosts (N):`
 * lines). "leaves us with no hosts to target" counts as zero hosts.
 *
 * @example
 * ```ts
 * await ansibleListHosts("web:&prod", ["inv"], "/tmp/x");
 * ```
 */
export async function ansibleListHosts(
  pattern: string,
  sources: string[],
  cwd: string,
  limit?: string,
): Promise<ListHostsResult> {
  const args = [pattern, ...sources.flatMap((s) => ["-i", s]), "--list-hosts"];
  if (limit !== undefined) args.push("--limit", limit);
  const r = await runAnsible("/usr/bin/ansible", args, cwd);
  const warnings = parseWarnings(r.stderr);
  if (r.code !== 0) {
    if (r.stderr.includes("leaves us with no hosts to target")) return { hosts: [], warnings };
    const err = /ERROR! (.*)/.exec(r.stderr)?.[1] ?? r.stderr;
    return { hosts: [], warnings, error: err };
  }
  const lines = r.stdout.split("\n");
  const head = lines.findIndex((l) => /^\s*hosts \(\d+\):$/.test(l));
  if (head < 0) throw new Error(`unexpected ansible output: ${r.stdout}\n${r.stderr}`);
  const n = Number(/\((\d+)\)/.exec(lines[head])![1]);
  const hosts = lines.slice(head + 1, head + 1 + n).map((l) => l.trim());
  return { hosts, warnings };
}

/**
 * Runs a Python 3 snippet with the system interpreter (the one Ansible
 * uses) and returns its stdout parsed as JSON.
 *
 * @example
 * ```ts
 * await pythonJson("import json; print(json.dumps(1))");
 * ```
 */
export async function pythonJson(code: string, input = ""): Promise<unknown> {
  const child = new Deno.Command("/usr/bin/python3", {
    args: ["-c", code],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(input));
  await w.close();
  const out = await child.output();
  if (out.code !== 0) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/**
 * Runs `fn` over `items` with at most `limit` in flight, keeping order.
 *
 * @example
 * ```ts
 * await mapLimit([1, 2], 2, async (x) => x * 2); // [2, 4]
 * ```
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (e) {
        errors.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new AggregateError(errors, errors.map((e) => (e as Error).message).join("\n\n"));
  }
  return out;
}

/**
 * Evaluates a Jinja2 expression per host with `ansible PATTERN -o -m debug
 * -a "msg={{ EXPR }}"` and returns host → value.
 *
 * @example
 * ```ts
 * await ansibleHostExpr("all", ["inv"], "/tmp/x", "group_names");
 * ```
 */
export async function ansibleHostExpr(
  pattern: string,
  sources: string[],
  cwd: string,
  expr: string,
): Promise<Map<string, unknown>> {
  const args = [pattern, ...sources.flatMap((s) => ["-i", s]), "-o", "-m", "debug"];
  args.push("-a", `msg={{ ${expr} }}`);
  const r = await runAnsible("/usr/bin/ansible", args, cwd);
  if (r.code !== 0) throw new Error(`ansible debug failed (${r.code}): ${r.stdout}${r.stderr}`);
  const out = new Map<string, unknown>();
  for (const line of r.stdout.split("\n")) {
    const m = /^(\S+) \| SUCCESS => (.*)$/.exec(line);
    if (m) out.set(m[1], (JSON.parse(m[2]) as { msg: unknown }).msg);
  }
  return out;
}
