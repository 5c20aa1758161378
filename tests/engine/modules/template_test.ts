/**
 * `template` on the local connection: arguments and Ansible's messages,
 * where `src` is found, the template variables, rendering with the host's
 * variables, idempotence, check mode, diff, `mode: preserve`, a dir as
 * `dest`, `validate`, and errors reported as Ansible's action reports them.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseTemplateArgs } from "../../../src/engine/modules/template_args.ts";
import { ModuleArgsError } from "../../../src/engine/modules/module.ts";
import { runModule, withTemp } from "./_support.ts";

Deno.test("template arguments: defaults, aliases of newline_sequence, Ansible's messages", () => {
  const a = parseTemplateArgs({ src: "a.j2", dest: "/tmp/a" });
  assert.equal(a.trimBlocks, true);
  assert.equal(a.lstripBlocks, false);
  assert.equal(a.newlineSequence, "\n");
  assert.equal(a.force, true);
  assert.equal(
    parseTemplateArgs("src=a.j2 dest=/tmp/a newline_sequence=\\r\\n").newlineSequence,
    "\r\n",
  );
  assert.equal(parseTemplateArgs({ src: "a", dest: "b", mode: "preserve" }).mode, "preserve");
  const fails = (input: Record<string, unknown>, message: string | RegExp) =>
    assert.throws(() => parseTemplateArgs(input), (e: unknown) => {
      assert.ok(e instanceof ModuleArgsError);
      if (typeof message === "string") assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    });
  fails({ src: "a" }, "src and dest are required");
  fails({ src: "a", dest: "b", state: "present" }, "'state' cannot be specified on a template");
  fails(
    { src: "a", dest: "b", newline_sequence: "x" },
    "newline_sequence needs to be one of: \n, \r or \r\n",
  );
  fails({ src: "a", dest: "b", validate: "true" }, "validate must contain %s: true");
  fails(
    { src: "a", dest: "b", output_encoding: "latin-1" },
    /output_encoding=latin-1 is not supported/,
  );
  fails({ src: "a", dest: "b", follow: true }, /follow=true is not supported/);
  fails({ src: "a", dest: "b", nope: 1 }, /^Unsupported parameters for \(template\) module: nope/);
  fails({ src: "a", dest: "b", trim_blocks: "maybe" }, /unable to convert to bool/);
});

Deno.test("template renders the host's variables into dest: changed once, then not", async () => {
  await withTemp(async (dir) => {
    await Deno.mkdir(join(dir, "templates"));
    await Deno.writeTextFile(
      join(dir, "templates", "app.conf.j2"),
      "# {{ ansible_managed }}\nhost={{ inventory_hostname }}\nport={{ port }}\n" +
        "{% for u in users %}\nuser={{ u }}\n{% endfor %}\n" +
        "src={{ template_path }} dest={{ template_destpath }} full={{ template_fullpath }}\n",
    );
    const dest = join(dir, "app.conf");
    const args = { src: "app.conf.j2", dest, mode: "0640" };
    const extraVars = { port: 8080, users: ["a", "b"] };
    const first = await runModule(dir, "template", args, { extraVars, diff: true });
    assert.equal(first.changed, true, JSON.stringify(first));
    assert.equal(first.mode, "0640");
    assert.equal(first.src, join(dir, "templates", "app.conf.j2"));
    const diff = (first.diff as Record<string, unknown>[])[0];
    assert.equal(diff.before, "");
    assert.equal(diff.after_header, join(dir, "templates", "app.conf.j2"));
    const text = await Deno.readTextFile(dest);
    assert.equal(
      text,
      "# Ansible managed\nhost=localhost\nport=8080\nuser=a\nuser=b\n" +
        `src=app.conf.j2 dest=${dest} full=${join(dir, "templates", "app.conf.j2")}\n`,
    );
    assert.equal(first.checksum, await sha1(text));
    const again = await runModule(dir, "template", args, { extraVars });
    assert.equal(again.changed, false, JSON.stringify(again));
    // Check mode predicts a change and changes nothing.
    const checked = await runModule(dir, "template", args, {
      extraVars: { ...extraVars, port: 9090 },
      check: true,
      diff: true,
    });
    assert.equal(checked.changed, true);
    assert.match(String((checked.diff as Record<string, unknown>[])[0].after), /port=9090/);
    assert.equal(await Deno.readTextFile(dest), text);
  });
});

Deno.test("template: src not found, undefined variables and filter errors fail as Ansible words them", async () => {
  await withTemp(async (dir) => {
    const missing = await runModule(dir, "template", { src: "nope.j2", dest: join(dir, "x") });
    assert.equal(missing.failed, true);
    assert.equal(
      missing.msg,
      `Could not find or access 'nope.j2'\nSearched in:\n\t${dir}/templates/nope.j2\n\t${dir}/nope.j2 ` +
        "on the Ansible Controller.\nIf you are using a module and expect the file to exist on the " +
        "remote, see the remote_src option",
    );
    await Deno.writeTextFile(join(dir, "u.j2"), "a={{ undefined_thing }}\n");
    const undef = await runModule(dir, "template", { src: "u.j2", dest: join(dir, "x") });
    assert.equal(undef.failed, true);
    assert.match(String(undef.msg), /^AnsibleUndefinedVariable: 'undefined_thing' is undefined/);
    await Deno.writeTextFile(join(dir, "f.j2"), "{{ {} | items2dict }}\n");
    const filter = await runModule(dir, "template", { src: "f.j2", dest: join(dir, "x") });
    assert.match(String(filter.msg), /^AnsibleFilterTypeError: items2dict requires a list/);
    await assert.rejects(Deno.stat(join(dir, "x")));
  });
});

Deno.test("template: mode preserve, a dir as dest, includes next to the template, validate", async () => {
  await withTemp(async (dir) => {
    await Deno.mkdir(join(dir, "templates"));
    await Deno.writeTextFile(join(dir, "templates", "main.j2"), "{% include 'part.j2' %}end\n");
    await Deno.writeTextFile(join(dir, "templates", "part.j2"), "part {{ 1 + 1 }}\n");
    await Deno.chmod(join(dir, "templates", "main.j2"), 0o600);
    await Deno.mkdir(join(dir, "out"));
    const r = await runModule(dir, "template", {
      src: "main.j2",
      dest: join(dir, "out"),
      mode: "preserve",
    });
    assert.equal(r.changed, true, JSON.stringify(r));
    // As in Jinja2, an included template loses its final newline.
    assert.equal(await Deno.readTextFile(join(dir, "out", "main.j2")), "part 2end\n");
    assert.equal((await Deno.stat(join(dir, "out", "main.j2"))).mode! & 0o777, 0o600);
    const bad = await runModule(dir, "template", {
      src: "main.j2",
      dest: join(dir, "validated"),
      validate: "grep -q nothing-like-this %s",
    });
    assert.equal(bad.failed, true);
    assert.equal(bad.msg, "failed to validate");
    assert.equal(bad.exit_status, 1);
    await assert.rejects(Deno.stat(join(dir, "validated")));
    const good = await runModule(dir, "template", {
      src: "main.j2",
      dest: join(dir, "validated"),
      validate: "grep -q part %s",
    });
    assert.equal(good.changed, true, JSON.stringify(good));
  });
});

async function sha1(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
