/**
 * Jinja2 templates as Ansible renders them: {@linkcode renderTemplate} on
 * MiniJinja, with Ansible's filters and tests, Python's `str()` of printed
 * values, Python's dict order, Ansible's undefined-variable errors and its
 * `template` options (`trim_blocks`, `lstrip_blocks`, `newline_sequence`,
 * other delimiters, includes).
 *
 * ```ts
 * import { renderTemplate } from "./mod.ts";
 * const text = await renderTemplate("port={{ port }}\n", { port: 80 });
 * ```
 *
 * @module
 */
export { type RenderOptions, renderTemplate } from "./render.ts";
export {
  AnsibleFilterError,
  AnsibleFilterTypeError,
  AnsibleUndefinedVariable,
  TemplateRenderError,
} from "./filter_errors.ts";
export { DEFAULT_DELIMITERS, type Delimiters } from "./source_pass.ts";
export { yamlDump, type YamlDumpOptions } from "./yaml_dump.ts";
