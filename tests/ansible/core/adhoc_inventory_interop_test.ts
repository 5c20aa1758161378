/**
 * Ad hoc commands and AWX-shaped inventory updates (a top-level `args` file,
 * and the `binary` kwarg) through the ansible-core path against the real
 * `ansible-runner worker` on the same transmit stream: the same status
 * lines, exit code, command, events and stdout text, and for inventory
 * updates the same `output.json` in the artifacts.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withTempDir } from "../../_support/files.ts";
import { apiTransmit } from "../../_support/api_transmit.ts";
import {
  eventPlaces,
  eventSequence,
  eventShapes,
  runWorker,
  statuses,
  stdoutText,
  transmitJob,
  type WorkerRun,
} from "./_support.ts";

const INVENTORY = `[web]
web1 http_port=80
web2 http_port=8080
[db]
db1
[all:vars]
ansible_connection=local
ansible_python_interpreter=/usr/bin/python3
`;

function assertSameRun(ours: WorkerRun, reference: WorkerRun): void {
  assert.equal(ours.stderr, "");
  assert.deepEqual(statuses(ours), statuses(reference));
  assert.equal(ours.code, reference.code);
  assert.deepEqual(ours.messages.at(-1), { eof: true });
  assert.deepEqual(ours.messages[0].command, reference.messages[0].command);
  assert.deepEqual(ours.messages[0].cwd, reference.messages[0].cwd);
  assert.deepEqual(eventSequence(ours), eventSequence(reference));
  assert.deepEqual(eventShapes(ours), eventShapes(reference));
  assert.deepEqual(eventPlaces(ours), eventPlaces(reference));
  assert.equal(stdoutText(ours), stdoutText(reference));
}

/** Writes `files` (with `@PDD@` for the worker's pdd) into `<root>/source`. */
async function writeSource(root: string, files: Record<string, string>): Promise<string> {
  const source = join(root, "source");
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(source, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(source, path), text.replaceAll("@PDD@", join(root, "pdd")));
  }
  return source;
}

Deno.test("an ad hoc module: the stream ansible-runner's worker sends", async () => {
  await withTempDir("tachyon_core_adhoc_", async (root) => {
    const stream = await transmitJob(
      root,
      { "inventory/hosts": "web1 ansible_connection=local\n" },
      ["-m", "shell", "-a", "echo hi; echo there >&2", "--hosts", "all", "-i", "5"],
    );
    const reference = await runWorker("ansible-runner", root, stream);
    const ours = await runWorker("tachyon", root, stream);
    assertSameRun(ours, reference);
    assert.deepEqual(eventSequence(ours), [
      "playbook_on_start",
      "runner_on_start | web1 | shell",
      "runner_on_ok | web1 | shell",
      "playbook_on_stats",
    ]);
  });
});

Deno.test("an AWX inventory update (args file): the same output.json as ansible-runner", async () => {
  await withTempDir("tachyon_core_inventory_", async (root) => {
    const source = await writeSource(root, {
      "inventory/hosts": INVENTORY,
      "args": "ansible-inventory --list --export -i @PDD@/inventory/hosts " +
        "--output @PDD@/artifacts/9/output.json --playbook-dir @PDD@/inventory -vvvv",
    });
    const stream = await apiTransmit(source, { ident: 9 });
    const reference = await runWorker("ansible-runner", root, stream);
    const ours = await runWorker("tachyon", root, stream);
    assertSameRun(ours, reference);
    assert.equal(ours.code, 0);
    const output = await Deno.readTextFile(join(ours.artifacts, "output.json"));
    assert.equal(output, await Deno.readTextFile(join(reference.artifacts, "output.json")));
    assert.deepEqual(JSON.parse(output)._meta.hostvars.web2, { http_port: 8080 });
  });
});

Deno.test("an inventory update through the binary kwarg: the same output.json as ansible-runner", async () => {
  await withTempDir("tachyon_core_binary_", async (root) => {
    const source = await writeSource(root, { "inventory/hosts": INVENTORY });
    const stream = await apiTransmit(source, {
      ident: 11,
      binary: "ansible-inventory",
      cmdline: `--list --export --output ${join(root, "pdd", "artifacts", "11", "output.json")}`,
    });
    const reference = await runWorker("ansible-runner", root, stream);
    const ours = await runWorker("tachyon", root, stream);
    assertSameRun(ours, reference);
    assert.equal(ours.code, 0);
    assert.equal(
      await Deno.readTextFile(join(ours.artifacts, "output.json")),
      await Deno.readTextFile(join(reference.artifacts, "output.json")),
    );
  });
});

Deno.test("a program that is not there: failed, 127, ansible-runner's message", async () => {
  await withTempDir("tachyon_core_missing_", async (root) => {
    const source = await writeSource(root, { "args": "no-such-program-tachyon --list" });
    const stream = await apiTransmit(source, { ident: 12 });
    const reference = await runWorker("ansible-runner", root, stream);
    const ours = await runWorker("tachyon", root, stream);
    assertSameRun(ours, reference);
    assert.equal(ours.code, 127);
    assert.equal(
      stdoutText(ours),
      "The command was not found or was not executable: no-such-program-tachyon.",
    );
  });
});

Deno.test("a vault password asked on the terminal is answered from passwords, as ansible-runner does", async () => {
  await withTempDir("tachyon_core_vault_", async (root) => {
    const password = `tachyon-${crypto.randomUUID()}`;
    const passwordFile = join(root, "vault-pass");
    await Deno.writeTextFile(passwordFile, password);
    const encrypted = await new Deno.Command("/usr/bin/ansible-vault", {
      args: ["encrypt_string", "--vault-password-file", passwordFile, "the-secret-value"],
      stdout: "piped",
      stderr: "null",
    }).output();
    await Deno.remove(passwordFile);
    const vaulted = new TextDecoder().decode(encrypted.stdout).trim().split("\n")
      .map((l, i) => i === 0 ? l : `      ${l}`).join("\n");
    const playbook = `- hosts: all
  gather_facts: false
  vars:
    secret_word: ${vaulted}
  tasks:
    - name: show length
      debug:
        msg: "{{ secret_word | length }}"
`;
    const stream = await transmitJob(root, {
      "inventory/hosts": "web1 ansible_connection=local\n",
      "project/vault.yml": playbook,
      "env/passwords": JSON.stringify({ "Vault password:\\s*?$": password }),
      "env/cmdline": "--ask-vault-pass",
    }, ["-p", "vault.yml", "-i", "3"]);
    const reference = await runWorker("ansible-runner", root, stream);
    const ours = await runWorker("tachyon", root, stream);
    assertSameRun(ours, reference);
    assert.equal(ours.code, 0);
    assert.match(stdoutText(ours), /"msg": "16"/);
    assert.ok(!new TextDecoder().decode(ours.stdout).includes(password));
  });
});
