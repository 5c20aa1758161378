/**
 * env/cmdline parsing: the flags AWX writes, and shlex splitting as Python does it.
 */
import assert from "node:assert/strict";
import { parseCmdline } from "../../src/worker/cmdline.ts";
import { shlexSplit } from "../../src/worker/shlex.ts";
import { run } from "../_support/worker_process.ts";

Deno.test("AWX's ansible-playbook flags are understood", () => {
  const o = parseCmdline(
    `-u root --become --become-method sudo --become-user=admin --ask-pass -K --forks=5 ` +
      `-l 'web:&prod' -vvv -t a,b --skip-tags c --check --diff -e '{"x": 1}' -e y=2 ` +
      `--private-key /k -c ssh -T 30 --vault-id dev@prompt`,
  );
  assert.equal(o.remoteUser, "root");
  assert.equal(o.become, true);
  assert.equal(o.becomeMethod, "sudo");
  assert.equal(o.becomeUser, "admin");
  assert.equal(o.askPass, true);
  assert.equal(o.askBecomePass, true);
  assert.equal(o.forks, 5);
  assert.equal(o.limit, "web:&prod");
  assert.equal(o.verbosity, 3);
  assert.deepEqual(o.tags, ["a", "b"]);
  assert.deepEqual(o.skipTags, ["c"]);
  assert.equal(o.check, true);
  assert.equal(o.diff, true);
  assert.deepEqual(o.extraVars, ['{"x": 1}', "y=2"]);
  assert.equal(o.privateKey, "/k");
  assert.equal(o.connection, "ssh");
  assert.equal(o.timeout, 30);
  assert.equal(o.vault, true);
  assert.deepEqual(o.unknown, []);
});

Deno.test("unknown flags are collected, not fatal", () => {
  const o = parseCmdline("--frobnicate -f 3");
  assert.deepEqual(o.unknown, ["--frobnicate"]);
  assert.equal(o.forks, 3);
});

Deno.test("shlexSplit matches Python's shlex.split", async () => {
  const samples = [
    `-u root --limit 'web:&db' -e "a=1 b=2"`,
    `a\\ b "c\\"d" 'e\\f' g#h #comment`,
    `-e '{"k": "v w"}'   --x=y\t-z`,
    `""  '' x`,
  ];
  const out = await run("/usr/bin/python3", [
    "-c",
    "import json,shlex,sys\nfor l in json.load(sys.stdin): print(json.dumps(shlex.split(l)))",
  ], { stdin: new TextEncoder().encode(JSON.stringify(samples)) });
  const expected = new TextDecoder().decode(out.stdout).trimEnd().split("\n").map((l) =>
    JSON.parse(l)
  );
  samples.forEach((s, i) => assert.deepEqual(shlexSplit(s), expected[i], s));
});
