/**
 * Test support for `setup` on a lab host: the same `setup` arguments run by
 * the real `ansible -m setup` (ansible-core 2.14, `-t` tree output) and by
 * tachyon's engine (`runAdhoc` over ssh), both as root through sudo, and the
 * comparison rules (volatile keys, volatile fields of mounts).
 *
 * @module
 */
import { join } from "node:path";
import type { LabHost, LabHosts } from "../../_support/lab/mod.ts";
import { SUDO_NOPASSWD_USER } from "../../_support/lab/mod.ts";
import { runModule } from "./_support.ts";
import type { ModuleArgsInput } from "../../../src/engine/modules/module.ts";

/** A result as JSON. */
export type Json = Record<string, unknown>;

/**
 * Keys whose values change between two runs (the key itself must be there), with the reason.
 *
 * @example
 * ```ts
 * Object.keys(VOLATILE).includes("ansible_date_time"); // true
 * ```
 */
export const VOLATILE: Readonly<Record<string, string>> = {
  ansible_date_time: "the time of the run",
  ansible_uptime_seconds: "time passes between the runs",
  ansible_loadavg: "the load average moves",
  ansible_memfree_mb: "free memory moves",
  ansible_swapfree_mb: "free swap moves",
  ansible_memory_mb: "used and free memory move",
  ansible_env: "the process environment of the gatherer: Ansible's python module process " +
    "(its own LANG/LC_*, PWD, `_`, the ssh client port) against tachyon's sh",
};

/** Fields of a mount that move while the runs happen (free space, inodes). */
export const VOLATILE_MOUNT_FIELDS: readonly string[] = [
  "size_available",
  "block_available",
  "block_used",
  "inode_available",
  "inode_used",
];

/**
 * An inventory line that logs in to `host` as the sudo user with the lab key.
 *
 * @example
 * ```ts
 * const line = inventoryLine(lab, lab.hosts[0]);
 * ```
 */
export function inventoryLine(lab: LabHosts, host: LabHost): string {
  return `${host.name} ansible_host=${host.address} ansible_port=${host.port} ` +
    `ansible_user=${SUDO_NOPASSWD_USER.name} ansible_ssh_private_key_file=${lab.keys.plain} ` +
    `ansible_host_key_checking=false`;
}

/**
 * `ansible HOST -m setup -a ARGS [-b]` on the lab host; the tree callback's result.
 *
 * @example
 * ```ts
 * const theirs = await ansibleSetup(dir, lab, host, "gather_subset=!all");
 * ```
 */
export async function ansibleSetup(
  dir: string,
  lab: LabHosts,
  host: LabHost,
  args: string,
  become = true,
): Promise<Json> {
  const inventory = join(dir, "ansible_hosts");
  await Deno.writeTextFile(inventory, inventoryLine(lab, host) + "\n");
  const tree = await Deno.makeTempDir({ dir, prefix: "tree_" });
  const home = join(dir, "home");
  await Deno.mkdir(home, { recursive: true });
  const out = await new Deno.Command("/usr/bin/ansible", {
    args: [
      host.name,
      "-i",
      inventory,
      "-m",
      "setup",
      ...(args ? ["-a", args] : []),
      ...(become ? ["-b"] : []),
      "-t",
      tree,
    ],
    cwd: dir,
    clearEnv: true,
    env: {
      PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      HOME: home,
      LANG: "C.UTF-8",
      ANSIBLE_HOST_KEY_CHECKING: "False",
      ANSIBLE_PYTHON_INTERPRETER: "auto_silent",
      ANSIBLE_SSH_CONTROL_PATH_DIR: join(home, "cp"),
      ANSIBLE_LOCAL_TEMP: join(home, "tmp"),
      ANSIBLE_NOCOLOR: "1",
      ANSIBLE_FORCE_COLOR: "0",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = await Deno.readTextFile(join(tree, host.name)).catch(() => undefined);
  if (text === undefined) {
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    throw new Error(
      `ansible wrote no result (rc ${out.code}):\n${decode(out.stdout)}\n${decode(out.stderr)}`,
    );
  }
  return JSON.parse(text);
}

/**
 * tachyon's `setup` with `args` on the lab host, become root unless `become`
 * is false (the engine over ssh).
 *
 * @example
 * ```ts
 * const ours = await tachyonSetup(dir, lab, host, { gather_subset: ["!all"] });
 * ```
 */
export async function tachyonSetup(
  dir: string,
  lab: LabHosts,
  host: LabHost,
  args: ModuleArgsInput,
  become = true,
): Promise<Json> {
  const line = inventoryLine(lab, host);
  return await runModule(dir, "setup", args, {
    host: host.name,
    hostVars: line.slice(line.indexOf(" ") + 1) + ` ansible_become=${become}`,
  });
}

/**
 * A copy of `mounts` without the fields that move, sorted by mount point
 * (Ansible lists them in the order its threads finish).
 *
 * @example
 * ```ts
 * stableMounts([{ mount: "/", size_available: 1 }]); // [{ mount: "/" }]
 * ```
 */
export function stableMounts(mounts: unknown): Json[] {
  return (mounts as Json[]).map((m) => {
    const copy = { ...m };
    for (const k of VOLATILE_MOUNT_FIELDS) delete copy[k];
    return copy;
  }).sort((a, b) => String(a.mount) < String(b.mount) ? -1 : 1);
}

/**
 * The value of a fact in a comparable form: sets (and `ansible_interfaces`,
 * which Ansible's result passes through a set) as sorted lists, mounts
 * without moving fields.
 *
 * @example
 * ```ts
 * comparable("ansible_virtualization_tech_guest", ["b", "a"]); // ["a", "b"]
 * ```
 */
export function comparable(key: string, value: unknown): unknown {
  if (key === "ansible_mounts") return stableMounts(value);
  // Ansible returns these through Python sets: their order is random (hash order).
  if (
    key === "ansible_virtualization_tech_guest" ||
    key === "ansible_virtualization_tech_host" ||
    key === "ansible_interfaces"
  ) {
    return [...(value as string[])].sort();
  }
  return value;
}

/**
 * JSON with object keys sorted (dict order is not part of a fact's value).
 *
 * @example
 * ```ts
 * canonical({ b: 1, a: [2] }); // '{"a":[2],"b":1}'
 * ```
 */
export function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a < b ? -1 : 1),
        )
        : v,
  );
}

/**
 * The differences between two fact sets: keys only one has, and non-volatile values that differ.
 *
 * @example
 * ```ts
 * factDifferences({ a: 1 }, { a: 2 }); // ["a: ours 1, theirs 2"]
 * ```
 */
export function factDifferences(ours: Json, theirs: Json): string[] {
  const problems: string[] = [];
  for (const k of Object.keys(theirs)) {
    if (!(k in ours)) problems.push(`missing ${k}`);
  }
  for (const k of Object.keys(ours)) {
    if (!(k in theirs)) problems.push(`extra ${k}`);
  }
  for (const k of Object.keys(theirs)) {
    if (!(k in ours) || k in VOLATILE) continue;
    const a = canonical(comparable(k, ours[k]));
    const b = canonical(comparable(k, theirs[k]));
    if (a !== b) problems.push(`${k}: ours ${a}, theirs ${b}`);
  }
  return problems;
}
