/**
 * `template`: renders a Jinja2 template from the project on the controller
 * (`src/template/`), with the host's variables and Ansible's template
 * variables, then writes it as `copy` writes `content` (by checksum,
 * `mode`/`owner`/`group`, `backup`, `force`, check mode, diff), as Ansible's
 * `template` action hands its result to `copy`. `validate` runs on the host
 * against the rendered file before it replaces `dest`.
 *
 * @module
 */
import { basename } from "node:path";
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import type { ModuleResult } from "../types.ts";
import { copyModule } from "./copy.ts";
import { sha1Hex } from "./checksum.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";
import { parseTemplateArgs, type TemplateArgs } from "./template_args.ts";
import {
  findTemplate,
  includeLoader,
  type TemplateFile,
  TemplateSourceError,
  templateVars,
} from "./template_source.ts";
import { renderTemplate } from "../../template/render.ts";

const encoder = new TextEncoder();

/**
 * The `template` module.
 *
 * @example
 * ```ts
 * await play.task("template", { src: "nginx.conf.j2", dest: "/etc/nginx/nginx.conf", mode: "0644" });
 * ```
 */
export const templateModule: ModuleDefinition<TemplateArgs> = {
  name: "template",
  fqcn: "ansible.builtin.template",
  supportsCheckMode: true,
  targetPaths: ["dest"],
  parseArgs: parseTemplateArgs,
  async run(ctx, args) {
    let file: TemplateFile;
    try {
      file = await findTemplate(ctx.controller, args.src);
    } catch (error) {
      if (error instanceof TemplateSourceError) {
        return { changed: false, failed: true, msg: error.message };
      }
      throw error;
    }
    const dest = args.dest.endsWith("/") ? args.dest + basename(file.path) : args.dest;
    let rendered: string;
    try {
      const vars = { ...ctx.vars, ...(await templateVars(args.src, file, dest)) };
      rendered = await renderTemplate(file.text, vars, {
        trimBlocks: args.trimBlocks,
        lstripBlocks: args.lstripBlocks,
        newlineSequence: args.newlineSequence,
        delimiters: args.delimiters,
        loader: includeLoader(ctx.controller, file.path),
      });
    } catch (error) {
      const e = error as Error;
      return { changed: false, failed: true, msg: `${e.name}: ${e.message}` };
    }
    if (args.validate !== undefined && !ctx.check) {
      const failure = await validateOnHost(ctx, args.validate, dest, rendered);
      if (failure) return failure;
    }
    return await writeRendered(ctx, args, file, dest, rendered);
  },
};

/** Writes through `copy`, with a dir as `dest` getting the template's name. */
async function writeRendered(
  ctx: ModuleContext,
  args: TemplateArgs,
  file: TemplateFile,
  dest: string,
  rendered: string,
): Promise<ModuleResult> {
  const copyArgs = (to: string) =>
    copyModule.parseArgs({
      content: rendered,
      dest: to,
      ...(args.mode === "preserve"
        ? { mode: "0" + file.mode.toString(8).padStart(3, "0") }
        : args.mode?.kind === "octal"
        ? { mode: "0" + args.mode.value.toString(8).padStart(3, "0") }
        : args.mode?.kind === "symbolic"
        ? { mode: args.mode.text }
        : {}),
      ...(args.owner !== undefined ? { owner: args.owner } : {}),
      ...(args.group !== undefined ? { group: args.group } : {}),
      backup: args.backup,
      force: args.force,
    });
  if (args.dest.endsWith("/") && !ctx.check) {
    // As `copy` does for a dest ending in `/`: its directories are created.
    await runLibraryScript(ctx, `mkdir -p -- ${shellQuote(args.dest)} 2>/dev/null || :\n`);
  }
  let result = await copyModule.run(ctx, copyArgs(dest));
  if (result.failed && result.msg === "can not use content with a dir as dest") {
    result = await copyModule.run(ctx, copyArgs(`${dest}/${basename(file.path)}`));
  }
  // Ansible's result names the rendered file when it was written, and when
  // force=false left an existing dest alone.
  const keptByForce = !result.changed && !result.failed && !("checksum" in result);
  if ((result.changed && !ctx.check && !result.failed) || keptByForce) result.src = file.path;
  if (Array.isArray(result.diff)) {
    for (const d of result.diff as Record<string, unknown>[]) {
      if (d.after_header === "dynamically generated") d.after_header = file.path;
    }
  }
  return result;
}

/**
 * Runs `validate` on the host against the rendered text in a temp file,
 * when the text differs from `dest`'s; the failure result, if it fails.
 */
async function validateOnHost(
  ctx: ModuleContext,
  validate: string,
  dest: string,
  rendered: string,
): Promise<ModuleResult | undefined> {
  const data = encoder.encode(rendered);
  const command = validate.replaceAll("%s", '"$t"');
  const script = `d=${shellQuote(dest)}
if [ -f "$d" ]; then h=$(_tsum H "$d"); case "$h" in ${
    shellQuote(`H sha1 ${sha1Hex(data)}`)
  }) cat > /dev/null; echo SAME; exit 0;; esac; fi
t=$(mktemp) || { echo 'E mktemp'; exit 0; }
cat > "$t"
o=$(mktemp); e=$(mktemp)
( ${command} ) > "$o" 2> "$e"; rc=$?
printf 'RC %s\\n' "$rc"
_tenc OUT "$o"; _tenc ERR "$e"
rm -f -- "$t" "$o" "$e"
`;
  const out = await runLibraryScript(ctx, script, data);
  if (out.first("SAME") !== undefined) return undefined;
  const rc = Number(out.first("RC") ?? "1");
  if (rc === 0) return undefined;
  const text = (tag: string) => new TextDecoder().decode(out.bytes(tag) ?? new Uint8Array());
  const lines = (t: string) => (t === "" ? [] : t.replace(/\n$/, "").split("\n"));
  const stdout = text("OUT"), stderr = text("ERR");
  return {
    changed: false,
    failed: true,
    msg: "failed to validate",
    checksum: sha1Hex(data),
    exit_status: rc,
    stdout,
    stdout_lines: lines(stdout),
    stderr,
    stderr_lines: lines(stderr),
  };
}
