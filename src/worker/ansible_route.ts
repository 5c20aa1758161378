/**
 * The worker's Ansible route: the job goes to the EE's own ansible-runner
 * (`src/ansible/`), and when the image has none, the stream ends with an
 * error status that says so — never the default automation, never a crash.
 *
 * @module
 */
import { runWithAnsibleRunner } from "../ansible/runner_worker.ts";
import type { StartedRunner } from "../ansible/runner_start.ts";
import { findAnsiblePrograms } from "../ansible/programs.ts";
import type { ProcessRegistry } from "../engine/process_registry.ts";
import { BUILD_POLICY, type JobPlan } from "../planner/mod.ts";
import type { ProtocolWriter } from "./protocol_writer.ts";
import type { EnvReader } from "./resolved_job.ts";
import { readEnv } from "./env.ts";
import { ansiblePythons } from "./job_plan.ts";

/**
 * What the Ansible route needs from the worker.
 *
 * @example
 * ```ts
 * import type { AnsibleRoute } from "./ansible_route.ts";
 * import { ProtocolWriter } from "./protocol_writer.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * const route: AnsibleRoute = {
 *   privateDataDir: "/runner",
 *   kwargsLine: '{"kwargs": {"playbook": "site.yml"}}',
 *   kwargs: { playbook: "site.yml" },
 *   plan: { route: "ansible", mode: "auto", message: "tachyon: site.yml runs under the EE's Ansible" },
 *   writer: new ProtocolWriter(Deno.stdout),
 *   signal: new AbortController().signal,
 *   registry: new ProcessRegistry(),
 * };
 * ```
 */
export interface AnsibleRoute {
  /** The extracted private data dir. */
  readonly privateDataDir: string;
  /** The kwargs line as received. */
  readonly kwargsLine: string;
  /** The kwargs it carried. */
  readonly kwargs: Record<string, unknown>;
  /** The planner's decision (its message is the job's first event). */
  readonly plan: JobPlan;
  /** The worker's stdout. */
  readonly writer: ProtocolWriter;
  /** Aborts on SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
  /** The job's process registry. */
  readonly registry: ProcessRegistry;
}

/**
 * Hands the job to the EE's Ansible and returns the exit code.
 *
 * @example
 * ```ts
 * import { runOnAnsible } from "./ansible_route.ts";
 * import { ProtocolWriter } from "./protocol_writer.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 * import type { JobPlan } from "../planner/mod.ts";
 *
 * const handOver = async (pdd: string, kwargsLine: string, plan: JobPlan) =>
 *   await runOnAnsible({
 *     privateDataDir: pdd,
 *     kwargsLine,
 *     kwargs: JSON.parse(kwargsLine).kwargs,
 *     plan,
 *     writer: new ProtocolWriter(Deno.stdout),
 *     signal: new AbortController().signal,
 *     registry: new ProcessRegistry(),
 *   });
 * ```
 */
export async function runOnAnsible(
  route: AnsibleRoute,
  early?: StartedRunner,
  env: EnvReader = readEnv,
): Promise<number> {
  const result = await runWithAnsibleRunner({
    privateDataDir: route.privateDataDir,
    kwargsLine: route.kwargsLine,
    pythons: ansiblePythons(env),
    sink: route.writer,
    signal: route.signal,
    registry: route.registry,
    decision: route.plan.message,
  }, early);
  if (result.ran) return result.exitCode;
  // No ansible-runner: with ansible-core and a python for the terminal relay,
  // tachyon runs the command the way ansible-runner would.
  const programs = findAnsiblePrograms(BUILD_POLICY.ansibleBinDirs);
  const python = result.interpreters[0];
  if (programs !== undefined && python !== undefined) {
    // Loaded only for this rare image: the callback plugin and relay sources stay out of the start.
    const { runWithAnsibleCore } = await import("../ansible/core/mod.ts");
    return await runWithAnsibleCore({
      privateDataDir: route.privateDataDir,
      kwargs: route.kwargs,
      programs: { ...programs, python },
      sink: route.writer,
      signal: route.signal,
      registry: route.registry,
      firstEvent: route.plan.message,
    });
  }
  const core = programs === undefined
    ? `no ansible-playbook in ${BUILD_POLICY.ansibleBinDirs.join(", ")}`
    : "no python for ansible-core";
  route.writer.endWithError(
    `${route.plan.message} But this image has no Ansible to run it: ${
      result.problems.join("; ")
    }; ${core}. Install ansible-runner (or ansible-core) in the execution environment, or ` +
      "choose the playbook mode that fits an image without Ansible (see tachyon's README, " +
      "What runs a job).",
  );
  return 1;
}
