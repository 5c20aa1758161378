/**
 * Test support: a transmit stream made the way AWX makes one, through
 * ansible-runner's Python API (`ansible_runner.run(streamer="transmit", …)`),
 * so `passwords`, `ssh_key` and `cmdline` arrive exactly as AWX sends them
 * (as `env/passwords`, `env/ssh_key`, `env/cmdline` in the zipped pdd).
 *
 * @module
 */
import { run } from "./worker_process.ts";

/** The keyword arguments given to `ansible_runner.run` (JSON values). */
export type RunnerKwargs = Record<string, unknown>;

const TRANSMIT = `
import json, sys
import ansible_runner
kwargs = json.load(sys.stdin)
ansible_runner.run(streamer="transmit", _output=sys.stdout.buffer, **kwargs)
`;

/**
 * The stream real `ansible_runner.run(streamer="transmit", private_data_dir=pdd, **kwargs)` writes.
 *
 * @example
 * ```ts
 * const stream = await apiTransmit("/tmp/src", {
 *   module: "ping", host_pattern: "all", ssh_key: key, passwords: { "SSH password:\\s*?$": "pw" },
 *   cmdline: "-u deploy --ask-pass",
 * });
 * ```
 */
export async function apiTransmit(pdd: string, kwargs: RunnerKwargs): Promise<Uint8Array> {
  const out = await run("/usr/bin/python3", ["-c", TRANSMIT], {
    stdin: new TextEncoder().encode(JSON.stringify({ private_data_dir: pdd, ...kwargs })),
    env: { PATH: "/usr/bin:/bin", HOME: "/tmp" },
  });
  if (out.code !== 0) throw new Error(`ansible_runner transmit failed: ${out.stderr}`);
  return out.stdout;
}

/** The secrets of an AWX machine credential (a missing one is answered with ""). */
export interface MachineSecrets {
  /** The ssh password (`SSH password:` and `Password:`). */
  ssh?: string;
  /** The private key's passphrase. */
  unlock?: string;
  /** The become (sudo/su) password. */
  become?: string;
}

/**
 * The `passwords` AWX sends for a machine credential: its prompt regexes
 * (awx/main/tasks/jobs.py), each answered with the matching secret.
 *
 * @example
 * ```ts
 * const stream = await apiTransmit(src, { module: "ping", passwords: awxPasswords({ unlock: "pw" }) });
 * ```
 */
export function awxPasswords(secrets: MachineSecrets): Record<string, string> {
  return {
    "Enter passphrase for .*:\\s*?$": secrets.unlock ?? "",
    "Bad passphrase, try again for .*:\\s*?$": "",
    "SSH password:\\s*?$": secrets.ssh ?? "",
    "Password:\\s*?$": secrets.ssh ?? "",
    "BECOME password.*:\\s*?$": secrets.become ?? "",
  };
}
