/**
 * YAML aliases with PyYAML's semantics: an alias is its anchor's value
 * itself, so an alias bomb costs what its text costs, in the parser, in
 * `toPlain`, in `hostVars` and in error messages; merge keys still copy;
 * recursion and undefined aliases are errors.
 */
import assert from "node:assert/strict";
import { loadYaml } from "../../../src/yaml/yaml_module.ts";
import { loadInventory, parseData, parseYaml, toPlain } from "../../../src/engine/inventory/mod.ts";
import { DataParseError, YamlTooLargeError } from "../../../src/engine/inventory/yaml_data.ts";
import { MAX_YAML_BYTES } from "../../../src/engine/inventory/limits.ts";
import { writeTree } from "../../_oracles/ansible_cli.ts";
import { withTempDir } from "../_support.ts";

await loadYaml();

/** `a0: &a0 [x ×10]`, then `aN: &aN [*a(N-1) ×10]`: 10^(levels+1) values written out. */
function aliasBomb(levels: number, indent = ""): string {
  const lines = [`${indent}a0: &a0 [x, x, x, x, x, x, x, x, x, x]`];
  for (let n = 1; n <= levels; n++) {
    lines.push(`${indent}a${n}: &a${n} [${Array(10).fill(`*a${n - 1}`).join(", ")}]`);
  }
  return lines.join("\n") + "\n";
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

Deno.test("yaml aliases: an alias is the same list or map as its anchor", () => {
  const data = parseYaml("l: &l [1, 2]\nm: &m {k: v}\nl2: *l\nm2: *m\ns: &s text\ns2: *s\n") as Map<
    string,
    unknown
  >;
  assert.equal(data.get("l2"), data.get("l"));
  assert.equal(data.get("m2"), data.get("m"));
  assert.equal(data.get("s2"), "text");
  const plain = toPlain(parseYaml("l: &l [1, {a: 1}]\nboth: [*l, *l]\n")) as {
    l: unknown[];
    both: unknown[][];
  };
  assert.equal(plain.both[0], plain.l, "toPlain keeps the sharing");
  assert.equal(plain.both[1], plain.l);
  assert.deepEqual(plain.l, [1, { a: 1 }]);
});

Deno.test("yaml aliases: a later anchor of the same name serves the aliases after it", () => {
  const data = toPlain(parseYaml("a: &x 1\nb: *x\nc: &x 2\nd: *x\n"));
  assert.deepEqual(data, { a: 1, b: 1, c: 2, d: 2 });
});

Deno.test("yaml aliases: merge keys copy into a fresh map and leave the anchor alone", () => {
  const data = parseYaml(
    "base: &b {k: 1, o: 0}\nm:\n  <<: *b\n  own: 2\n  o: 3\nn:\n  <<: [*b]\n",
  ) as Map<string, Map<string, unknown>>;
  const base = data.get("base")!;
  const m = data.get("m")!;
  assert.notEqual(m, base);
  assert.deepEqual(Object.fromEntries(base), { k: 1, o: 0 });
  assert.deepEqual(Object.fromEntries(m), { k: 1, own: 2, o: 3 });
  assert.notEqual(data.get("n"), base);
  assert.deepEqual(Object.fromEntries(data.get("n")!), { k: 1, o: 0 });
});

Deno.test("yaml aliases: recursion and undefined aliases are DataParseErrors", () => {
  for (const text of ["a: &a [1, *a]\n", "a: &a {b: *a}\n", "a: &a {b: [{c: *a}]}\n"]) {
    assert.throws(() => parseYaml(text), (e: Error) => {
      assert.ok(e instanceof DataParseError, `${e.name}: ${e.message}`);
      assert.match(e.message, /alias 'a', line \d+, column \d+ is inside the node it refers to/);
      return true;
    });
  }
  assert.throws(() => parseYaml("a: *nowhere\n"), /found undefined alias 'nowhere', line 1/);
  assert.throws(() => parseYaml("a: *later\nb: &later 1\n"), /found undefined alias 'later'/);
});

Deno.test("yaml aliases: a bomb of 10^21 values parses and converts in linear time", () => {
  const text = aliasBomb(20);
  assert.ok(text.length < 2048);
  const parsed = timed(() => parseYaml(text) as Map<string, unknown[]>);
  const top = parsed.value.get("a20")!;
  assert.equal(top.length, 10);
  assert.equal(top[0], top[9]);
  assert.equal(top[0], parsed.value.get("a19"));
  const plain = timed(() => toPlain(parsed.value) as Record<string, unknown[]>);
  assert.equal(plain.value.a20[3], plain.value.a19);
  assert.ok(parsed.ms < 2000, `parse ${parsed.ms.toFixed(0)} ms`);
  assert.ok(plain.ms < 200, `toPlain ${plain.ms.toFixed(0)} ms`);
});

Deno.test("yaml aliases: a bomb as a mapping key is refused, not expanded", () => {
  const text = aliasBomb(8) + "k:\n  ? *a8\n  : v\n";
  const { ms } = timed(() =>
    assert.throws(
      () => parseYaml(text),
      /a mapping key holding more than 10000 values is not supported/,
    )
  );
  assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
  // A small complex key still works (as a JSON text key).
  assert.deepEqual(toPlain(parseYaml("? [1, 2]\n: v\n")), { "[1,2]": "v" });
});

Deno.test("yaml aliases: a bomb in a YAML inventory and group_vars loads; hostVars keeps the sharing", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, {
      "inv/hosts.yml": "all:\n  hosts:\n    h1:\n  vars:\n" + aliasBomb(12, "    "),
      "inv/group_vars/all.yml": aliasBomb(12).replaceAll("a", "g"),
      "inv/host_vars/h1.yml": aliasBomb(12).replaceAll("a", "h"),
    });
    const start = performance.now();
    const inv = await loadInventory([`${dir}/inv`]);
    const vars = inv.hostVars("h1") as Record<string, unknown[][]>;
    const ms = performance.now() - start;
    assert.ok(ms < 3000, `${ms.toFixed(0)} ms`);
    assert.equal(vars.a12.length, 10);
    assert.equal(vars.a12[0], vars.a12[1], "hostVars hands out the shared parts as they are");
    assert.equal(vars.g12[0], vars.g12[9]);
    assert.equal(vars.h12[0][0], vars.h11[0]);
    assert.ok(Object.keys(inv.toAnsibleList()).includes("_meta"));
  });
});

Deno.test("yaml aliases: an error message quoting a bomb is cut, not expanded", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, {
      "hosts.yml": aliasBomb(12, "    ").replace(/^/, "x:\n  vars:\n") +
        "web:\n  hosts:\n    h1: *a12\n",
    });
    const start = performance.now();
    await assert.rejects(loadInventory([`${dir}/hosts.yml`]), (e: Error) => {
      assert.match(e.message, /Invalid data from file, expected dictionary and got:/);
      assert.ok(e.message.length < 110_000, `${e.message.length} characters`);
      assert.ok(e.message.endsWith("..."));
      return true;
    });
    assert.ok(performance.now() - start < 3000);
  });
});

Deno.test("yaml size limit: YAML over MAX_YAML_BYTES is refused before parsing; JSON is not", () => {
  const big = "k: " + "x".repeat(MAX_YAML_BYTES) + "\n";
  const { ms } = timed(() =>
    assert.throws(() => parseYaml(big), (e: Error) => {
      assert.ok(e instanceof YamlTooLargeError);
      assert.ok(e instanceof DataParseError);
      assert.equal(e.name, "YamlTooLargeError");
      assert.match(e.message, /over tachyon's 4 MiB limit for YAML/);
      return true;
    })
  );
  assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
  // Multi-byte text is measured in UTF-8 bytes.
  const wide = "k: " + "é".repeat(MAX_YAML_BYTES / 2) + "\n";
  assert.throws(() => parseYaml(wide), YamlTooLargeError);
  const json = parseData(JSON.stringify({ k: "x".repeat(MAX_YAML_BYTES) })) as Map<string, string>;
  assert.equal(json.get("k")!.length, MAX_YAML_BYTES);
});
