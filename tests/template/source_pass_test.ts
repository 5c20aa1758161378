/**
 * The source pass splits a template as Jinja2's lexer does: tag ends inside
 * strings and brackets are not ends, raw blocks and comments are kept,
 * custom delimiters become the default ones with default ones in the text
 * kept literal, text newlines become the newline sequence, and `x.0`
 * becomes `x[0]` outside strings and numbers.
 */
import assert from "node:assert/strict";
import { DEFAULT_DELIMITERS, prepareSource } from "../../src/template/source_pass.ts";

const pass = (text: string, options: { delimiters?: object; newline?: string } = {}) => {
  const exprs: string[] = [];
  const out = prepareSource(
    text,
    { ...DEFAULT_DELIMITERS, ...options.delimiters },
    options.newline ?? "\n",
    exprs,
  );
  return { out, exprs };
};

Deno.test("printed expressions are wrapped; their ends are found outside strings and brackets", () => {
  assert.deepEqual(pass("{{ {'a': {'b': '}}'}} }}").exprs, ["{'a': {'b': '}}'}}"]);
  assert.deepEqual(pass("{{- x -}}").out, "{{- __tachyon_out((x), (x) is defined, 0) | safe -}}");
  assert.deepEqual(pass("{{ 'a\\'}}' }}").exprs, ["'a\\'}}'"]);
  assert.equal(pass("a {{ }} b").out, "a {{ }} b");
});

Deno.test("raw blocks and comments pass through; block tags are copied", () => {
  assert.equal(
    pass("{% raw %}{{ x }}{% endraw %}").out,
    "{% raw %}{{ x }}{% endraw %}",
  );
  assert.equal(pass("{#- a }} #}").out, "{#- a }} #}");
  assert.equal(pass("{% for x in l %}{% endfor %}").out, "{% for x in l %}{% endfor %}");
});

Deno.test("custom delimiters become the default ones; default ones in the text stay text", () => {
  const { out, exprs } = pass("[% x %] {{ y }} <% if a %>z<% endif %>", {
    delimiters: { variableStart: "[%", variableEnd: "%]", blockStart: "<%", blockEnd: "%>" },
  });
  assert.deepEqual(exprs, ["x"]);
  assert.equal(
    out,
    "{{ __tachyon_out((x), (x) is defined, 0) | safe }} {{ '{{' | safe }} y }} {% if a %}z{% endif %}",
  );
});

Deno.test("newlines of the text become the sequence; x.0 becomes x[0]", () => {
  assert.equal(pass("a\nb\r\nc", { newline: "\r\n" }).out, "a\r\nb\r\nc");
  assert.deepEqual(pass("{{ x.0 }}{{ l.10.a }}{{ 1.5 }}{{ '.0' }}{{ f(x).1 }}").exprs, [
    "x[0]",
    "l[10].a",
    "1.5",
    "'.0'",
    "f(x)[1]",
  ]);
});
