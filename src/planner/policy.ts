/**
 * The playbook policy: which routes a job may take. The image builder sets it
 * at build time in `tachyon.policy.json` (embedded by `deno compile`); a job
 * may narrow it with `tachyon_playbook_mode` in `env/settings`; a developer
 * forces it with `TACHYON_PLAYBOOK_MODE`.
 *
 * @module
 */
import buildPolicyFile from "../../tachyon.policy.json" with { type: "json" };

/**
 * What a job whose playbook names no automation runs:
 * - `auto`: the EE's Ansible (automations still run natively);
 * - `ansible`: every job runs under the EE's Ansible, automations too;
 * - `automation`: nothing but automations (and tachyon's own ad hoc modules);
 *   anything else is refused with an error status;
 * - `default-automation`: the seed's fixed script: the default automation.
 *
 * @example
 * ```ts
 * import type { PlaybookMode } from "./policy.ts";
 *
 * const mode: PlaybookMode = "auto";
 * ```
 */
export type PlaybookMode = "auto" | "ansible" | "automation" | "default-automation";

/**
 * The modes, in the order the documentation lists them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PLAYBOOK_MODES } from "./policy.ts";
 *
 * assert.ok(PLAYBOOK_MODES.includes("default-automation"));
 * ```
 */
export const PLAYBOOK_MODES: readonly PlaybookMode[] = [
  "auto",
  "ansible",
  "automation",
  "default-automation",
];

/** The routes each mode allows: a narrower mode allows a subset. */
const ALLOWED: Readonly<Record<PlaybookMode, readonly string[]>> = {
  auto: ["automation", "ansible"],
  ansible: ["ansible"],
  automation: ["automation"],
  "default-automation": ["automation", "default-automation"],
};

/**
 * The policy set at build time (`tachyon.policy.json`).
 *
 * @example
 * ```ts
 * import type { BuildPolicy } from "./policy.ts";
 *
 * const policy: BuildPolicy = {
 *   playbookMode: "auto",
 *   projectAutomations: false,
 *   ansiblePython: ["/usr/bin/python3"],
 *   ansibleBinDirs: ["/usr/bin"],
 * };
 * ```
 */
export interface BuildPolicy {
  /** The mode jobs run under unless they narrow it. */
  readonly playbookMode: PlaybookMode;
  /**
   * Whether a job's own project may bring its automation: `project/<playbook>.ts`
   * beside the playbook runs natively (loaded at run time, not type-checked).
   */
  readonly projectAutomations: boolean;
  /** Python interpreters that may hold the `ansible_runner` package, first found wins. */
  readonly ansiblePython: readonly string[];
  /** Directories searched for `ansible-playbook`, `ansible`, `ansible-inventory`. */
  readonly ansibleBinDirs: readonly string[];
}

/**
 * A policy value that is not one tachyon knows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PlaybookPolicyError } from "./policy.ts";
 *
 * assert.equal(new PlaybookPolicyError("bad").name, "PlaybookPolicyError");
 * ```
 */
export class PlaybookPolicyError extends Error {
  /** The error name. */
  override name = "PlaybookPolicyError";
}

/**
 * Where EEs keep the python that has ansible-runner, most likely first: awx-ee
 * and Debian 12 use python 3.11; a probe of one without the package costs one
 * interpreter start. An image builder names the EE's own first.
 */
const DEFAULT_PYTHONS = [
  "/usr/bin/python3.11",
  "/usr/bin/python3",
  "/usr/bin/python3.12",
  "/usr/bin/python3.13",
  "/usr/bin/python3.9",
  "/usr/local/bin/python3",
];

/**
 * Reads a build policy from the file's JSON value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseBuildPolicy } from "./policy.ts";
 *
 * const policy = parseBuildPolicy({ playbook_mode: "default-automation" });
 * assert.equal(policy.playbookMode, "default-automation");
 * assert.equal(policy.ansiblePython[0], "/usr/bin/python3.11");
 * ```
 */
export function parseBuildPolicy(value: unknown): BuildPolicy {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PlaybookPolicyError("tachyon.policy.json must hold a JSON object");
  }
  const fields = value as Record<string, unknown>;
  return Object.freeze({
    playbookMode: playbookMode(fields.playbook_mode ?? "auto", "tachyon.policy.json"),
    projectAutomations: flag(fields.project_automations ?? false, "project_automations"),
    ansiblePython: absolutePaths(
      fields.ansible_python ?? DEFAULT_PYTHONS,
      "ansible_python",
    ),
    ansibleBinDirs: absolutePaths(
      fields.ansible_bin_dirs ?? ["/usr/bin", "/usr/local/bin"],
      "ansible_bin_dirs",
    ),
  });
}

/**
 * The policy this binary was built with.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BUILD_POLICY, PLAYBOOK_MODES } from "./policy.ts";
 *
 * assert.ok(PLAYBOOK_MODES.includes(BUILD_POLICY.playbookMode));
 * ```
 */
export const BUILD_POLICY: BuildPolicy = parseBuildPolicy(buildPolicyFile);

/**
 * Checks a mode's spelling; `where` names its source in the error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { playbookMode } from "./policy.ts";
 *
 * assert.equal(playbookMode("ansible", "env/settings"), "ansible");
 * assert.throws(() => playbookMode("yolo", "env/settings"), /auto, ansible/);
 * ```
 */
export function playbookMode(value: unknown, where: string): PlaybookMode {
  if (typeof value === "string" && (PLAYBOOK_MODES as readonly string[]).includes(value)) {
    return value as PlaybookMode;
  }
  throw new PlaybookPolicyError(
    `The playbook mode ${JSON.stringify(value)} in ${where} is not one of ${
      PLAYBOOK_MODES.join(", ")
    }`,
  );
}

/**
 * The mode a job runs under, and where it came from.
 *
 * @example
 * ```ts
 * import type { EffectiveMode } from "./policy.ts";
 *
 * const mode: EffectiveMode = { mode: "auto", source: "the build policy" };
 * ```
 */
export interface EffectiveMode {
  /** The mode. */
  readonly mode: PlaybookMode;
  /** `the build policy`, `env/settings` or `TACHYON_PLAYBOOK_MODE`. */
  readonly source: string;
}

/**
 * The job's mode: `TACHYON_PLAYBOOK_MODE` when set (a developer's override),
 * else the job's `tachyon_playbook_mode` setting when it narrows the build
 * policy, else the build policy. A setting that would widen the build policy
 * is an error: the job asked for something the image forbids.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { effectiveMode } from "./policy.ts";
 *
 * assert.deepEqual(effectiveMode("auto", "ansible", undefined), {
 *   mode: "ansible",
 *   source: "env/settings",
 * });
 * assert.throws(() => effectiveMode("automation", "auto", undefined), /widen/);
 * ```
 */
export function effectiveMode(
  built: PlaybookMode,
  setting: unknown,
  forced: string | undefined,
): EffectiveMode {
  if (forced !== undefined && forced !== "") {
    return { mode: playbookMode(forced, "TACHYON_PLAYBOOK_MODE"), source: "TACHYON_PLAYBOOK_MODE" };
  }
  if (setting === undefined || setting === null) {
    return { mode: built, source: "the build policy" };
  }
  const asked = playbookMode(setting, "env/settings (tachyon_playbook_mode)");
  if (!ALLOWED[asked].every((route) => ALLOWED[built].includes(route))) {
    throw new PlaybookPolicyError(
      `env/settings asks for playbook mode ${asked}, which would widen this image's policy ` +
        `(${built}): a job may only narrow it`,
    );
  }
  return { mode: asked, source: "env/settings" };
}

function flag(value: unknown, key: string): boolean {
  if (typeof value !== "boolean") {
    throw new PlaybookPolicyError(`${key} in tachyon.policy.json must be true or false`);
  }
  return value;
}

function absolutePaths(value: unknown, key: string): readonly string[] {
  if (
    !Array.isArray(value) || !value.every((v) => typeof v === "string" && v.startsWith("/"))
  ) {
    throw new PlaybookPolicyError(`${key} in tachyon.policy.json must be a list of absolute paths`);
  }
  return Object.freeze([...value]);
}
