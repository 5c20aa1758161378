/**
 * `transmit` against the real `ansible-runner transmit`, flag set by flag
 * set, on identical copies of one private data dir: the same kwargs line
 * (keys, order, values; a random ident is 32 hex digits in both), the same
 * zip entries (names, modes, times, methods, sizes, CRCs), `{"eof": true}`
 * right after the base64, and the same private data dir afterwards. Known,
 * deliberate differences: files transmit writes (`env/cmdline`, a role's
 * playbook) are 0600 as 2.4 writes them (2.3.1: 0400).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { listTree } from "../_support/files.ts";
import { ANSIBLE_RUNNER, run, runTachyon, tempDir } from "../_support/worker_process.ts";
import type { ZipInfoFields } from "../zip/_zip_info.ts";
import { copyTree, splitTransmitStream, writeSamplePdd } from "./_transmit_pdd.ts";

/** Entries transmit itself writes: their mode is 0600 here, 0400 in 2.3.1. */
const WRITTEN = /^(env\/cmdline|project\/[0-9a-f]{32})$/;
const ROLE_NAME = /[0-9a-f]{32}/g;

interface Side {
  code: number;
  stdout: Uint8Array;
  stderr: string;
  pdd: string;
}

async function both(
  root: string,
  args: (pdd: string) => string[],
  env: Record<string, string> = {},
): Promise<{ ref: Side; ours: Side }> {
  const sides: Record<string, Side> = {};
  for (const name of ["ref", "ours"]) {
    const pdd = join(root, name);
    await copyTree(join(root, "src"), pdd);
    const argv = ["transmit", pdd, ...args(pdd)];
    const out = name === "ref"
      ? await run(ANSIBLE_RUNNER, argv, { env })
      : await runTachyon(argv, { env });
    sides[name] = { ...out, pdd };
  }
  return { ref: sides.ref, ours: sides.ours };
}

function comparable(entry: ZipInfoFields, touched: Set<string>): Record<string, unknown> {
  const { filename, externalAttr, dateTime, ...rest } = entry;
  const name = filename.replace(ROLE_NAME, "<role>");
  const written = WRITTEN.test(filename);
  return {
    name,
    ...rest,
    mode: written ? "(written by transmit)" : (externalAttr >>> 16).toString(8),
    // what transmit writes, and the directory it writes in, get the time of each run
    dateTime: written || touched.has(filename) ? "(now)" : dateTime,
  };
}

function sortedEntries(entries: ZipInfoFields[]): Record<string, unknown>[] {
  const touched = new Set(
    entries.filter((e) => WRITTEN.test(e.filename)).map((e) => e.filename.replace(/[^/]+$/, "")),
  );
  return entries.map((e) => comparable(e, touched)).sort((a, b) =>
    String(a.name).localeCompare(String(b.name))
  );
}

async function assertSameTransmit(
  args: (pdd: string) => string[],
  env: Record<string, string> = {},
): Promise<string> {
  const tmp = await tempDir("tachyon_transmit_kw_");
  try {
    await writeSamplePdd(join(tmp.path, "src"));
    const { ref, ours } = await both(tmp.path, args, env);
    assert.equal(ref.code, 0, ref.stderr);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.stderr, "");
    const r = splitTransmitStream(ref.stdout);
    const o = splitTransmitStream(ours.stdout);
    const normalize = (line: string, pdd: string) =>
      line.replaceAll(pdd, "<pdd>").replace(/"ident": "[0-9a-f]{32}"/, '"ident": "<uuid hex>"')
        .replace(ROLE_NAME, "<role>");
    assert.equal(normalize(o.kwargsLine, ours.pdd), normalize(r.kwargsLine, ref.pdd));
    assert.deepEqual(sortedEntries(o.entries), sortedEntries(r.entries));
    for (const entry of o.entries.filter((e) => WRITTEN.test(e.filename))) {
      assert.equal((entry.externalAttr >>> 16).toString(8), "100600", entry.filename);
    }
    assert.equal(o.tail, '{"eof": true}\n');
    assert.equal(r.tail, '{"eof": true}\n');
    assert.deepEqual(
      (await listTree(ours.pdd)).map((p) => p.replace(ROLE_NAME, "<role>")),
      (await listTree(ref.pdd)).map((p) => p.replace(ROLE_NAME, "<role>")),
      "the pdd afterwards",
    );
    return normalize(o.kwargsLine, ours.pdd);
  } finally {
    await tmp.remove();
  }
}

/** Flag sets whose transmit must match the real one. */
const FLAG_SETS: [string, (pdd: string) => string[]][] = [
  ["a playbook, random ident", () => ["-p", "site.yml"]],
  ["every runner option", () => [
    "-p",
    "site.yml",
    "-i",
    "42",
    "-vvv",
    "-q",
    "-j",
    "--rotate-artifacts",
    "3",
    "--omit-event-data",
    "--only-failed-event-data",
    "--artifact-dir",
    "/tmp/somewhere/artifacts",
    "--project-dir",
    "/tmp/somewhere/project",
    "--limit",
    "web:!db",
    "--forks",
    "5",
    "-b",
    "/usr/bin/ansible-playbook",
  ]],
  ["an ad hoc module", () => ["-m", "ping", "--hosts", "localhost", "-a", "data=x", "-i", "7"]],
  ["an absolute playbook in project/ goes relative", (pdd) => ["-p", `${pdd}/project/site.yml`]],
  ["an absolute inventory in the pdd goes relative", (pdd) => [
    "-p",
    "site.yml",
    "--inventory",
    `${pdd}/inventory/hosts`,
  ]],
  ["--cmdline goes to env/cmdline", () => ["-p", "site.yml", "--cmdline", "-e x=1 --check"]],
  ["--cmdline stays a kwarg with --omit-env-files", () => [
    "-p",
    "site.yml",
    "--cmdline",
    "-e x=1",
    "--omit-env-files",
  ]],
  ["roles path, container options", () => [
    "-p",
    "site.yml",
    "--roles-path",
    "/tmp/roles",
    "--container-image",
    "img:1",
    "--container-volume-mount",
    "/a:/b",
    "--container-volume-mount=/c:/d",
    "--container-option=--net=host",
  ]],
  ["a role, its vars, its hosts", () => [
    "-r",
    "myrole",
    "--role-vars",
    "port=80 name=web flag=True items=[1,'a']",
    "--role-skip-facts",
    "--hosts",
    "web",
    "-i",
    "9",
  ]],
  ["a role with --cmdline", () => ["-r", "myrole", "--cmdline", "-e y=2", "-i", "9"]],
];

for (const [name, args] of FLAG_SETS) {
  Deno.test(`transmit matches ansible-runner transmit: ${name}`, async () => {
    await assertSameTransmit(args);
  });
}

Deno.test("transmit: a role's playbook travels in the zip, as the reference writes it", async () => {
  const tmp = await tempDir("tachyon_transmit_role_");
  try {
    await writeSamplePdd(join(tmp.path, "src"));
    const { ref, ours } = await both(
      tmp.path,
      () => ["-r", "myrole", "--role-vars", "port=80 name=web", "--hosts", "web", "-i", "1"],
    );
    const texts = [ref, ours].map((side) => {
      const parts = splitTransmitStream(side.stdout);
      const playbook = (JSON.parse(parts.kwargsLine).kwargs as { playbook: string }).playbook;
      assert.match(playbook, /^[0-9a-f]{32}$/);
      const entry = parts.entries.find((e) => e.filename === `project/${playbook}`);
      assert.ok(entry, "the generated playbook is in the zip");
      return entry.crc;
    });
    assert.equal(texts[1], texts[0], "same playbook text (same CRC)");
  } finally {
    await tmp.remove();
  }
});

const PERMISSIONS = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)))
  .permissions.default as { env: string[] };
const ENV_DEFAULTS = ["RUNNER_PLAYBOOK", "RUNNER_MODULE", "RUNNER_BINARY", "ANSIBLE_ROLES_PATH"];

Deno.test({
  name: "transmit: RUNNER_PLAYBOOK, RUNNER_MODULE, RUNNER_BINARY, ANSIBLE_ROLES_PATH as defaults",
  ignore: !ENV_DEFAULTS.every((name) => PERMISSIONS.env.includes(name)),
  fn: async () => {
    await assertSameTransmit(() => [], {
      RUNNER_PLAYBOOK: "site.yml",
      RUNNER_BINARY: "/usr/bin/ansible-playbook",
      ANSIBLE_ROLES_PATH: "/tmp/roles",
    });
    await assertSameTransmit(() => ["--hosts", "all"], { RUNNER_MODULE: "ping" });
  },
});

Deno.test("transmit: the reference's refusals, same exit code and message", async () => {
  const cases: [string[], number][] = [
    [["--hosts", "web", "-p", "site.yml"], 1],
    [[], 1],
    [["-p", "site.yml", "-m", "ping"], 2],
    [["-p", "site.yml", "--rotate-artifacts", "x"], 2],
    [["-p", "site.yml", "--bogus"], 2],
  ];
  const tmp = await tempDir("tachyon_transmit_err_");
  try {
    for (const [args, code] of cases) {
      const pdd = join(tmp.path, "pdd");
      const ref = await run(ANSIBLE_RUNNER, ["transmit", pdd, ...args]);
      const ours = await runTachyon(["transmit", pdd, ...args]);
      assert.equal(ref.code, code, `${args.join(" ")}: ${ref.stderr}`);
      assert.equal(ours.code, code, `${args.join(" ")}: ${ours.stderr}`);
      assert.equal(ours.stdout.length, 0);
      const last = (text: string) => text.trim().split("\n").at(-1);
      assert.equal(last(ours.stderr), last(ref.stderr), args.join(" "));
    }
  } finally {
    await tmp.remove();
  }
});

Deno.test("transmit: --inventory must exist (2.4); 2.3.1 wrote the value into inventory/hosts", async () => {
  const tmp = await tempDir("tachyon_transmit_inv_");
  try {
    await writeSamplePdd(join(tmp.path, "src"));
    const { ref, ours } = await both(tmp.path, () => ["-p", "site.yml", "--inventory", "missing"]);
    assert.equal(ours.code, 1);
    assert.equal(ours.stdout.length, 0);
    assert.equal(ours.stderr, "Value for --inventory does not appear to be a valid path.");
    assert.ok(
      (await Deno.readTextFile(join(ours.pdd, "inventory", "hosts"))).startsWith("[local]"),
      "our pdd's inventory is untouched",
    );
    assert.equal(ref.code, 0, "2.3.1 does not check");
    assert.equal(
      await Deno.readTextFile(join(ref.pdd, "inventory", "hosts")),
      "missing",
      "2.3.1 overwrote the inventory with the option's text (the bug 2.4 fixed)",
    );
  } finally {
    await tmp.remove();
  }
});

Deno.test("transmit: --inventory relative to <pdd>/inventory/ is sent relative to the pdd", async () => {
  const tmp = await tempDir("tachyon_transmit_inv2_");
  try {
    await writeSamplePdd(join(tmp.path, "src"));
    const ours = join(tmp.path, "ours");
    await copyTree(join(tmp.path, "src"), ours);
    const out = await runTachyon(["transmit", ours, "-p", "site.yml", "--inventory", "hosts"]);
    assert.equal(out.code, 0, out.stderr);
    const kwargs = JSON.parse(splitTransmitStream(out.stdout).kwargsLine).kwargs;
    assert.equal(kwargs.inventory, "inventory/hosts");
  } finally {
    await tmp.remove();
  }
});

/** The help text with the `-i IDENT` entry on one line (its white space collapsed). */
function unwrapIdentHelp(text: string): string {
  return text.replace(
    /( {2}-i IDENT, --ident IDENT[^]*?)(\n {2}-)/,
    (_, entry: string, next: string) => entry.replace(/\s+/g, " ") + next,
  );
}

Deno.test("transmit -h and process -h: the reference's help, plus tachyon's options", async () => {
  for (const command of ["transmit", "process"]) {
    const ref = await run(ANSIBLE_RUNNER, [command, "-h"], { env: { COLUMNS: "80" } });
    const ours = await runTachyon([command, "-h"]);
    assert.equal(ref.code, 0);
    assert.equal(ours.code, 0);
    // The reference's `-i` default is a fresh uuid4, which argparse may wrap at any of
    // its hyphens: that one entry is compared with its line breaks collapsed.
    const theirs = unwrapIdentHelp(
      new TextDecoder().decode(ref.stdout).replace(
        /\(default=[0-9a-f]{8}(?:-\s*[0-9a-f]{4}){3}-\s*[0-9a-f]{12}\)/,
        "(default=a random uuid4)",
      ),
    );
    const mine = unwrapIdentHelp(new TextDecoder().decode(ours.stdout))
      .replace("                               [--ssh-key SSH_KEY]\n", "")
      .replace(/\ntachyon Options:\n[^]*$/, "")
      .replace("[--logfile LOGFILE] [-q]", "[--logfile LOGFILE]")
      .replace(/ {2}-q, --quiet {11}print no event's stdout [^]*$/, "");
    assert.equal(mine, theirs, command);
  }
});

Deno.test("transmit --ssh-key: the key's text is the job's ssh_key, never written to the pdd", async () => {
  const tmp = await tempDir("tachyon_transmit_sshkey_");
  try {
    const key =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key\n-----END OPENSSH PRIVATE KEY-----\n";
    await Deno.writeTextFile(join(tmp.path, "key"), key, { mode: 0o600 });
    const pdd = join(tmp.path, "pdd");
    await writeSamplePdd(pdd);
    const out = await runTachyon([
      "transmit",
      pdd,
      "-p",
      "site.yml",
      "--ssh-key",
      join(tmp.path, "key"),
    ]);
    assert.equal(out.code, 0, out.stderr);
    const parts = splitTransmitStream(out.stdout);
    assert.equal(JSON.parse(parts.kwargsLine).kwargs.ssh_key, key);
    assert.equal(parts.entries.some((e) => e.filename.includes("ssh_key")), false);
    assert.equal((await listTree(pdd)).some((p) => p.includes("ssh_key")), false);
  } finally {
    await tmp.remove();
  }
});
