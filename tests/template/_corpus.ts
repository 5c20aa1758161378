/**
 * The template corpus: templates as Ansible users write them (loops,
 * conditionals, filters, tests, whitespace control, macros, includes, raw
 * blocks, Python formatting of values, undefined variables), each rendered by
 * real Jinja2 with Ansible's filters (the `jinja` oracle) and by tachyon.
 *
 * @module
 */
import type { JinjaQuestion } from "../_oracles/jinja.ts";

/** One corpus template: a name and the question. */
export type CorpusCase = { name: string } & JinjaQuestion;

const servers = [
  { name: "web1", ip: "10.0.0.1", port: 80, enabled: true },
  { name: "web2", ip: "10.0.0.2", port: 8080, enabled: false },
  { name: "db1", ip: "10.0.0.3", port: 5432, enabled: true },
];

/**
 * The corpus.
 *
 * @example
 * ```ts
 * import { CORPUS } from "./_corpus.ts";
 * console.log(CORPUS.length);
 * ```
 */
export const CORPUS: readonly CorpusCase[] = [
  { name: "plain text and a variable", template: "Hello {{ name }}!\n", vars: { name: "world" } },
  {
    name: "for loop with loop.index, first, last, length",
    template:
      "{% for s in servers %}\n{{ loop.index }}/{{ loop.length }} {{ s.name }}{% if loop.first %} (first){% endif %}{% if loop.last %} (last){% endif %}\n{% endfor %}\n",
    vars: { servers },
  },
  {
    name: "loop.index0, revindex, revindex0",
    template:
      "{% for x in items %}{{ loop.index0 }}-{{ loop.revindex }}-{{ loop.revindex0 }} {% endfor %}\n",
    vars: { items: ["a", "b", "c"] },
  },
  {
    name: "loop.cycle, previtem, nextitem",
    template:
      "{% for x in items %}{{ loop.cycle('odd', 'even') }}:{{ x }}<{{ loop.previtem | default('-') }}|{{ loop.nextitem | default('-') }}>\n{% endfor %}",
    vars: { items: [1, 2, 3] },
  },
  {
    name: "for with else on an empty list",
    template: "{% for x in items %}{{ x }}{% else %}none here{% endfor %}\n",
    vars: { items: [] },
  },
  {
    name: "for with an inline filter",
    template: "{% for s in servers if s.enabled %}{{ s.name }} {% endfor %}\n",
    vars: { servers },
  },
  {
    name: "nested loops and loop of a dict with items()",
    template:
      "{% for k, v in conf.items() %}\n[{{ k }}]\n{% for o in v %}\n  {{ o }}\n{% endfor %}\n{% endfor %}\n",
    vars: { conf: { main: ["a=1", "b=2"], extra: ["c=3"] } },
  },
  {
    name: "if, elif, else",
    template:
      "{% for n in nums %}{% if n > 10 %}big{% elif n > 5 %}mid{% else %}small{% endif %} {% endfor %}\n",
    vars: { nums: [1, 7, 12] },
  },
  {
    name: "inline if expression",
    template: "mode={{ 'prod' if production else 'dev' }}\n",
    vars: { production: false },
  },
  {
    name: "Python str() of lists, dicts, None, booleans",
    template: "{{ l }}\n{{ d }}\n{{ n }}\n{{ t }} {{ f }}\n{{ nested }}\n",
    vars: {
      l: [1, "two", 3.5],
      d: { a: 1, "b'q": 'x"y' },
      n: null,
      t: true,
      f: false,
      nested: { k: [null, true, { z: "w" }] },
    },
  },
  {
    name: "numbers: integer and float arithmetic",
    template: "{{ 7 // 2 }} {{ 7 % 3 }} {{ 2 ** 10 }} {{ 10 / 4 }} {{ 1.5 + 1 }} {{ -3 }}\n",
  },
  {
    name: "string concatenation with ~ and +",
    template: "{{ 'a' ~ 1 ~ 'b' }} {{ 'x' + 'y' }}\n",
  },
  {
    name: "default filter and d alias",
    template:
      "{{ missing | default('fallback') }} {{ empty | default('e', true) }} {{ x | d(5) }}\n",
    vars: { empty: "" },
  },
  {
    name: "join, map attribute, list",
    template: "{{ servers | map(attribute='name') | join(', ') }}\n{{ [3, 1, 2] | join }}\n",
    vars: { servers },
  },
  {
    name: "select and reject with tests",
    template:
      "{{ nums | select('odd') | list }} {{ nums | reject('even') | list }} {{ nums | select('gt', 2) | list }}\n",
    vars: { nums: [1, 2, 3, 4, 5] },
  },
  {
    name: "selectattr and rejectattr",
    template:
      "{{ servers | selectattr('enabled') | map(attribute='name') | list }}\n{{ servers | rejectattr('port', 'equalto', 80) | map(attribute='ip') | join(' ') }}\n",
    vars: { servers },
  },
  {
    name: "to_json and to_nice_json",
    template: "{{ data | to_json }}\n{{ data | to_nice_json }}\n",
    vars: { data: { b: [1, 2], a: "x", c: null, d: true } },
  },
  {
    name: "to_yaml and to_nice_yaml",
    template: "{{ data | to_yaml }}---\n{{ data | to_nice_yaml }}",
    vars: { data: { name: "app", ports: [80, 443], opts: { debug: false }, empty: null } },
  },
  {
    name: "from_json",
    template: "{{ ('{\"a\": [1, 2]}' | from_json).a[1] }}\n",
  },
  {
    name: "bool and int",
    template:
      "{{ 'yes' | bool }} {{ 'off' | bool }} {{ '42' | int + 1 }} {{ 'x' | int }} {{ '3.9' | float | int }}\n",
  },
  {
    name: "combine, shallow and recursive",
    template:
      "{{ a | combine(b) }}\n{{ a | combine(b, recursive=True) }}\n{{ a | combine(b, c) }}\n",
    vars: { a: { x: 1, n: { p: 1, q: 2 } }, b: { y: 2, n: { q: 3 } }, c: { z: 3 } },
  },
  {
    name: "dict2items and items2dict",
    template:
      "{{ d | dict2items }}\n{{ [{'key': 'a', 'value': 1}, {'key': 'b', 'value': 2}] | items2dict }}\n",
    vars: { d: { one: 1, two: 2 } },
  },
  {
    name: "regex_replace and regex_search",
    template:
      "{{ 'host-01.example.com' | regex_replace('^([a-z]+)-(\\\\d+).*$', '\\\\2_\\\\1') }}\n{{ 'version 1.24.3' | regex_search('\\\\d+\\\\.\\\\d+') }}\n",
  },
  {
    name: "ternary",
    template: "{{ (x > 1) | ternary('many', 'one') }} {{ none_value | ternary('t', 'f', 'n') }}\n",
    vars: { x: 3, none_value: null },
  },
  {
    name: "b64encode and b64decode",
    template: "{{ 'héllo:world' | b64encode }} {{ 'aGVsbG8=' | b64decode }}\n",
  },
  {
    name: "basename, dirname, quote",
    template:
      "{{ path | basename }} {{ path | dirname }} {{ arg | quote }} {{ 'plain' | quote }}\n",
    vars: { path: "/etc/nginx/nginx.conf", arg: "it's a test" },
  },
  {
    name: "unique, sort, length, count",
    template:
      "{{ l | unique | list }} {{ l | sort }} {{ l | sort(reverse=true) }} {{ l | length }} {{ 'abc' | count }}\n",
    vars: { l: [3, 1, 3, 2, 1] },
  },
  {
    name: "sort by attribute",
    template:
      "{% for s in servers | sort(attribute='port', reverse=true) %}{{ s.port }} {% endfor %}\n",
    vars: { servers },
  },
  {
    name: "lower, upper, trim, capitalize, title, replace",
    template:
      "{{ 'MiXeD' | lower }} {{ 'MiXeD' | upper }} [{{ '  pad  ' | trim }}] {{ 'hello world' | capitalize }} {{ 'hello world' | title }} {{ 'a-b-c' | replace('-', '+') }}\n",
  },
  {
    name: "indent",
    template: "key:\n  {{ block | indent(2) }}\nfirst:\n{{ block | indent(4, true) }}\n",
    vars: { block: "line1\nline2\n\nline4" },
  },
  {
    name: "mandatory with a defined value",
    template: "{{ v | mandatory }}\n",
    vars: { v: "here" },
  },
  {
    name: "mandatory with an undefined value",
    template: "{{ v | mandatory }}\n",
  },
  {
    name: "tests defined, undefined, none",
    template:
      "{{ a is defined }} {{ b is defined }} {{ b is undefined }} {{ n is none }} {{ a is none }}\n",
    vars: { a: 1, n: null },
  },
  {
    name: "tests match, search, in",
    template:
      "{{ 'foobar' is match('foo') }} {{ 'foobar' is match('bar') }} {{ 'foobar' is search('bar') }} {{ 2 is in([1, 2]) }} {{ 'x' in 'xyz' }}\n",
  },
  {
    name: "tests succeeded, failed, changed on a registered result",
    template:
      "{{ r is succeeded }} {{ r is failed }} {{ r is changed }} {{ r2 is failed }} {{ r2 is success }}\n",
    vars: { r: { changed: true, failed: false, rc: 0 }, r2: { failed: true, changed: false } },
  },
  {
    name: "tests odd, even, divisibleby, string, number, mapping, sequence",
    template:
      "{{ 3 is odd }} {{ 3 is even }} {{ 9 is divisibleby 3 }} {{ 'a' is string }} {{ 1 is number }} {{ {} is mapping }} {{ [] is sequence }}\n",
  },
  {
    name: "whitespace control with - markers",
    template: "a\n  {%- if true %}\n  b\n  {%- endif %}\nc {{- ' d' -}}  \n e\n",
  },
  {
    name: "trim_blocks default: newline after a block tag is removed",
    template:
      "{% if true %}\nyes\n{% endif %}\nafter\n  {% if true %}\n  indented\n  {% endif %}\n",
  },
  {
    name: "trim_blocks off",
    template: "{% if true %}\nyes\n{% endif %}\nafter\n",
    options: { trim_blocks: false },
  },
  {
    name: "lstrip_blocks on",
    template: "  {% if true %}\n  indented\n  {% endif %}\nend\n",
    options: { lstrip_blocks: true },
  },
  {
    name: "macro with defaults and a call",
    template:
      "{% macro option(name, value='on', sep='=') -%}\n{{ name }}{{ sep }}{{ value }}\n{%- endmacro %}\n{{ option('a') }}\n{{ option('b', 'off') }}\n{{ option('c', sep=': ') }}\n",
  },
  {
    name: "set, set block, and namespace",
    template:
      "{% set greeting = 'hi ' ~ who %}{{ greeting }}\n{% set block %}multi\nline{% endset %}{{ block | upper }}\n{% set ns = namespace(total=0) %}{% for n in [1, 2, 3] %}{% set ns.total = ns.total + n %}{% endfor %}{{ ns.total }}\n",
    vars: { who: "there" },
  },
  {
    name: "include from the templates dir",
    template: "before\n{% include 'part.j2' %}\nafter\n",
    vars: { name: "inc" },
    files: { "templates/part.j2": "included {{ name }}\n" },
  },
  {
    name: "include inside a loop sees the loop variable",
    template: "{% for item in [1, 2] %}{% include 'item.j2' %}{% endfor %}",
    files: { "templates/item.j2": "item={{ item }}\n" },
  },
  {
    name: "import of macros from a file",
    template: "{% import 'macros.j2' as m %}{{ m.kv('port', 80) }}\n",
    files: { "templates/macros.j2": "{% macro kv(k, v) %}{{ k }} = {{ v }}{% endmacro %}" },
  },
  {
    name: "raw block",
    template: "{% raw %}{{ not_rendered }} {% if %}{% endraw %} {{ x }}\n",
    vars: { x: "r" },
  },
  {
    name: "comments",
    template: "a{# a comment #}b\n{# multi\nline #}\nc\n",
  },
  {
    name: "undefined variable is an error",
    template: "value={{ nope }}\n",
  },
  {
    name: "undefined attribute is an error",
    template: "value={{ d.nope }}\n",
    vars: { d: { a: 1 } },
  },
  {
    name: "string % formatting and format filter",
    template:
      "{{ '%s:%d' % ('port', 80) }} {{ '%-5s|' | format('ab') }} {{ '%05.1f' % 3.14159 }}\n",
  },
  {
    name: "string methods: split, startswith, strip, replace, upper",
    template:
      "{{ 'a,b,c'.split(',') }} {{ 'prefix_x'.startswith('prefix') }} [{{ '  s  '.strip() }}] {{ 'aXb'.replace('X', '-') }} {{ 'up'.upper() }}\n",
  },
  {
    name: "dict access: get, keys, attribute and subscript",
    template:
      "{{ d.get('a') }} {{ d.get('z', 'dflt') }} {{ d['a'] }} {{ d.a }} {{ d.keys() | list }} {{ d.values() | list }}\n",
    vars: { d: { a: 1, b: 2 } },
  },
  {
    name: "list slicing and indexing",
    template: "{{ l[0] }} {{ l[-1] }} {{ l[1:3] }} {{ l[::-1] }} {{ l | first }} {{ l | last }}\n",
    vars: { l: [10, 20, 30, 40] },
  },
  {
    name: "min, max, sum, range",
    template:
      "{{ l | min }} {{ l | max }} {{ l | sum }} {{ range(3) | list }} {{ range(1, 10, 3) | list }}\n",
    vars: { l: [4, 9, 2] },
  },
  {
    name: "unicode text passes through",
    template: "Grüße, {{ who }} — ✓\n",
    vars: { who: "Zoë" },
  },
  {
    name: "no trailing newline is kept as is",
    template: "no newline at end {{ 1 }}",
  },
  {
    name: "several trailing newlines are kept",
    template: "x\n\n\n",
  },
  {
    name: "a config file",
    template:
      "# {{ ansible_managed_text }}\nserver {\n    listen {{ port }};\n    server_name {{ names | join(' ') }};\n{% for loc in locations %}\n    location {{ loc.path }} {\n        proxy_pass http://{{ loc.backend }};\n{% if loc.extra is defined %}\n        {{ loc.extra }};\n{% endif %}\n    }\n{% endfor %}\n}\n",
    vars: {
      ansible_managed_text: "Managed by tachyon",
      port: 443,
      names: ["a.example", "b.example"],
      locations: [
        { path: "/", backend: "app:8000" },
        { path: "/api", backend: "api:9000", extra: "client_max_body_size 10m" },
      ],
    },
  },
  {
    name: "an /etc/hosts from a dict",
    template:
      "127.0.0.1 localhost\n{% for host, ip in hosts | dictsort %}\n{{ ip }}\t{{ host }}\n{% endfor %}\n",
    vars: { hosts: { zeta: "10.1.1.3", alpha: "10.1.1.1", mid: "10.1.1.2" } },
  },
  {
    name: "variable_start_string and variable_end_string",
    template: "[% name %] and {{ kept }}\n",
    vars: { name: "custom" },
    options: { variable_start_string: "[%", variable_end_string: "%]" },
  },
  {
    name: "block_start_string and block_end_string",
    template: "<% if on %>on<% endif %> {% raw %}\n",
    vars: { on: true },
    options: { block_start_string: "<%", block_end_string: "%>" },
  },
  {
    name: "newline_sequence \\r\\n",
    template: "a\nb\n{% if true %}\nc\n{% endif %}\n",
    options: { newline_sequence: "\r\n" },
  },
  {
    name: "boolean and None literals in expressions",
    template: "{{ True }} {{ false }} {{ none }} {{ None is none }} {{ [true, None] }}\n",
  },
  {
    name: "dict methods and nested dicts keep Python's insertion order",
    template:
      "{{ cfg }}\n{{ cfg.get('zz', 'dflt') }} {{ cfg.get('z') }} {{ cfg.keys() | list }}\n{% for k, v in cfg.a.items() %}{{ k }}={{ v }} {% endfor %}\n{{ cfg | dict2items | map(attribute='key') | join(',') }}\n",
    vars: { cfg: { z: 1, a: { y: 1, b: 2 }, m: [{ q: 1, c: 2 }] } },
  },
  {
    name: "iterating a dict directly",
    template: "{% for k in d %}{{ k }} {% endfor %}\n",
    vars: { d: { zeta: 1, alpha: 2 } },
  },
  {
    name: "a dict literal printed",
    template: "{{ {'b': 1, 'a': 2} }}\n",
  },
  {
    name: "integral floats print as Python floats",
    template: "{{ 4 / 2 }} {{ 1.0 }} {{ 2.5 | round }}\n",
  },
  {
    name: "escaped quotes and backslashes in strings",
    template: "{{ \"it's\" }} {{ 'say \"hi\"' }} {{ 'back\\\\slash' }} {{ 'tab\\there' }}\n",
  },
];
