/**
 * The `jinja` oracle: real Jinja2 through Ansible 2.14's own templating, the
 * way the `template` action renders a file (`ansible.template.Templar` with
 * a `DataLoader`, `copy_with_new_env(environment_class=AnsibleEnvironment,
 * …)`, `do_template(preserve_trailing_newlines=True,
 * escape_backslashes=False)`), so Ansible's filters, tests and undefined
 * handling are the real ones. Includes come from the question's files,
 * written under a temp dir whose `templates/` and root are the search path,
 * as for a playbook in that dir. The answer is the rendered text, or the
 * error as the action reports it (`"<ExceptionClass>: <message>"`).
 *
 * @module
 */
import { defineOracle, type Json } from "./recorded.ts";
import { runPython } from "./python.ts";

/**
 * A template to render: its text, variables, files it may include
 * (relative paths; `templates/x.j2` is found as `x.j2`) and the template
 * module's rendering options.
 *
 * @example
 * ```ts
 * const q: JinjaQuestion = { template: "{{ a }}\n", vars: { a: 1 } };
 * ```
 */
export type JinjaQuestion = {
  /** The template's text. */
  template: string;
  /** The variables (the task's vars). */
  vars?: { [key: string]: Json };
  /** Files under the search dir, by relative path. */
  files?: { [path: string]: string };
  /** `trim_blocks`, `lstrip_blocks`, `newline_sequence`, `*_start_string`, `*_end_string`. */
  options?: { [key: string]: Json };
};

/**
 * Jinja2's answer: the output, or the error text.
 *
 * @example
 * ```ts
 * const a: JinjaAnswer = { output: "1\n" };
 * ```
 */
export type JinjaAnswer = { output: string } | { error: string };

const CODE = `
import json, os, sys
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar, AnsibleEnvironment
from ansible.module_utils._text import to_text
q = json.load(sys.stdin)
base = os.getcwd()
for rel, text in (q.get('files') or {}).items():
    path = os.path.join(base, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
loader = DataLoader()
loader.set_basedir(base)
opts = dict(q.get('options') or {})
overrides = dict(
    newline_sequence=opts.get('newline_sequence', '\\n'),
    trim_blocks=opts.get('trim_blocks', True),
    lstrip_blocks=opts.get('lstrip_blocks', False),
)
for k in ('block_start_string', 'block_end_string', 'variable_start_string',
          'variable_end_string', 'comment_start_string', 'comment_end_string'):
    overrides[k] = opts.get(k)
searchpath = [os.path.join(base, 'templates'), base]
templar = Templar(loader=loader, variables={})
templar = templar.copy_with_new_env(environment_class=AnsibleEnvironment, searchpath=searchpath,
                                    available_variables=q.get('vars') or {}, **overrides)
try:
    out = templar.do_template(q['template'], preserve_trailing_newlines=True,
                              escape_backslashes=False)
    print(json.dumps({'output': to_text(out)}))
except Exception as e:
    print(json.dumps({'error': '%s: %s' % (type(e).__name__, to_text(e))}))
`;

/** Renders one question with the live Ansible, in a fresh temp dir. */
async function askJinja(question: JinjaQuestion): Promise<JinjaAnswer> {
  const dir = await Deno.makeTempDir({ prefix: "tachyon-jinja-" });
  try {
    const answer = await runPython({ code: CODE, input: question as Json }, {
      cwd: dir,
      env: { ANSIBLE_LOCAL_TEMP: `${dir}/.ansible-tmp`, HOME: dir },
    });
    const text = JSON.stringify(answer).replaceAll(dir, "<DIR>");
    return JSON.parse(text) as JinjaAnswer;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const recorded = defineOracle<Json, JinjaAnswer>(
  "jinja",
  (question) => askJinja(question as unknown as JinjaQuestion),
);

/**
 * Renders `template` with real Jinja2 and Ansible's filters (recorded).
 *
 * @example
 * ```ts
 * const answer = await jinja({ template: "{{ [1, 'a'] }}" }); // { output: "[1, 'a']" }
 * ```
 */
export function jinja(question: JinjaQuestion): Promise<JinjaAnswer> {
  const asked: { [key: string]: Json } = { template: question.template };
  if (question.vars !== undefined) asked.vars = question.vars;
  if (question.files !== undefined) asked.files = question.files;
  if (question.options !== undefined) asked.options = question.options;
  return recorded(asked);
}
