import assert from "node:assert/strict";
import { join } from "node:path";
import { runModule, withTemp } from "./_support.ts";
import { startSshd, TEST_USER } from "../../_support/sshd.ts";
import { withDeadline } from "../../_support/deadline.ts";

function randomBytes(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

Deno.test("file modules over ssh, as an unprivileged user", async () => {
  const sshd = await withDeadline(30_000, "startSshd", () => startSshd({ hosts: 1 }));
  try {
    await withTemp(async (dir) => {
      await withDeadline(120_000, "modules over ssh", async () => {
        const [host] = sshd.hosts;
        const hostVars = `ansible_host=${host.address} ansible_port=${host.port} ` +
          `ansible_user=${sshd.user} ansible_ssh_private_key_file=${sshd.keyFile} ` +
          `ansible_host_key_checking=false`;
        await Deno.chmod(dir, 0o755);
        const remote = join(dir, "remote");
        await Deno.mkdir(remote);
        await new Deno.Command("chown", { args: [TEST_USER, remote] }).output();
        const run = (module: string, args: unknown, check = false) =>
          runModule(dir, module, args as Record<string, unknown>, {
            hostVars,
            host: "node",
            check,
          });

        const f = join(remote, "f.txt");
        const c1 = await run("copy", { content: "hello\n", dest: f, mode: "0600" });
        assert.equal(c1.changed, true, JSON.stringify(c1));
        assert.equal(c1.owner, TEST_USER);
        assert.equal(c1.mode, "0600");
        assert.equal((await run("copy", { content: "hello\n", dest: f })).changed, false);

        const big = randomBytes(300_000);
        await Deno.writeFile(join(dir, "big.bin"), big);
        const b1 = await run("copy", { src: "big.bin", dest: join(remote, "big.bin") });
        assert.equal(b1.changed, true, JSON.stringify(b1));
        assert.deepEqual(await Deno.readFile(join(remote, "big.bin")), big);
        assert.equal((await run("copy", { src: "big.bin", dest: `${remote}/` })).changed, false);

        const fetched = await run("fetch", { src: join(remote, "big.bin"), dest: "got" });
        assert.equal(fetched.changed, true);
        assert.deepEqual(await Deno.readFile(String(fetched.dest)), big);
        assert.equal(
          (await run("fetch", { src: join(remote, "big.bin"), dest: "got" })).changed,
          false,
        );

        const slurp = await run("slurp", { src: f });
        assert.equal(slurp.content, btoa("hello\n"));

        const d = await run("file", { path: join(remote, "a/b"), state: "directory" });
        assert.equal(d.changed, true);
        assert.equal(d.owner, TEST_USER);
        const denied = await run("file", { path: join(remote, "a"), owner: "root" });
        assert.equal(denied.failed, true);
        assert.match(String(denied.msg), /^chown failed/);

        const li = await run("lineinfile", { path: f, line: "world", insertafter: "^hello" });
        assert.equal(li.msg, "line added");
        assert.equal(await Deno.readTextFile(f), "hello\nworld\n");
        const bi = await run("blockinfile", { path: f, block: "x" });
        assert.equal(bi.msg, "Block inserted");

        const st = await run("stat", { path: f });
        const stat = st.stat as Record<string, unknown>;
        assert.equal(stat.pw_name, TEST_USER);
        assert.equal(stat.mode, "0600");

        const facts = (await run("setup", "gather_subset=min")).ansible_facts as Record<
          string,
          unknown
        >;
        assert.equal(facts.ansible_user_id, TEST_USER);
        assert.equal(facts.ansible_user_dir, `/home/${TEST_USER}`);

        await Deno.writeTextFile(join(dir, "s.sh"), 'echo "$(id -un) $1"\n');
        const script = await run("script", "s.sh arg");
        assert.equal(script.stdout, `${TEST_USER} arg\n`);
        const wait = await run("wait_for", { path: f, search_regex: "^world$", timeout: 5 });
        assert.equal(wait.failed, undefined, JSON.stringify(wait));
      });
    });
  } finally {
    await sshd.stop();
  }
});
