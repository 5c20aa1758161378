/**
 * `run`'s Ansible route: a job the planner sends to the EE's Ansible runs
 * exactly as the worker runs it (`src/worker/ansible_route.ts`: the EE's
 * ansible-runner as a worker, else ansible-core the way ansible-runner runs
 * it, else an error status), and its stream goes through the processor
 * (`src/process/processor.ts`) in-process, as `worker | process` would.
 *
 * Why not the EE's `ansible-runner run`: the worker route already knows
 * every case (no ansible-runner, no Ansible at all, cancel and its grace,
 * stray output) and puts the planner's decision first; the stream gives the
 * library its events live, one by one, for `eventHandler`, the sinks and
 * `runner.events`, where `run` would leave them in files to be polled; and
 * the processor writes `job_events/` and the artifacts as the reference's
 * `run` has them. The private data dir is already on disk, so the stream
 * carries the kwargs and no zip.
 *
 * @module
 */
import { dirname } from "node:path";
import { runOnAnsible } from "../worker/ansible_route.ts";
import { ProtocolWriter } from "../worker/protocol_writer.ts";
import { runProcessor } from "../process/processor.ts";
import { eventFileName } from "../process/event_file.ts";
import { pythonJsonDumps } from "../python/json_dumps.ts";
import type { JobPlan } from "../planner/mod.ts";
import type { ProcessRegistry } from "../engine/process_registry.ts";
import { BytePipe } from "./byte_pipe.ts";
import type { PreparedRun } from "./run_prepare.ts";
import type { RunOutput } from "./run_output.ts";
import type { RunState } from "./run_state.ts";

/**
 * Runs `prepared` on the EE's Ansible; resolves to the rc (the worker's exit
 * code: the job's rc, 254 when stopped, 1 when nothing could run it).
 *
 * @example
 * ```ts
 * import { runOnAnsibleRoute } from "./run_ansible.ts";
 * import { prepareRun } from "./run_prepare.ts";
 * import { RunOutput } from "./run_output.ts";
 * import { RunState } from "./run_state.ts";
 * import type { RunnerView } from "./run_options.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * const greet = async (runner: RunnerView) => {
 *   const prepared = prepareRun({ privateDataDir: "/tmp/demo", playbook: "greet.yml" });
 *   const state = new RunState(prepared.artifactDir);
 *   const out = new RunOutput(state, runner, { sinks: [], json: false, onFailure: () => {} });
 *   const plan = { route: "ansible" as const, mode: "auto" as const, message: "tachyon: …" };
 *   return await runOnAnsibleRoute(prepared, plan, out, state, new AbortController().signal, new ProcessRegistry());
 * };
 * ```
 */
export async function runOnAnsibleRoute(
  prepared: PreparedRun,
  plan: JobPlan,
  out: RunOutput,
  state: RunState,
  signal: AbortSignal,
  registry: ProcessRegistry,
): Promise<number> {
  // The reference's run creates the ident dir 0700; the processor would make it 0755 first.
  await Deno.mkdir(dirname(prepared.artifactDir), { recursive: true, mode: 0o755 });
  await Deno.mkdir(prepared.artifactDir, { recursive: true, mode: 0o700 });
  const pipe = new BytePipe();
  const processing = runProcessor({
    source: pipe,
    privateDataDir: prepared.privateDataDir,
    artifactDir: prepared.artifactDir,
    quiet: true,
    print: () => {},
    onStatus: (status) => out.status(status),
    onEvent: (event) => {
      const write = out.event(event);
      if (!write) return false;
      // The processor writes the file as soon as this returns, before any reader resumes.
      const name = eventFileName(event.counter, event.uuid);
      queueMicrotask(() => state.addEventFile(name));
      return true;
    },
  });
  let rc: number;
  try {
    rc = await runOnAnsible({
      privateDataDir: prepared.privateDataDir,
      kwargsLine: pythonJsonDumps({ kwargs: prepared.kwargs }),
      kwargs: { ...prepared.kwargs },
      plan,
      writer: new ProtocolWriter(pipe),
      signal,
      registry,
    });
  } catch (error) {
    pipe.close();
    await processing.catch(() => {});
    throw error;
  }
  pipe.close();
  await processing;
  return rc;
}
