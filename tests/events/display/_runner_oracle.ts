/**
 * Test support: the questions the display tests ask the real ansible-runner
 * 2.3.1 / ansible-core 2.14 — a private data dir whose playbooks and custom
 * module produce every kind of display text (banners, loops, no_log, warnings,
 * deprecations, exceptions, delegation, unreachable hosts) — and its recorded
 * events (tests/_oracles/runner_events.ts). The display tests render the same
 * events with src/events/display and compare.
 *
 * @module
 */

import type { HostCounts } from "../../../src/events/display/mod.ts";
import { type RunnerEventAnswer, runnerRunEvents } from "../../_oracles/runner_events.ts";

/** A JSON object. */
export type Dict = Record<string, unknown>;

/** The fields of an ansible-runner event the tests read (normalized, see the oracle). */
export type RunnerEvent = RunnerEventAnswer;

/** Local hosts, a long name, an alias, and two unreachable SSH hosts. */
const INVENTORY = `
localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3
web-server-with-a-very-long-name-01 ansible_connection=local ansible_python_interpreter=/usr/bin/python3
alias ansible_host=127.0.0.1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3
bad ansible_host=127.0.0.254 ansible_connection=ssh ansible_ssh_timeout=2
bad2 ansible_host=127.0.0.253 ansible_connection=ssh ansible_ssh_timeout=2
`;

/** A custom module returning canned results (warnings, exceptions, …). */
const WARNMOD = `#!/usr/bin/python3
import json, sys
args = open(sys.argv[1]).read()
kind = args.split("kind=")[1].split()[0] if "kind=" in args else "warn"
if kind == "warn":
    print(json.dumps({"changed": False, "x": 1,
        "warnings": ["This is a warning from the module that is rather long so that it needs to wrap around the eighty column terminal width, yes indeed it is - really-long-hyphenated-word-here."],
        "deprecations": [{"msg": "old thing", "version": "2.99", "collection_name": "ansible.builtin"}]}))
elif kind == "dep2":
    print(json.dumps({"changed": True, "warnings": [], "deprecations": [
        {"msg": "use the other option instead!", "date": "2030-01-01", "collection_name": "community.general"},
        {"msg": "no version"}]}))
elif kind == "exc":
    print(json.dumps({"failed": True, "msg": "it broke",
        "exception": "Traceback (most recent call last):\\n  File x\\nValueError: bad value\\n"}))
elif kind == "diff":
    print(json.dumps({"changed": True, "diff": {"before": "a\\n", "after": "b\\n"}, "y": "\\u00e9\\t\\u2603",
        "nested": {"_ansible_no_log": False, "k": [{"_ansible_item_label": 1, "v": None}]}}))
`;

/** Plays covering every display text of a playbook run (`-p x.yml`). */
const PLAYBOOK = `
- hosts: localhost
  gather_facts: true
  tasks:
    - name: dep2
      warnmod: kind=dep2
    - include_tasks: inc.yml
    - name: retry
      command: /bin/false
      register: rr
      until: rr.rc == 0
      retries: 2
      delay: 0
      ignore_errors: true
    - name: debug var list
      debug: var=[1,2]
    - block:
        - fail: msg=inblock
      rescue:
        - debug: msg=rescued
    - command: echo
      changed_when: true
      notify: h1
  handlers:
    - name: h1
      debug: msg=handled
- name: Demo play
  hosts: localhost,web-server-with-a-very-long-name-01
  gather_facts: false
  tasks:
    - name: say hi
      debug: msg=hello
    - debug: var=inventory_hostname
    - command: echo hi
    - name: fail ignored
      command: /bin/false
      ignore_errors: true
    - name: skip me
      debug: msg=x
      when: false
    - name: loop
      debug: msg="{{ item }}"
      loop: [1, 2]
    - name: loop cmd
      command: "echo {{ item }}"
      loop: [a, b]
    - name: loop skip
      command: "echo {{ item }}"
      loop: [a, b]
      when: item == 'a'
    - name: all skipped loop
      debug: msg=x
      loop: [1, 2]
      when: false
    - name: failed loop
      command: "/bin/{{ item }}"
      loop: ["true", "false"]
      ignore_errors: true
    - name: loop label
      debug: msg=x
      loop: [{a: 1}, {a: 2}]
      loop_control: {label: "{{ item.a }}"}
    - name: loop dict
      command: echo
      loop: [{a: 1, "b'": [true, null, 1.5, "\\u00e9\\n"]}]
    - name: nolog
      command: echo secret
      no_log: true
    - name: nolog fail
      command: /bin/false
      no_log: true
      ignore_errors: true
    - name: nolog loop
      command: "/bin/{{ item }}"
      loop: ["true", "false"]
      no_log: true
      ignore_errors: true
    - name: "unicode \\u00e9 \\u00fc \\u65e5\\u672c \\U0001F389"
      debug: msg="h\\u00e9llo \\u65e5\\u672c \\u001b"
    - name: a task name that is so long that the banner would not fit into the eighty columns at all
      set_fact: a=1
    - name: fail msg
      fail: msg="boom"
      ignore_errors: true
    - name: assert
      assert:
        that: [1 == 1]
    - name: fail stderr
      shell: echo out; echo err >&2; exit 3
      ignore_errors: true
    - warnmod: kind=warn
    - warnmod: kind=warn
    - name: exc
      warnmod: kind=exc
      ignore_errors: true
    - name: diff
      warnmod: kind=diff
    - name: delegated
      ping:
      delegate_to: alias
    - name: fail host
      fail: msg=die
      when: inventory_hostname == 'localhost'
    - name: after
      ping:
- hosts: nomatch
  tasks:
    - ping:
- name: Unreach
  hosts: bad,bad2
  gather_facts: false
  tasks:
    - ping:
      ignore_unreachable: true
    - ping:
    - ping:
`;

/** Handler names of PLAYBOOK (their banners say `RUNNING HANDLER`). */
export const HANDLERS = new Set(["h1"]);
/** Tasks of PLAYBOOK delegated elsewhere, by name. */
export const DELEGATED: Record<string, string> = { delegated: "alias" };

/**
 * The environment of every run. Without PYTHONUNBUFFERED, Ansible's warnings
 * and deprecations (written to stderr) reach ansible-runner's pty ahead of the
 * result they belong to and become `verbose` events of their own; with it,
 * they are part of the result event's `stdout`, as the renderers write them.
 */
const RUN_ENV = { ANSIBLE_NOCOLOR: "", ANSIBLE_FORCE_COLOR: "", PYTHONUNBUFFERED: "1" };

/** The events a playbook run's display test renders. */
const PLAYBOOK_EVENTS = [
  "playbook_on_start",
  "playbook_on_play_start",
  "playbook_on_task_start",
  "playbook_on_stats",
  "playbook_on_no_hosts_matched",
  "playbook_on_include",
  "runner_retry",
  "warning",
];

/**
 * Runs the real ansible-runner on `playbook` (`x.yml` or `v.yml`) with `args`
 * and returns its events in counter order. One fork: the hosts of a task
 * answer in inventory order, so the recorded events are the same on every run.
 * Each run has its own private data dir (`--cmdline` is written into it).
 *
 * @example
 * ```ts
 * const events = await playbookEvents("v.yml", ["--cmdline=-vv"]);
 * ```
 */
export function playbookEvents(playbook: string, args: string[] = []): Promise<RunnerEvent[]> {
  const files: Record<string, string> = {
    "inventory/hosts": INVENTORY,
    "project/library/warnmod.py": WARNMOD,
  };
  if (playbook === "x.yml") {
    files["project/x.yml"] = PLAYBOOK;
    files["project/inc.yml"] = "- debug: msg=inc\n";
  } else files["project/v.yml"] = VERBOSE_PLAYBOOK;
  return runnerRunEvents({
    files,
    executables: ["project/library/warnmod.py"],
    args: ["-p", playbook, "--forks", "1", ...args],
    env: RUN_ENV,
    events: [...PLAYBOOK_EVENTS, ...Object.keys(RESULT_EVENTS)],
  });
}

/**
 * Runs the real ansible-runner ad hoc (`-m …`) with `args` and returns its
 * result, stats and (with `verbose`) warning events in counter order. The
 * custom module is found through ANSIBLE_LIBRARY.
 *
 * @example
 * ```ts
 * const events = await adhocEvents(["-m", "ping", "--hosts", "localhost"]);
 * ```
 */
export function adhocEvents(args: string[], verbose = false): Promise<RunnerEvent[]> {
  return runnerRunEvents({
    files: {
      "inventory/hosts": INVENTORY,
      "project/library/warnmod.py": WARNMOD,
      "env/envvars": "ANSIBLE_LIBRARY: <DIR>/project/library\n",
    },
    executables: ["project/library/warnmod.py"],
    args: [...args, "--forks", "1"],
    env: RUN_ENV,
    events: ["playbook_on_stats", ...Object.keys(RESULT_EVENTS), ...(verbose ? ["verbose"] : [])],
  });
}

/**
 * The recap counters of a `playbook_on_stats` event's `event_data`.
 *
 * @example
 * ```ts
 * const stats = statsFromEventData({
 *   processed: { h: 1 },
 *   ok: { h: 2 },
 *   changed: {},
 *   dark: {},
 *   failures: {},
 *   skipped: {},
 *   rescued: {},
 *   ignored: {},
 * }); // h: ok=2, the rest 0
 * ```
 */
export function statsFromEventData(d: Dict): Map<string, HostCounts> {
  const n = (key: string, host: string) => ((d[key] as Record<string, number>)[host] ?? 0);
  const stats = new Map<string, HostCounts>();
  for (const host of Object.keys(d.processed as Dict)) {
    stats.set(host, {
      ok: n("ok", host),
      changed: n("changed", host),
      unreachable: n("dark", host),
      failed: n("failures", host),
      skipped: n("skipped", host),
      rescued: n("rescued", host),
      ignored: n("ignored", host),
    });
  }
  return stats;
}

/** Event name → the outcome renderers are called with. */
export const RESULT_EVENTS: Record<string, "ok" | "failed" | "skipped" | "unreachable"> = {
  runner_on_ok: "ok",
  runner_on_failed: "failed",
  runner_on_skipped: "skipped",
  runner_on_unreachable: "unreachable",
  runner_item_on_ok: "ok",
  runner_item_on_failed: "failed",
  runner_item_on_skipped: "skipped",
};

/** Plays for the `-v`, `-vv`, `-vvv` runs (`-p v.yml`). */
const VERBOSE_PLAYBOOK = `
- hosts: localhost
  gather_facts: true
  tasks:
    - ping:
    - command: /bin/false
      ignore_errors: true
    - debug: msg=x
      when: false
    - debug: msg=y
      loop: [1]
    - name: exc
      warnmod: kind=exc
      ignore_errors: true
    - name: diff
      warnmod: kind=diff
    - name: retry
      command: /bin/false
      register: rr
      until: rr.rc == 0
      retries: 1
      delay: 0
      ignore_errors: true
`;
