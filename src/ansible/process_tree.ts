/**
 * The processes a child started, however they were detached: the EE's
 * ansible-runner runs Ansible in a new session (its pty), which the child's
 * process group does not reach. Read from `/proc/<pid>/task/<tid>/children`
 * by one `/bin/sh` (the binary's permission set reads nothing under `/proc`
 * itself).
 *
 * @module
 */

import { killProcessGroups } from "../engine/process_registry.ts";

const decoder = new TextDecoder();

/**
 * The pids of every descendant of `pid` (children first), or none when they
 * cannot be read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { descendantPids } from "./process_tree.ts";
 *
 * const child = new Deno.Command("/bin/sh", { args: ["-c", "sleep 5 & wait"] }).spawn();
 * await new Promise((resolve) => setTimeout(resolve, 200));
 * assert.equal(descendantPids(child.pid).length, 1);
 * child.kill("SIGKILL");
 * await child.status;
 * ```
 */
export function descendantPids(pid: number): number[] {
  try {
    const output = new Deno.Command("/bin/sh", {
      args: [
        "-c",
        'walk() { for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do echo "$c"; walk "$c"; done; }; walk "$1"',
        "sh",
        String(pid),
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    return decoder.decode(output.stdout).split("\n").filter((l) => /^\d+$/.test(l)).map(Number);
  } catch {
    return [];
  }
}

/**
 * SIGKILLs `pids` and the process groups they lead, synchronously; those
 * already gone are skipped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { killPids } from "./process_tree.ts";
 *
 * const child = new Deno.Command("/bin/sh", { args: ["-c", "exec sleep 30"] }).spawn();
 * killPids([child.pid]);
 * assert.equal((await child.status).signal, "SIGKILL");
 * ```
 */
export function killPids(pids: readonly number[]): void {
  killProcessGroups(pids, { andProcesses: true });
}
