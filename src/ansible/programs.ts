/**
 * Finds the EE's Ansible programs (`ansible-playbook`, `ansible`,
 * `ansible-inventory`) in the build policy's directories, for images that have
 * ansible-core without ansible-runner. One `/bin/sh` tests them: the binary's
 * permission set reads nothing under `/usr/bin` itself.
 *
 * @module
 */

/**
 * The programs' absolute paths.
 *
 * @example
 * ```ts
 * import type { FoundPrograms } from "./programs.ts";
 *
 * const found: FoundPrograms = {
 *   ansiblePlaybook: "/usr/bin/ansible-playbook",
 *   ansible: "/usr/bin/ansible",
 *   ansibleInventory: "/usr/bin/ansible-inventory",
 * };
 * ```
 */
export interface FoundPrograms {
  /** `ansible-playbook`. */
  readonly ansiblePlaybook: string;
  /** `ansible`. */
  readonly ansible: string;
  /** `ansible-inventory`. */
  readonly ansibleInventory: string;
}

const NAMES = ["ansible-playbook", "ansible", "ansible-inventory"] as const;

/**
 * The first executable of each name in `dirs`, or undefined when
 * `ansible-playbook` is in none of them (the others then default to its
 * directory, where ansible-core installs them together).
 *
 * @example
 * ```ts
 * import { findAnsiblePrograms } from "./programs.ts";
 *
 * const found = findAnsiblePrograms(["/usr/bin", "/usr/local/bin"]);
 * console.log(found?.ansiblePlaybook ?? "no ansible-core here");
 * ```
 */
export function findAnsiblePrograms(dirs: readonly string[]): FoundPrograms | undefined {
  let lines: string[];
  try {
    const output = new Deno.Command("/bin/sh", {
      args: [
        "-c",
        'for name in ansible-playbook ansible ansible-inventory; do found=; for dir in "$@"; do ' +
        'if [ -z "$found" ] && [ -x "$dir/$name" ]; then found="$dir/$name"; fi; done; ' +
        'echo "$found"; done',
        "sh",
        ...dirs,
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    lines = new TextDecoder().decode(output.stdout).split("\n");
  } catch {
    return undefined;
  }
  const [playbook, adhoc, inventory] = NAMES.map((_, i) => lines[i] ?? "");
  if (playbook === "") return undefined;
  const dir = playbook.slice(0, playbook.lastIndexOf("/"));
  return {
    ansiblePlaybook: playbook,
    ansible: adhoc || `${dir}/ansible`,
    ansibleInventory: inventory || `${dir}/ansible-inventory`,
  };
}
