/**
 * Runs one job after its inputs arrived, as `ansible-runner worker` streams
 * it: the job core (`job_core.ts`) with its statuses and events written as
 * protocol lines, then the artifacts zip and eof. Automations come from the
 * baked-in catalog.
 *
 * @module
 */
import { join } from "node:path";
import type { ResolvedJob } from "./resolved_job.ts";
import type { ProtocolWriter } from "./protocol_writer.ts";
import type { JobPlan } from "../planner/mod.ts";
import type { ProcessRegistry } from "../engine/process_registry.ts";
import type { Automation } from "../engine/automation.ts";
import { base64FileChunks, zipDirectory } from "../zip/mod.ts";
import { executeJob } from "./job_core.ts";
import { JobStopped, RC_STOPPED } from "./job_stopped.ts";

export { JobStopped, RC_STOPPED };

/**
 * Runs the resolved `job`, writing the whole output stream (up to and
 * including eof) to `writer`. `stop` aborts it (with a {@linkcode JobStopped}
 * reason). Returns the exit code.
 *
 * @example
 * ```ts
 * import { runJob } from "./job_runner.ts";
 * import { planWorkerJob } from "./job_plan.ts";
 * import { ProtocolWriter } from "./protocol_writer.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * // What the worker does once the transmit stream is in, for a job it runs itself:
 * const runOne = async (pdd: string, kwargs: Record<string, unknown>) => {
 *   const { plan, job } = await planWorkerJob(pdd, kwargs);
 *   return await runJob(
 *     job!,
 *     plan,
 *     new ProtocolWriter(Deno.stdout),
 *     new AbortController(),
 *     new ProcessRegistry(),
 *   );
 * };
 * ```
 */
export async function runJob(
  job: ResolvedJob,
  plan: JobPlan,
  writer: ProtocolWriter,
  stop: AbortController,
  registry: ProcessRegistry,
): Promise<number> {
  const { rc } = await executeJob(
    job,
    plan,
    {
      status: (data) => writer.message(data),
      event: (event) => writer.message(event),
    },
    stop,
    registry,
    loadBakedAutomation,
  );
  await sendArtifacts(job, writer);
  writer.eof();
  return rc;
}

/**
 * The automation of an automation job, from the baked-in catalog (or the
 * file the plan names): the worker's and the `run` command's. Loaded only
 * for automation jobs: the automations (and their schema library) cost ad
 * hoc jobs nothing; `deno compile` still embeds them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadBakedAutomation } from "./job_runner.ts";
 *
 * const automation = await loadBakedAutomation({
 *   route: "automation", mode: "auto", automation: "main", message: "tachyon: main.yml …",
 * });
 * assert.equal(automation.name, "main");
 * ```
 */
export async function loadBakedAutomation(plan: JobPlan): Promise<Automation> {
  const { loadPlannedAutomation } = await import("./automation_catalog.ts");
  return await loadPlannedAutomation(plan);
}

async function sendArtifacts(job: ResolvedJob, writer: ProtocolWriter): Promise<void> {
  const zipPath = join(job.privateDataDir, `.tachyon-artifacts-${crypto.randomUUID()}.zip`);
  try {
    const size = await zipDirectory(job.artifactDir, zipPath);
    writer.message({ zipfile: size });
    for await (const chunk of base64FileChunks(zipPath)) writer.raw(chunk);
  } finally {
    await Deno.remove(zipPath).catch(() => {});
  }
}
