/**
 * The Ansible path, inventory updates (issue 10): AWX sends an inventory
 * update as a private data dir with a top-level `args` file (`ansible-inventory
 * --list --export -i … --output <pdd>/artifacts/<ident>/output.json
 * --playbook-dir …`) and no playbook; ansible-runner 2.3.1 also runs the
 * `binary` kwarg (`binary` + `cmdline`, the pdd's `inventory/` as `-i`), and
 * lets it win over a playbook. tachyon hands each of these to the EE's own
 * ansible-runner: real `process` extracts the same `output.json` and the same
 * status from tachyon's stream as from real `ansible-runner worker`'s, and
 * tachyon's only addition is its planner event after `running`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { tempDir, transmit } from "../_support/worker_process.ts";
import { apiTransmit } from "../_support/api_transmit.ts";
import {
  ANSIBLE_PROJECTS,
  copyTree,
  type ProcessedJob,
  processJob,
  runWorkerWithin,
  splitPlannerEvent,
  statuses,
  type WorkerRun,
} from "../_support/ansible_path.ts";

/** An inventory update on a loaded machine (the reference takes about 2 s). */
const JOB_DEADLINE_MS = 90_000;

/** A worker's run, what real `process` made of it, and the output.json it extracted. */
interface InventoryOutcome {
  run: WorkerRun;
  processed: ProcessedJob;
  output: string;
}

async function processInventoryJob(
  run: WorkerRun,
  dir: string,
  ident: string,
): Promise<InventoryOutcome> {
  const processed = await processJob(run.stdout, dir, ident);
  const output = await Deno.readTextFile(join(processed.artifacts, "output.json"))
    .catch((error) => `(no output.json: ${error})`);
  return { run, processed, output };
}

/** The reference's outcome must be a successful update whose output.json lists the source's groups. */
function assertReferenceUpdate(reference: InventoryOutcome): void {
  const text = new TextDecoder().decode(reference.run.stdout);
  assert.deepEqual(statuses(reference.run.messages), ["starting", "running", "successful"], text);
  assert.equal(reference.processed.status, "successful");
  const inventory = JSON.parse(reference.output);
  assert.deepEqual(inventory.web.hosts, ["web01.example.com", "web02.example.com"]);
  assert.deepEqual(inventory.web.vars, { max_clients: 200, tier: "frontend" });
  assert.deepEqual(inventory.db.hosts, ["db01.example.com", "db02.example.com"]);
  assert.deepEqual(inventory._meta.hostvars["db01.example.com"], { replica: false });
}

/** tachyon's outcome is the reference's, after its planner event. */
function assertSameUpdate(ours: InventoryOutcome, reference: InventoryOutcome): void {
  const text = new TextDecoder().decode(ours.run.stdout);
  assert.equal(ours.run.stderr, "", `tachyon wrote on stderr: ${ours.run.stderr}`);
  const messages = splitPlannerEvent(ours.run.messages, /ansible/i).messages;
  assert.deepEqual(statuses(messages), statuses(reference.run.messages), text);
  assert.equal(ours.run.code, reference.run.code, "the worker's exit code");
  assert.equal(ours.processed.status, reference.processed.status);
  assert.equal(ours.processed.rc, reference.processed.rc);
  assert.equal(ours.output, reference.output, "the same output.json");
  assert.deepEqual(ours.processed.files, reference.processed.files, "the same artifacts");
  assert.deepEqual(messages.at(-1), { eof: true });
}

Deno.test("Ansible path: an AWX inventory update (args file) returns the reference's output.json", async () => {
  const tmp = await tempDir();
  try {
    const ident = 5201;
    // The args file names the worker's pdd: both workers run in the same one, in turn.
    const pdd = join(tmp.path, "runner");
    const src = join(tmp.path, "src");
    await copyTree(join(ANSIBLE_PROJECTS, "inventory_source"), join(src, "project"));
    const args = [
      "ansible-inventory",
      "--list",
      "--export",
      "-i",
      `${pdd}/project/prod.yml`,
      "--output",
      `${pdd}/artifacts/${ident}/output.json`,
      "--playbook-dir",
      `${pdd}/project`,
    ];
    await Deno.writeTextFile(join(src, "args"), args.join(" "));
    // As AWX's RunInventoryUpdate calls the transmitter: no playbook, no inventory kwarg.
    const stream = await apiTransmit(src, {
      ident,
      envvars: { INVENTORY_UPDATE_ID: String(ident), ANSIBLE_INVENTORY_UNPARSED_FAILED: "1" },
      suppress_env_files: true,
      settings: { job_timeout: 0, suppress_ansible_output: true, suppress_output_file: false },
      fact_cache_type: "",
    });
    const ref = await runWorkerWithin("ansible-runner", pdd, stream, JOB_DEADLINE_MS);
    const reference = await processInventoryJob(ref, join(tmp.path, "p-ref"), String(ident));
    assertReferenceUpdate(reference);
    assert.deepEqual(
      (ref.messages[0].command as string[]).slice(0, 3),
      ["ansible-inventory", "--list", "--export"],
      "the reference ran the args file",
    );

    await Deno.remove(pdd, { recursive: true });
    const run = await runWorkerWithin("tachyon", pdd, stream, JOB_DEADLINE_MS);
    const ours = await processInventoryJob(run, join(tmp.path, "p-ours"), String(ident));
    assertSameUpdate(ours, reference);
  } finally {
    await tmp.remove();
  }
});

Deno.test("Ansible path: the binary kwarg (ansible-inventory), like the reference", async (t) => {
  /** Runs both workers on the stream `makeStream` makes from a pdd whose `inventory/` is the source. */
  const both = async (ident: number, makeStream: (src: string) => Promise<Uint8Array>) => {
    const tmp = await tempDir();
    try {
      const src = join(tmp.path, "src");
      await copyTree(join(ANSIBLE_PROJECTS, "inventory_source"), join(src, "inventory"));
      const stream = await makeStream(src);
      const [ours, ref] = await Promise.all([
        runWorkerWithin("tachyon", join(tmp.path, "w-ours"), stream, JOB_DEADLINE_MS),
        runWorkerWithin("ansible-runner", join(tmp.path, "w-ref"), stream, JOB_DEADLINE_MS),
      ]);
      return {
        ours: await processInventoryJob(ours, join(tmp.path, "p-ours"), String(ident)),
        reference: await processInventoryJob(ref, join(tmp.path, "p-ref"), String(ident)),
      };
    } finally {
      await tmp.remove();
    }
  };

  await t.step("binary and cmdline kwargs, no playbook (Python API)", async () => {
    const ident = 5202;
    const { ours, reference } = await both(ident, (src) =>
      apiTransmit(src, {
        ident,
        binary: "ansible-inventory",
        // A relative --output: the command runs in the pdd (it has no project/).
        cmdline: `--list --export --output artifacts/${ident}/output.json`,
        suppress_env_files: true,
      }));
    assertReferenceUpdate(reference);
    assertSameUpdate(ours, reference);
  });

  await t.step("binary wins over a playbook that names an automation (CLI transmit)", async () => {
    const ident = 5203;
    const { ours, reference } = await both(ident, (src) =>
      transmit(src, [
        "-p",
        "main.yml",
        "-b",
        "ansible-inventory",
        "--cmdline",
        `--list --export --output artifacts/${ident}/output.json`,
        "-i",
        String(ident),
      ]));
    // The reference runs the binary and never looks at the playbook.
    assertReferenceUpdate(reference);
    assertSameUpdate(ours, reference);
  });
});
