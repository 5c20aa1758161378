/**
 * The typed task arguments of `template`, with Ansible's names; what
 * `play.task("template", { … })` checks. Types only.
 *
 * @module
 */
import type { FileAttributes } from "./file_task_args.ts";

/**
 * `template`: renders a Jinja2 template from the project onto the host.
 *
 * @example
 * ```ts
 * import type { TemplateTaskArgs } from "./template_task_args.ts";
 * const args: TemplateTaskArgs = { src: "motd.j2", dest: "/etc/motd", mode: "0644" };
 * ```
 */
export type TemplateTaskArgs = FileAttributes & {
  /** The template: `templates/<src>` or `<src>` under the project dir, or absolute. */
  src: string;
  /** Where to write on the host (a directory when it ends with `/`). */
  dest: string;
  /** Keep a timestamped backup of a file that is replaced. */
  backup?: boolean;
  /** Replace a file whose content differs (default true). */
  force?: boolean;
  /** Newlines of the template's text in the output (default `\n`). */
  newline_sequence?: "\n" | "\r" | "\r\n" | "\\n" | "\\r" | "\\r\\n";
  /** Remove the first newline after a block tag (default true). */
  trim_blocks?: boolean;
  /** Strip spaces before a block tag on its line (default false). */
  lstrip_blocks?: boolean;
  /** Default `{{`. */
  variable_start_string?: string;
  /** Default `}}`. */
  variable_end_string?: string;
  /** Default `{%`. */
  block_start_string?: string;
  /** Default `%}`. */
  block_end_string?: string;
  /** Default `{#`. */
  comment_start_string?: string;
  /** Default `#}`. */
  comment_end_string?: string;
  /** Encoding of the written file (only `utf-8` so far). */
  output_encoding?: "utf-8";
  /** A command run on the host against the rendered file (`%s`) before it replaces `dest`. */
  validate?: string;
  /** Only `false` so far. */
  follow?: false;
  /** Accepted and ignored (writes are always atomic). */
  unsafe_writes?: boolean;
};
