/**
 * Errors a template raises while it renders, named as Ansible names them
 * (the `template` action reports `"<ClassName>: <message>"`).
 *
 * @module
 */

/**
 * A filter refused its input (Ansible's `AnsibleFilterError`).
 *
 * @example
 * ```ts
 * const error = new AnsibleFilterError("Mandatory variable 'x'  not defined.");
 * console.log(`${error.name}: ${error.message}`);
 * ```
 */
export class AnsibleFilterError extends Error {
  /** The error name. */
  override name = "AnsibleFilterError";
}

/**
 * A filter got a value of the wrong type (Ansible's `AnsibleFilterTypeError`).
 *
 * @example
 * ```ts
 * const error = new AnsibleFilterTypeError("dict2items requires a dictionary, got <class 'list'> instead.");
 * console.log(error.name);
 * ```
 */
export class AnsibleFilterTypeError extends Error {
  /** The error name. */
  override name = "AnsibleFilterTypeError";
}

/**
 * A variable the template uses is not defined (Ansible's
 * `AnsibleUndefinedVariable`).
 *
 * @example
 * ```ts
 * const error = new AnsibleUndefinedVariable("'nope' is undefined. 'nope' is undefined");
 * console.log(error.name);
 * ```
 */
export class AnsibleUndefinedVariable extends Error {
  /** The error name. */
  override name = "AnsibleUndefinedVariable";
}

/**
 * The template's syntax is wrong, an include is missing, or the engine
 * failed otherwise (Ansible's `AnsibleError` and Jinja's errors).
 *
 * @example
 * ```ts
 * const error = new TemplateRenderError("TemplateSyntaxError: unexpected '}'");
 * console.log(error.message);
 * ```
 */
export class TemplateRenderError extends Error {
  /** The error name. */
  override name = "TemplateRenderError";
}
