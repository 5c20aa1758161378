/**
 * The Ansible path: jobs tachyon does not run itself go to the EE's own
 * ansible-runner, whose stream tachyon relays; in an image with ansible-core
 * alone, tachyon runs `ansible-playbook`, `ansible` or the `args` command the
 * way ansible-runner does (`core/`).
 *
 * @example
 * ```ts
 * import { runWithAnsibleRunner } from "./mod.ts";
 *
 * console.assert(typeof runWithAnsibleRunner === "function");
 * ```
 *
 * @module
 */
export {
  type RunnerWorkerJob,
  type RunnerWorkerResult,
  runWithAnsibleRunner,
  type WorkerSink,
} from "./runner_worker.ts";
export { startAnsibleRunner, type StartedRunner } from "./runner_start.ts";
export { type RelayOutcome, type RelaySink, relayWorkerStream } from "./relay.ts";
export { descendantPids, killPids } from "./process_tree.ts";
export { findAnsiblePrograms, type FoundPrograms } from "./programs.ts";
export { type AnsibleCoreJob, type AnsiblePrograms, runWithAnsibleCore } from "./core/mod.ts";
