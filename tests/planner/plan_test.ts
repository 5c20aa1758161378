import assert from "node:assert/strict";
import {
  automationNamedBy,
  type JobRoute,
  type PlanInput,
  planJob,
  type PlaybookMode,
} from "../../src/planner/mod.ts";

const BASE = {
  argsFile: false,
  automations: ["main", "showcase"],
  defaultAutomation: "main",
  modules: ["ping", "command", "shell"],
} as const;

function plan(
  mode: PlaybookMode,
  kwargs: Record<string, unknown>,
  extra: Partial<PlanInput> = {},
) {
  return planJob({ ...BASE, mode: { mode, source: "the build policy" }, kwargs, ...extra });
}

interface Case {
  name: string;
  mode: PlaybookMode;
  kwargs: Record<string, unknown>;
  extra?: Partial<PlanInput>;
  route: JobRoute;
  automation?: string;
}

const CASES: Case[] = [
  {
    name: "auto: a playbook named like an automation runs it",
    mode: "auto",
    kwargs: { playbook: "showcase.yml" },
    route: "automation",
    automation: "showcase",
  },
  {
    name: "auto: a nested playbook path selects by its file name",
    mode: "auto",
    kwargs: { playbook: "plays/main.yaml" },
    route: "automation",
    automation: "main",
  },
  {
    name: "auto: any other playbook goes to Ansible",
    mode: "auto",
    kwargs: { playbook: "site.yml" },
    route: "ansible",
  },
  {
    name: "auto: project_update.yml goes to Ansible",
    mode: "auto",
    kwargs: { playbook: "project_update.yml" },
    route: "ansible",
  },
  {
    name: "auto: no playbook, no module goes to Ansible",
    mode: "auto",
    kwargs: {},
    route: "ansible",
  },
  {
    name: "auto: an args file (inventory update) goes to Ansible",
    mode: "auto",
    kwargs: {},
    extra: { argsFile: true },
    route: "ansible",
  },
  {
    name: "auto: the binary kwarg goes to Ansible, even with a matching playbook",
    mode: "auto",
    kwargs: { binary: "ansible-inventory", playbook: "main.yml" },
    route: "ansible",
  },
  {
    name: "auto: a null binary (what transmit writes) is no binary",
    mode: "auto",
    kwargs: { binary: null, playbook: "main.yml" },
    route: "automation",
    automation: "main",
  },
  {
    name: "auto: an ad hoc module tachyon has runs natively",
    mode: "auto",
    kwargs: { module: "ping" },
    route: "module",
  },
  {
    name: "auto: ansible.builtin.<module> is the same module",
    mode: "auto",
    kwargs: { module: "ansible.builtin.shell" },
    route: "module",
  },
  {
    name: "auto: a module from the command line (-m) counts",
    mode: "auto",
    kwargs: {},
    extra: { cmdlineModule: "command" },
    route: "module",
  },
  {
    name: "auto: an ad hoc module tachyon lacks goes to Ansible",
    mode: "auto",
    kwargs: { module: "dnf" },
    route: "ansible",
  },
  {
    name: "auto: a collection's module goes to Ansible",
    mode: "auto",
    kwargs: { module: "community.general.ini_file" },
    route: "ansible",
  },
  {
    name: "auto: TACHYON_AUTOMATION wins over everything",
    mode: "auto",
    kwargs: { playbook: "site.yml" },
    extra: { automationFile: "/src/a.ts" },
    route: "automation",
    automation: "/src/a.ts",
  },
  {
    name: "auto: the project's own automation runs",
    mode: "auto",
    kwargs: { playbook: "site.yml" },
    extra: { projectAutomation: { path: "/runner/project/site.ts", name: "site.ts" } },
    route: "automation",
    automation: "site.ts",
  },
  {
    name: "auto: a playbook named like an automation, not in the project, runs it",
    mode: "auto",
    kwargs: { playbook: "main.yml" },
    extra: { playbookFile: { found: false } },
    route: "automation",
    automation: "main",
  },
  {
    name: "auto: the project's own playbook named like an automation goes to Ansible",
    mode: "auto",
    kwargs: { playbook: "main.yml" },
    extra: { playbookFile: { found: true } },
    route: "ansible",
  },
  {
    name: "auto: a playbook that names its automation runs it",
    mode: "auto",
    kwargs: { playbook: "main.yml" },
    extra: { playbookFile: { found: true, names: "main" } },
    route: "automation",
    automation: "main",
  },
  {
    name: "auto: a playbook of any name that names an automation runs that automation",
    mode: "auto",
    kwargs: { playbook: "deploy/web.yml" },
    extra: { playbookFile: { found: true, names: "showcase" } },
    route: "automation",
    automation: "showcase",
  },
  {
    name: "auto: a playbook that names an automation the binary lacks goes to Ansible",
    mode: "auto",
    kwargs: { playbook: "main.yml" },
    extra: { playbookFile: { found: true, names: "fleet" } },
    route: "ansible",
  },
  {
    name: "automation: the project's own playbook named like an automation runs it",
    mode: "automation",
    kwargs: { playbook: "main.yml" },
    extra: { playbookFile: { found: true } },
    route: "automation",
    automation: "main",
  },
  {
    name: "default-automation: a playbook that names an automation runs that one",
    mode: "default-automation",
    kwargs: { playbook: "site.yml" },
    extra: { playbookFile: { found: true, names: "showcase" } },
    route: "automation",
    automation: "showcase",
  },
  {
    name: "ansible: a matching playbook still goes to Ansible",
    mode: "ansible",
    kwargs: { playbook: "main.yml" },
    route: "ansible",
  },
  {
    name: "ansible: a module tachyon has still goes to Ansible",
    mode: "ansible",
    kwargs: { module: "ping" },
    route: "ansible",
  },
  {
    name: "automation: a matching playbook runs it",
    mode: "automation",
    kwargs: { playbook: "main.yml" },
    route: "automation",
    automation: "main",
  },
  {
    name: "automation: any other playbook is refused",
    mode: "automation",
    kwargs: { playbook: "site.yml" },
    route: "refused",
  },
  {
    name: "automation: an args file is refused",
    mode: "automation",
    kwargs: {},
    extra: { argsFile: true },
    route: "refused",
  },
  {
    name: "automation: a module tachyon lacks is refused",
    mode: "automation",
    kwargs: { module: "dnf" },
    route: "refused",
  },
  {
    name: "automation: a module tachyon has runs",
    mode: "automation",
    kwargs: { module: "ping" },
    route: "module",
  },
  {
    name: "default-automation: any other playbook runs the default automation",
    mode: "default-automation",
    kwargs: { playbook: "site.yml" },
    route: "default-automation",
    automation: "main",
  },
  {
    name: "default-automation: no playbook runs the default automation",
    mode: "default-automation",
    kwargs: {},
    route: "default-automation",
    automation: "main",
  },
  {
    name: "default-automation: a matching playbook runs its automation",
    mode: "default-automation",
    kwargs: { playbook: "showcase.yml" },
    route: "automation",
    automation: "showcase",
  },
  {
    name: "default-automation: an inventory update is refused, not run as the script",
    mode: "default-automation",
    kwargs: { binary: "ansible-inventory" },
    route: "refused",
  },
  {
    name: "default-automation: a module tachyon lacks is refused",
    mode: "default-automation",
    kwargs: { module: "dnf" },
    route: "refused",
  },
];

Deno.test("the planner's routes, mode by mode", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      const decided = plan(c.mode, c.kwargs, c.extra);
      assert.equal(decided.route, c.route, decided.message);
      assert.equal(decided.mode, c.mode);
      const chosen = decided.automationFile !== undefined && c.extra?.automationFile
        ? decided.automationFile
        : decided.automation;
      assert.equal(chosen, c.automation);
    });
  }
});

Deno.test("the decision says what runs, why, and under which mode from where", async (t) => {
  await t.step("Ansible for a playbook without an automation", () => {
    assert.equal(
      plan("auto", { playbook: "web.yml" }).message,
      "tachyon: web.yml runs under the EE's Ansible: no automation is named web " +
        "(playbook mode auto, from the build policy).",
    );
  });
  await t.step("the project's own playbook is not replaced by an automation of its name", () => {
    assert.equal(
      plan("auto", { playbook: "main.yml" }, { playbookFile: { found: true } }).message,
      "tachyon: main.yml runs under the EE's Ansible: it is the project's own playbook: it has " +
        'no "# tachyon-automation: main" line, so the automation main baked into this binary ' +
        "does not replace it (playbook mode auto, from the build policy).",
    );
  });
  await t.step("a playbook's automation line is quoted", () => {
    const { message } = plan("auto", { playbook: "web.yml" }, {
      playbookFile: { found: true, names: "showcase" },
    });
    assert.equal(
      message,
      "tachyon: web.yml runs the automation showcase natively: the playbook names it " +
        '("# tachyon-automation: showcase") (playbook mode auto, from the build policy).',
    );
  });
  await t.step("the default automation names itself and says the playbook is not run", () => {
    const { message } = plan("default-automation", { playbook: "web.yml" });
    assert.match(message, /^tachyon: web\.yml runs the default automation main: /);
    assert.match(message, /which itself is not run/);
  });
  await t.step("a refusal names the job and the mode", () => {
    const { message } = plan("automation", { module: "dnf" });
    assert.match(message, /^tachyon: the ad hoc dnf job cannot run in this image: /);
    assert.match(message, /playbook mode automation/);
  });
  await t.step("the project's automation is named by its path in the project", () => {
    const { message, automationFile } = plan("auto", { playbook: "site.yml" }, {
      projectAutomation: { path: "/runner/project/site.ts", name: "site.ts" },
    });
    assert.equal(automationFile, "/runner/project/site.ts");
    assert.match(message, /runs the automation site\.ts natively: the job's project has it/);
  });
  await t.step("an inventory update names the args file", () => {
    assert.match(
      plan("auto", {}, { argsFile: true }).message,
      /^tachyon: the command in the job's args file runs under the EE's Ansible/,
    );
  });
});

Deno.test("the automation a playbook names: its own comment line, wherever it is", () => {
  const cases: [string, string | undefined][] = [
    ["# tachyon-automation: main\n- hosts: all\n", "main"],
    ["---\n# a twin\n  #tachyon-automation:fleet  \r\n- hosts: all\n", "fleet"],
    ["- hosts: all\n  tasks: []\n# tachyon-automation: web_tier-2.x\n", "web_tier-2.x"],
    ["- hosts: all\n", undefined],
    ["- debug: msg='# tachyon-automation: main'\n", undefined],
    ["# tachyon-automation: main and more\n", undefined],
    ["# tachyon-automation:\n", undefined],
    ["# tachyon-automations: main\n", undefined],
  ];
  for (const [text, named] of cases) assert.equal(automationNamedBy(text), named, text);
});
