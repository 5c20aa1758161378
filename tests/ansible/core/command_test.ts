/**
 * The command ansible-runner 2.3's RunnerConfig builds, for the inputs the
 * interop tests do not reach (extra vars, verbosity, tags, forks, limit).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ansibleCommand,
  CommandError,
  readCommandInputs,
} from "../../../src/ansible/core/command.ts";

Deno.test("a playbook command: cmdline first, then inventory, limit, extra vars, -v, tags, forks", () => {
  const command = ansibleCommand({
    playbook: "site.yml",
    cmdlineText: "-u deploy --become",
    inventory: ["/r/inventory", "/r/more"],
    limit: "web",
    extravarsFile: "/r/env/extravars",
    extraVars: { a: "x", b: { n: [1, "é"] } },
    verbosity: 3,
    tags: "t1,t2",
    skipTags: "t3",
    forks: "10",
  });
  assert.equal(command.kind, "playbook");
  assert.deepEqual(command.argv, [
    "ansible-playbook",
    "-u",
    "deploy",
    "--become",
    "-i",
    "/r/inventory",
    "-i",
    "/r/more",
    "--limit",
    "web",
    "-e",
    "@/r/env/extravars",
    "-e",
    '{"a":"x","b":{"n": [1, "\\u00e9"]}}',
    "-vvv",
    "--tags",
    "t1,t2",
    "--skip-tags",
    "t3",
    "--forks",
    "10",
    "site.yml",
  ]);
});

Deno.test("ad hoc, binary and args commands; ansible-runner's configuration errors", () => {
  assert.deepEqual(ansibleCommand({ module: "ping", inventory: [] }).argv, [
    "ansible",
    "-m",
    "ping",
  ]);
  assert.deepEqual(
    ansibleCommand({ module: "shell", moduleArgs: "", hostPattern: "all", inventory: [] }).argv,
    ["ansible", "-m", "shell", "-a", "", "all"],
  );
  const binary = ansibleCommand({
    binary: "ansible-inventory",
    cmdlineText: "--list",
    inventory: ["/r/i"],
  });
  assert.deepEqual([binary.kind, binary.argv], ["raw", [
    "ansible-inventory",
    "--list",
    "-i",
    "/r/i",
  ]]);
  const args = ansibleCommand({
    argsText: "echo 'a b'",
    playbook: "ignored.yml",
    inventory: ["/r/i"],
  });
  assert.deepEqual([args.kind, args.argv], ["raw", ["echo", "a b"]]);
  assert.throws(() => ansibleCommand({ inventory: [] }), CommandError);
  assert.throws(
    () => ansibleCommand({ module: "ping", playbook: "x.yml", inventory: [] }),
    CommandError,
  );
  assert.throws(() => ansibleCommand({ argsText: "unclosed 'quote", inventory: [] }), CommandError);
});

Deno.test("inputs from kwargs and the pdd: rebased inventory, env/cmdline, files that exist", async () => {
  const pdd = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(pdd, "env"));
    await Deno.writeTextFile(join(pdd, "env", "cmdline"), "--diff");
    await Deno.writeTextFile(join(pdd, "env", "extravars"), "a: 1");
    await Deno.writeTextFile(join(pdd, "vars.yml"), "b: 2");
    const inputs = await readCommandInputs(pdd, {
      playbook: "site.yml",
      inventory: "hosts.ini",
      extravars: "vars.yml",
      module: null,
      host_pattern: null,
    });
    assert.deepEqual(inputs.inventory, [join(pdd, "hosts.ini")]);
    assert.equal(inputs.cmdlineText, "--diff");
    assert.equal(inputs.extravarsFile, join(pdd, "env", "extravars"));
    assert.equal(inputs.extraVars, join(pdd, "vars.yml"));
    assert.equal(inputs.module, undefined);
    assert.equal(inputs.argsText, undefined);
    const withKwarg = await readCommandInputs(pdd, { cmdline: "-C", inventory: [] });
    assert.equal(withKwarg.cmdlineText, "-C");
    assert.deepEqual(withKwarg.inventory, []);
  } finally {
    await Deno.remove(pdd, { recursive: true });
  }
});
