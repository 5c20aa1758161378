/**
 * The automation API catches an author's mistakes at type-check time: small
 * automations are written to a temp dir and checked with the real
 * `deno check` (the project's config, so `valibot` resolves as in
 * `automation/`). Every line marked `// TSxxxx: text` in the failing fixture
 * must get exactly that diagnostic, no other line any; the passing fixture
 * must get none.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, tempDir } from "../_support/worker_process.ts";
import { deadlineOutput } from "../_support/deadline.ts";

const HEADER = `import * as v from "valibot";
import { defineAutomation, type HostView, type TaskResults } from "${ROOT}/mod.ts";
`;

const PASS = `${HEADER}
const motd = (h: HostView) => \`Welcome to \${h.name}\\n\`;

export const typed = defineAutomation({
  name: "typed",
  vars: { app_port: v.optional(v.number(), 8080), target: v.string(), mode: v.string() },
  async run(ctx) {
    const port: number = ctx.vars.app_port;
    const pattern: string = ctx.vars.target;
    const all: string[] = ctx.inventory.groupHosts("all");
    const hostVars: unknown = ctx.hostVars(all[0] ?? "localhost").ansible_host;
    await ctx.play("p", pattern, async (play) => {
      await play.task("ping");
      await play.task("setup", {}, { name: "Gathering Facts" });
      await play.task("file", { path: "/srv/app", state: "directory", mode: "0755" });
      await play.task("file", (h) => ({ dest: \`/srv/\${h.name}\`, state: "touch", mode: ctx.vars.mode }));
      await play.task("ansible.builtin.copy", { dest: "/etc/motd", content: "hi\\n", force: false });
      await play.task("ansible.legacy.copy", (h) => ({ dest: "/etc/motd", content: motd(h) }));
      await play.task("copy", { src: "files/app.conf", dest: "/etc/app.conf", owner: "root" });
      await play.task("copy", { dest: "/etc/app.json", content: { port, hostVars: String(hostVars) } });
      await play.task("command", "uptime");
      await play.task("command", { argv: ["ls", "-l"], chdir: "/tmp" });
      await play.task("shell", { cmd: "echo $HOME", creates: "/tmp/x" }, { ignoreErrors: true });
      await play.task("lineinfile", { path: "/etc/app.env", regexp: "^PORT=", line: \`PORT=\${port}\` });
      await play.task("blockinfile", { dest: "/etc/motd", block: "managed", create: true });
      await play.task("stat", { path: "/etc/passwd", checksum_algorithm: "sha256" });
      await play.task("slurp", { path: "/etc/hostname" });
      await play.task("assert", { that: [true, (vars) => vars.x === 1], fail_msg: "no" });
      await play.task("wait_for", { port: 8080, timeout: 5 });
      await play.task("debug", { var: "ansible_hostname", verbosity: 1 });
      await play.task("fail", { msg: "stop" }, { when: (h) => h.name === "bad" });
      await play.task("raw", "uptime");
      await play.task("script", { cmd: "scripts/check.sh --quick" });
      await play.task("fetch", { src: "/etc/os-release", dest: "fetched", flat: true });
      const r: TaskResults = await play.shell("systemctl reload sshd", { handler: true });
      ctx.setStats({ changed: r.changedHosts });
    });
  },
});

export const untyped = defineAutomation({
  name: "untyped",
  async run(ctx) {
    const anything: unknown = ctx.vars.whatever;
    ctx.log(String(anything));
  },
});
`;

const FAIL = `${HEADER}
export default defineAutomation({
  name: "fail",
  vars: { app_port: v.optional(v.number(), 8080), target: v.string() },
  async run(ctx) {
    const port: string = ctx.vars.app_port; // TS2322: Type 'number' is not assignable to type 'string'
    ctx.log(String(ctx.vars.app_prot)); // TS2551: Did you mean 'app_port'?
    ctx.inventory.hosts.set("x", { name: "x", vars: {}, groups: [], source: null }); // TS2339: Property 'set' does not exist
    ctx.inventory.groups.get("all")!.hosts.push("x"); // TS2339: Property 'push' does not exist on type 'readonly string[]'
    ctx.hostVars("x").ansible_host = "10.0.0.1"; // TS2542: only permits reading
    await ctx.play("p", ctx.vars.target + port, async (play) => {
      await play.shel("echo hi"); // TS2551: Property 'shel' does not exist on type 'Play'. Did you mean 'shell'?
      await play.task("cpy", { dest: "/x", content: "x" }); // TS2345: '"cpy"' is not assignable to parameter of type 'ModuleName'
      await play.task("copy", { dst: "/x", content: "x" }); // TS2353: 'dst' does not exist
      await play.task("copy", { dest: "/x", content: "x", mode: 640 }); // TS2345: mode: number;
      await play.task("copy"); // TS2554: Expected 2-3 arguments, but got 1.
      await play.task("file", { path: "/x", state: "dir" }); // TS2345: state: "dir";
      await play.task("file", (h) => ({ path: \`/x/\${h.name}\`, mode: 644 })); // TS2345: mode: number;
      await play.task("file", { state: "touch" }); // TS2345: '{ state: "touch"; }'
      await play.task("ansible.builtin.file", { path: "/x", recurse: "yes" }); // TS2345: recurse: string;
      await play.task("copy", { src: "a", content: "b", dest: "c" }); // TS2345: src: string; content: string;
      await play.task("command", { cmd: "ls", argv: ["ls"] }); // TS2345: argv: string[];
      await play.task("assert", "that=x"); // TS2345: Argument of type 'string'
      await play.task("ping", {}, { ignore_errors: true }); // TS2561: Did you mean to write 'ignoreErrors'?
    });
  },
});
`;

/** Runs `deno ARGS` in the repository (killed after 4 minutes: the CPUs are shared). */
async function deno(args: string[]): Promise<{ code: number; text: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const out = await deadlineOutput(child, 240_000);
  const decoder = new TextDecoder();
  return { code: out.code, text: decoder.decode(out.stdout) + decoder.decode(out.stderr) };
}

interface Diagnostic {
  code: string;
  text: string;
  file: string;
  line: number;
}

/** The diagnostics `deno check` printed (NO_COLOR), each at its first `    at` location. */
function diagnostics(output: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  let current: { code: string; text: string } | undefined;
  for (const line of output.split("\n")) {
    const head = /^(TS\d+) \[ERROR\]: (.*)$/.exec(line);
    if (head) {
      current = { code: head[1], text: head[2] };
      continue;
    }
    const at = /^ {4}at (file:\/\/\S+):(\d+):\d+$/.exec(line);
    if (at && current) {
      found.push({ ...current, file: at[1], line: Number(at[2]) });
      current = undefined;
    }
  }
  return found;
}

Deno.test("deno check: typed module calls, declared vars and the read-only inventory", async () => {
  const tmp = await tempDir();
  try {
    const pass = join(tmp.path, "pass.ts");
    const fail = join(tmp.path, "fail.ts");
    await Deno.writeTextFile(pass, PASS);
    await Deno.writeTextFile(fail, FAIL);
    const { code, text } = await deno(["check", "--config", join(ROOT, "deno.json"), pass, fail]);
    assert.notEqual(code, 0, text);
    const found = diagnostics(text);
    assert.deepEqual(found.filter((d) => d.file.endsWith("/pass.ts")), [], text);

    const expected = new Map<number, { code: string; text: string }>();
    FAIL.split("\n").forEach((line, i) => {
      const mark = / \/\/ (TS\d+): (.*)$/.exec(line);
      if (mark) expected.set(i + 1, { code: mark[1], text: mark[2] });
    });
    assert.equal(expected.size, 18);
    const inFail = found.filter((d) => d.file.endsWith("/fail.ts"));
    for (const d of inFail) {
      const want = expected.get(d.line);
      assert.ok(want, `unexpected ${d.code} at line ${d.line}: ${d.text}`);
      assert.equal(d.code, want.code, `line ${d.line}: ${d.text}`);
      assert.ok(d.text.includes(want.text), `line ${d.line}: ${d.text} lacks ${want.text}`);
    }
    assert.deepEqual(
      [...new Set(inFail.map((d) => d.line))].sort((a, b) => a - b),
      [...expected.keys()],
    );
  } finally {
    await tmp.remove();
  }
});

Deno.test("deno task check:automation checks every file under automation/, registered or not", async () => {
  const tasks = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))).tasks;
  assert.equal(tasks["check:automation"], "deno check automation/");
  // `deno task dev` checks main.ts and the automation it loads from disk before it runs.
  assert.match(tasks.dev, /^deno check --quiet main\.ts \$TACHYON_AUTOMATION && deno run /);
  const real = await deno(["task", "check:automation"]);
  assert.equal(real.code, 0, real.text);
  // The same command on a directory holding a file nothing imports: it is checked too.
  const tmp = await tempDir();
  try {
    await Deno.writeTextFile(join(tmp.path, "registered.ts"), `export default 1;\n`);
    await Deno.writeTextFile(join(tmp.path, "stray.ts"), `export const port: number = "8080";\n`);
    const stray = await deno(["check", "--config", join(ROOT, "deno.json"), `${tmp.path}/`]);
    assert.notEqual(stray.code, 0);
    assert.match(stray.text, /TS2322 \[ERROR\][^]*stray\.ts:1:14/);
  } finally {
    await tmp.remove();
  }
});
