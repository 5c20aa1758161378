/**
 * `authorized_key`'s text side, by ansible.posix's rules: key lines and
 * options parsed, the file rewritten (`options type key comment`, a
 * trailing space when there is no comment, other lines kept), keys added,
 * replaced, removed, `exclusive`; and its arguments.
 */
import assert from "node:assert/strict";
import {
  editKeys,
  parseKeyFile,
  parseKeyLine,
  parseKeyOptions,
  serializeKeys,
} from "../../../src/engine/modules/authorized_key_keys.ts";
import { parseAuthorizedKeyArgs } from "../../../src/engine/modules/authorized_key.ts";

const A = "ssh-ed25519 AAAAA a@x";
const B = "ssh-rsa BBBBB b@x";

Deno.test("key options and key lines", () => {
  assert.deepEqual(parseKeyOptions(undefined), []);
  assert.deepEqual(parseKeyOptions(`command="a,b c",no-pty,from='x,y',tunnel="0"`), [
    ["command", '"a,b c"'],
    ["no-pty", null],
    ["from", "'x,y'"],
    ["tunnel", '"0"'],
  ]);
  assert.deepEqual(parseKeyLine(`no-pty,command="echo hi" ssh-rsa KEY c1 c2\n`, 3), {
    id: "KEY",
    type: "ssh-rsa",
    options: [["no-pty", null], ["command", '"echo hi"']],
    comment: "c1 c2",
    rank: 3,
  });
  assert.equal(parseKeyLine("# ssh-rsa KEY", 0)?.type, "skipped");
  assert.equal(parseKeyLine("#ssh-rsa KEY", 0), undefined);
  assert.equal(parseKeyLine("ssh-rsa", 0), undefined);
  assert.equal(parseKeyLine("garbage", 0), undefined);
});

Deno.test("the file rewritten: key lines normalised, other lines kept", () => {
  const text = "# header\nssh-rsa  BBBBB   b@x\ngarbage line\nssh-ed25519 AAAAA\n";
  assert.equal(
    serializeKeys(parseKeyFile(text)),
    "# header\nssh-rsa BBBBB b@x\ngarbage line\nssh-ed25519 AAAAA \n",
  );
});

Deno.test("adding, replacing, removing and exclusive keys", () => {
  const present = (existing: string, key: string, extra = {}) =>
    editKeys(existing, { key, state: "present", exclusive: false, ...extra });
  assert.deepEqual(present("", `${A}\n\n# skip\n${B}`), { write: true, text: `${A}\n${B}\n` });
  assert.deepEqual(present(`${A}\n`, A), { write: false, text: `${A}\n` });
  // A different comment or options replace the key, which moves to the end.
  assert.deepEqual(present(`${A}\n${B}\n`, "ssh-ed25519 AAAAA new"), {
    write: true,
    text: `${B}\nssh-ed25519 AAAAA new\n`,
  });
  assert.deepEqual(present(`${A}\n`, A, { keyOptions: "no-pty" }), {
    write: true,
    text: `no-pty ${A}\n`,
  });
  assert.deepEqual(present(`${A}\n`, A, { comment: "c" }).text, "ssh-ed25519 AAAAA c\n");
  // Options compare as Python dicts: the order of different names does not matter.
  assert.equal(present(`a,b ${A}\n`, `b,a ${A}`).write, false);
  assert.deepEqual(
    editKeys(`# c\n${A}\n${B}\n`, { key: B, state: "absent", exclusive: false }),
    { write: true, text: `# c\n${A}\n` },
  );
  assert.equal(editKeys(`${A}\n`, { key: B, state: "absent", exclusive: false }).write, false);
  assert.deepEqual(
    editKeys(`# c\n${A}\n${B}\n`, { key: B, state: "present", exclusive: true }),
    { write: true, text: `${B}\n` },
  );
  assert.throws(() => present("", "not a key"), /invalid key specified: not a key/);
});

Deno.test("authorized_key arguments", () => {
  const args = parseAuthorizedKeyArgs({ user: "kim", key: A, manage_dir: "no" });
  assert.equal(args.manageDir, false);
  assert.equal(args.state, "present");
  assert.throws(() => parseAuthorizedKeyArgs({}), /missing required arguments: key, user/);
  assert.throws(
    () => parseAuthorizedKeyArgs({ user: "kim", key: "https://github.com/kim.keys" }),
    /does not fetch keys from URLs \(key: https:\/\/github\.com\/kim\.keys\)/,
  );
  assert.throws(
    () => parseAuthorizedKeyArgs({ user: "kim", key: A, keys: 1 }),
    /Unsupported parameters/,
  );
});
