/**
 * `replace`: Python's `re` meaning for `^`, `$`, `.`, `\A`, `\Z` and
 * replacement templates (the interop test checks them against CPython), its
 * arguments, and the module on real local files: check mode, diff, backup,
 * validate, the section between `after` and `before`, attributes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  parseTemplate,
  pythonGlobalRegExp,
  PythonReError,
  pythonSubn,
} from "../../../src/engine/modules/replace_regexp.ts";
import { parseReplaceArgs } from "../../../src/engine/modules/replace.ts";
import { runModule, withTemp } from "./_support.ts";

const subn = (pattern: string, template: string, text: string, dotall = false) =>
  pythonSubn(pythonGlobalRegExp(pattern, { multiline: !dotall, dotall }), template, text);

Deno.test("Python's line and character semantics", () => {
  assert.deepEqual(subn("^a$", "X", "a\r\na\n"), ["a\r\nX\n", 1]);
  assert.deepEqual(subn("a.b", "X", "a\rb a\nb"), ["X a\nb", 1]);
  assert.deepEqual(subn("a.b", "X", "a\nb", true), ["X", 1]);
  assert.deepEqual(subn("\\Ax|x\\Z", "Y", "x\nx\nx"), ["Y\nx\nY", 2]);
  assert.deepEqual(subn("(?i)^A", "b", "a\nA"), ["b\nb", 2]);
  assert.deepEqual(subn("x*", "-", "abc"), ["-a-b-c-", 4]);
  assert.deepEqual(subn("(?P<k>\\w+)=(?P=k)", "\\g<k>", "a=a b=c"), ["a b=c", 1]);
  assert.deepEqual(subn("[]a]", "!", "]a"), ["!!", 2]);
  assert.deepEqual(subn("(?x) a  b # comment", "!", "ab a b"), ["! a b", 1]);
  const nonMultiline = pythonGlobalRegExp("a$");
  assert.deepEqual(pythonSubn(nonMultiline, "X", "a\na\n"), ["a\nX\n", 1]);
});

Deno.test("replacement templates", () => {
  assert.deepEqual(parseTemplate("\\1\\g<2>\\g<name>"), [{ group: 1 }, { group: 2 }, {
    group: "name",
  }]);
  assert.deepEqual(parseTemplate("\\n\\t\\\\\\0\\101\\.x"), ["\n\t\\\x00A\\.x"]);
  assert.deepEqual(parseTemplate("\\10"), [{ group: 10 }]);
  assert.throws(() => parseTemplate("\\q"), /bad escape \\q at position 0/);
  assert.throws(() => parseTemplate("\\g<a-b>"), PythonReError);
  assert.throws(() => subn("(a)", "\\2", "a"), /invalid group reference 2/);
  assert.throws(() => subn("(a)", "\\g<nope>", "a"), /unknown group name 'nope'/);
  assert.deepEqual(subn("(a)|(b)", "[\\2]", "ab"), ["[][b]", 2]);
});

Deno.test("replace arguments", () => {
  const args = parseReplaceArgs({ dest: "/f", regexp: "x" });
  assert.equal(args.path, "/f");
  assert.equal(args.replace, "");
  assert.equal(
    parseReplaceArgs({ path: "/f", regexp: "x", encoding: "LATIN1" }).encoding,
    "latin-1",
  );
  assert.throws(() => parseReplaceArgs({ path: "/f" }), /missing required arguments: regexp/);
  assert.throws(() => parseReplaceArgs({}), /missing required arguments: path, regexp/);
  assert.throws(
    () => parseReplaceArgs({ path: "/f", regexp: "x", encoding: "utf-16" }),
    /does not support encoding 'utf-16'/,
  );
  assert.throws(() => parseReplaceArgs({ path: "/f", regexp: "(" }), /invalid regular expression/);
  assert.throws(
    () => parseReplaceArgs({ path: "/f", regexp: "x", attributes: "+i" }),
    /Unsupported parameters for \(replace\) module: attributes/,
  );
});

Deno.test("replace on local files: check mode, diff, backup, validate, sections", async () => {
  await withTemp(async (dir) => {
    const f = join(dir, "app.conf");
    await Deno.writeTextFile(f, "[a]\nport=1\n[b]\nport=2\n");
    const checked = await runModule(dir, "replace", {
      path: f,
      regexp: "^port=\\d",
      replace: "port=9",
    }, {
      check: true,
      diff: true,
    });
    assert.deepEqual(checked, {
      rc: 0,
      msg: "2 replacements made",
      changed: true,
      diff: {
        before_header: f,
        before: "[a]\nport=1\n[b]\nport=2\n",
        after_header: f,
        after: "[a]\nport=9\n[b]\nport=9\n",
      },
    });
    assert.equal(await Deno.readTextFile(f), "[a]\nport=1\n[b]\nport=2\n");

    const section = await runModule(dir, "replace", {
      path: f,
      regexp: "^port=\\d",
      replace: "port=7",
      after: "\\[b\\]",
      backup: true,
    });
    assert.equal(section.changed, true);
    assert.equal(section.msg, "1 replacements made");
    assert.equal(await Deno.readTextFile(f), "[a]\nport=1\n[b]\nport=7\n");
    assert.equal(
      await Deno.readTextFile(String(section.backup_file)),
      "[a]\nport=1\n[b]\nport=2\n",
    );

    const again = await runModule(dir, "replace", {
      path: f,
      regexp: "^port=\\d",
      replace: "port=7",
      after: "\\[b\\]",
    });
    assert.deepEqual(again, { rc: 0, msg: "", changed: false });

    const refused = await runModule(dir, "replace", {
      path: f,
      regexp: "7",
      replace: "8",
      validate: "grep -q 9 %s",
    });
    assert.equal(refused.failed, true);
    assert.equal(refused.msg, "failed to validate: rc:1 error:");
    assert.equal(await Deno.readTextFile(f), "[a]\nport=1\n[b]\nport=7\n");
    assert.deepEqual([...Deno.readDirSync(dir)].filter((e) => e.name.includes("tachyon")), []);

    const mode = await runModule(dir, "replace", { path: f, regexp: "nomatch", mode: "0600" });
    assert.deepEqual(mode, {
      rc: 0,
      msg: "ownership, perms or SE linux context changed",
      changed: true,
    });
    assert.equal((await Deno.stat(f)).mode! & 0o777, 0o600);

    const missing = await runModule(dir, "replace", { path: join(dir, "nope"), regexp: "x" });
    assert.deepEqual(missing, {
      changed: false,
      failed: true,
      rc: 257,
      msg: `Path ${join(dir, "nope")} does not exist !`,
    });
    const nowhere = await runModule(dir, "replace", { path: f, regexp: "x", after: "zzz" });
    assert.equal(
      nowhere.msg,
      "Pattern for before/after params did not match the given file: zzz(?P<subsection>.*)",
    );
  });
});
