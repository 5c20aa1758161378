/**
 * `transmit -r ROLE`, as the reference's `role_manager` does it: a one-play
 * JSON playbook running the role is written to `project/<uuid4 hex>` (no
 * extension), sent as the job's playbook, and removed once the stream is
 * written (with `project/` when transmit created it, and `env/` when it did
 * not exist before). `--role-vars "k=v …"` values go through
 * `ast.literal_eval`, falling back to the text. As in the reference, the
 * roles path reaches the worker only through `--roles-path` (`roles_path`):
 * Ansible also finds roles in `project/roles/`.
 *
 * @module
 */
import { join } from "node:path";
import { literalEval } from "../python/literal_eval.ts";
import { pythonJsonDumps } from "../python/json_dumps.ts";

/**
 * `--role-vars` has an item that is not `key=value` (the reference stops with
 * a Python traceback there).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRoleVars, RoleVarsError } from "./role_playbook.ts";
 *
 * assert.throws(() => parseRoleVars("a=1 b"), RoleVarsError);
 * ```
 */
export class RoleVarsError extends Error {
  /** The error name. */
  override name = "RoleVarsError";
}

/**
 * The role's variables from `--role-vars`: whitespace-separated `key=value`
 * items, each value a Python literal when it parses as one, else the text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRoleVars } from "./role_playbook.ts";
 *
 * assert.deepEqual(parseRoleVars("port=80 name=web flag=True"), {
 *   port: 80, name: "web", flag: true,
 * });
 * ```
 */
export function parseRoleVars(text: string): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const item of text.split(/\s+/).filter((word) => word !== "")) {
    const parts = item.split("=");
    if (parts.length !== 2) {
      throw new RoleVarsError(`--role-vars: ${JSON.stringify(item)} is not one key=value item`);
    }
    const [key, value] = parts;
    vars[key] = literalEval(value)?.value ?? value;
  }
  return vars;
}

/**
 * The role's options.
 *
 * @example
 * ```ts
 * import type { RoleOptions } from "./role_playbook.ts";
 *
 * const options: RoleOptions = { role: "web", hosts: "all", roleVars: "port=80", skipFacts: true };
 * ```
 */
export interface RoleOptions {
  /** `-r`: the role's name. */
  readonly role: string;
  /** `--hosts` (default `all`). */
  readonly hosts?: string;
  /** `--role-vars`. */
  readonly roleVars?: string;
  /** `--role-skip-facts`. */
  readonly skipFacts: boolean;
}

/**
 * The generated playbook's text: `json.dumps` of the reference's one play.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rolePlaybookText } from "./role_playbook.ts";
 *
 * assert.equal(
 *   rolePlaybookText({ role: "web", skipFacts: false }),
 *   '[{"hosts": "all", "gather_facts": true, "roles": [{"name": "web"}]}]',
 * );
 * ```
 */
export function rolePlaybookText(options: RoleOptions): string {
  const role: Record<string, unknown> = { name: options.role };
  if (options.roleVars) role.vars = parseRoleVars(options.roleVars);
  return pythonJsonDumps([{
    hosts: options.hosts ?? "all",
    gather_facts: !options.skipFacts,
    roles: [role],
  }]);
}

/**
 * The generated playbook on disk, and how to take it away again.
 *
 * @example
 * ```ts
 * import type { RolePlaybook } from "./role_playbook.ts";
 *
 * function done(playbook: RolePlaybook) {
 *   playbook.remove();
 * }
 * ```
 */
export interface RolePlaybook {
  /** Its path (absolute when the project dir is). */
  readonly path: string;
  /**
   * Removes what writing it created (the playbook, or `project/`; `env/` if
   * new), synchronously: a signal handler calls it too.
   */
  remove(): void;
}

/** Runs `remove`, ignoring a path that is already gone. */
function quietly(remove: () => void): void {
  try {
    remove();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Writes the role's playbook into `projectDir` (created 0700 when missing)
 * as `<uuid4 hex>`, mode 0600, and returns it with its cleanup, which also
 * removes `<pdd>/env` if it did not exist before (so an `env/cmdline`
 * written meanwhile goes too, as in the reference).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeRolePlaybook } from "./role_playbook.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * const playbook = await writeRolePlaybook({ role: "web", skipFacts: false }, `${pdd}/project`, pdd);
 * assert.match(playbook.path, /\/project\/[0-9a-f]{32}$/);
 * playbook.remove();
 * assert.deepEqual([...Deno.readDirSync(pdd)], []);
 * await Deno.remove(pdd);
 * ```
 */
export async function writeRolePlaybook(
  options: RoleOptions,
  projectDir: string,
  privateDataDir: string,
): Promise<RolePlaybook> {
  const text = rolePlaybookText(options);
  const envDir = join(privateDataDir, "env");
  const projectExisted = exists(projectDir);
  const envExisted = exists(envDir);
  if (!projectExisted) await Deno.mkdir(projectDir, { recursive: true, mode: 0o700 });
  const path = join(projectDir, crypto.randomUUID().replaceAll("-", ""));
  await Deno.writeTextFile(path, text, { mode: 0o600, createNew: true });
  return {
    path,
    remove() {
      quietly(() => Deno.removeSync(projectExisted ? path : projectDir, { recursive: true }));
      if (!envExisted) quietly(() => Deno.removeSync(envDir, { recursive: true }));
    },
  };
}
