/**
 * Test driver: `ansible-runner worker` reduced to the ansible-core path.
 * Reads a transmit stream on stdin, extracts it into `--private-data-dir`
 * (the house's reader), runs {@linkcode runWithAnsibleCore} with a
 * `ProtocolWriter` on stdout, and exits with its code. SIGTERM and SIGINT
 * kill the job's process groups and cancel it, as the worker does.
 * `TACHYON_FIRST_EVENT` is the planner's line, when set.
 *
 * Run it with the binary's permissions plus the Python that runs the
 * terminal relay (see `DRIVER_PERMISSIONS` in `_support.ts`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runWithAnsibleCore } from "../../../src/ansible/core/mod.ts";
import { ProcessRegistry } from "../../../src/engine/process_registry.ts";
import { ProtocolWriter } from "../../../src/worker/protocol_writer.ts";
import { readTransmitStream } from "../../../src/worker/transmit_reader.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { "private-data-dir": { type: "string" } },
});
const pdd = values["private-data-dir"]!;
const registry = new ProcessRegistry();
const stop = new AbortController();
const onSignal = () => {
  registry.killAll();
  if (!stop.signal.aborted) stop.abort({ status: "canceled" });
};
for (const signal of ["SIGTERM", "SIGINT"] as const) Deno.addSignalListener(signal, onSignal);

await Deno.mkdir(pdd, { recursive: true, mode: 0o700 });
const input = await readTransmitStream(Deno.stdin, pdd);
const code = await runWithAnsibleCore({
  privateDataDir: pdd,
  kwargs: input.kwargs ?? {},
  programs: {
    ansiblePlaybook: "/usr/bin/ansible-playbook",
    ansible: "/usr/bin/ansible",
    ansibleInventory: "/usr/bin/ansible-inventory",
    python: "/usr/bin/python3",
  },
  sink: new ProtocolWriter(Deno.stdout),
  signal: stop.signal,
  registry,
  firstEvent: Deno.env.get("TACHYON_FIRST_EVENT") || undefined,
});
registry.killAll();
Deno.exit(code);
