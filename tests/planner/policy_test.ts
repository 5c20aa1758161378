import assert from "node:assert/strict";
import { join } from "node:path";
import {
  BUILD_POLICY,
  effectiveMode,
  parseBuildPolicy,
  PLAYBOOK_MODES,
  type PlaybookMode,
  PlaybookPolicyError,
} from "../../src/planner/mod.ts";
import { ROOT } from "../_support/worker_process.ts";

/** The routes each mode allows, as the README's table states them. */
const ROUTES: Record<PlaybookMode, string[]> = {
  auto: ["automation", "ansible"],
  ansible: ["ansible"],
  automation: ["automation"],
  "default-automation": ["automation", "default-automation"],
};

Deno.test("a job may narrow the build policy, never widen it", async (t) => {
  for (const built of PLAYBOOK_MODES) {
    for (const asked of PLAYBOOK_MODES) {
      const narrows = ROUTES[asked].every((r) => ROUTES[built].includes(r));
      await t.step(`${built} ← ${asked}: ${narrows ? "taken" : "refused"}`, () => {
        if (narrows) {
          assert.deepEqual(effectiveMode(built, asked, undefined), {
            mode: asked,
            source: "env/settings",
          });
        } else {
          assert.throws(() => effectiveMode(built, asked, undefined), PlaybookPolicyError);
        }
      });
    }
  }
});

Deno.test("TACHYON_PLAYBOOK_MODE forces the mode; unknown modes are errors", async (t) => {
  await t.step("the variable wins over the build and the settings", () => {
    assert.deepEqual(effectiveMode("automation", "automation", "default-automation"), {
      mode: "default-automation",
      source: "TACHYON_PLAYBOOK_MODE",
    });
  });
  await t.step("an empty variable is unset", () => {
    assert.equal(effectiveMode("auto", undefined, "").source, "the build policy");
  });
  await t.step("a misspelt mode names where it came from", () => {
    assert.throws(
      () => effectiveMode("auto", "fixed", undefined),
      /"fixed" in env\/settings \(tachyon_playbook_mode\) is not one of auto, ansible/,
    );
    assert.throws(() => effectiveMode("auto", undefined, "yes"), /in TACHYON_PLAYBOOK_MODE/);
  });
});

Deno.test("the build policy file: defaults, and errors that name the key", async (t) => {
  await t.step("an empty object is the default policy", () => {
    assert.deepEqual(parseBuildPolicy({}), {
      playbookMode: "auto",
      projectAutomations: false,
      ansiblePython: [
        "/usr/bin/python3.11",
        "/usr/bin/python3",
        "/usr/bin/python3.12",
        "/usr/bin/python3.13",
        "/usr/bin/python3.9",
        "/usr/local/bin/python3",
      ],
      ansibleBinDirs: ["/usr/bin", "/usr/local/bin"],
    });
  });
  await t.step("bad values", () => {
    assert.throws(() => parseBuildPolicy([]), /must hold a JSON object/);
    assert.throws(() => parseBuildPolicy({ playbook_mode: "x" }), /tachyon\.policy\.json/);
    assert.throws(() => parseBuildPolicy({ project_automations: "yes" }), /true or false/);
    assert.throws(() => parseBuildPolicy({ ansible_python: ["python3"] }), /absolute paths/);
  });
  await t.step("the shipped file is the default policy", () => {
    assert.deepEqual(BUILD_POLICY, parseBuildPolicy({}));
  });
});

Deno.test("the binary may run every interpreter the build policy names", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const run: string[] = config.permissions.default.run;
  for (const python of BUILD_POLICY.ansiblePython) {
    assert.ok(run.includes(python), `${python} is missing from permissions.default.run`);
  }
  const env: string[] = config.permissions.default.env;
  for (const name of ["TACHYON_PLAYBOOK_MODE", "TACHYON_ANSIBLE_PYTHON"]) {
    assert.ok(env.includes(name), `${name} is missing from permissions.default.env`);
  }
});
