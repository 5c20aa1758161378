/**
 * Inventory corpus shared by the comparison tests: each case is a file
 * tree, the sources tachyon loads, and the sources the real
 * `ansible-inventory` gets (the same, except where noted). Scripts name the
 * programs they run by absolute path: the unit tier may run with nothing
 * but Deno on PATH.
 *
 * @module
 */

import type { TreeFile } from "../../_oracles/ansible_cli.ts";

/**
 * One corpus inventory.
 *
 * @example
 * ```ts
 * const c: CorpusCase = { name: "tiny", files: { "hosts": "h1\n" }, sources: ["hosts"] };
 * ```
 */
export interface CorpusCase {
  name: string;
  files: Record<string, TreeFile>;
  /** Sources, relative to the temp root (or host lists). */
  sources: string[];
  /** Sources given to Ansible when they differ (see the case's comment). */
  peerSources?: string[];
  /** Warnings tachyon must report (substring match). */
  warnings?: string[];
}

const exec = (text: string): TreeFile => ({ text, mode: 0o700 });

/**
 * The corpus (each case is compared with `ansible-inventory --list`).
 *
 * @example
 * ```ts
 * CORPUS.map((c) => c.name);
 * ```
 */
export const CORPUS: CorpusCase[] = [
  {
    name: "ini: groups, vars, comments, ports, literal values",
    sources: ["inv/hosts"],
    warnings: ["group name (web-servers)"],
    files: {
      "inv/hosts": `# comment line
; another comment
alpha ansible_host=10.0.0.1 ansible_port=2222
beta:2200 note="a b" single='c d' num=42 flt=1.5 t=True f=false n=None lst="[1, 2]" dct="{'k': 'v'}" hex=0x1F oct=0o17 lead=010 neg=-7 s=yes path=/usr/bin/python3 empty="" tup=1,2 bs=b'x' esc="a\\tb"
gamma  # trailing comment

[web]
web1 ansible_host=web1.example.com
web2  http_port=8080 maxRequestsPerChild=808
alpha

[db]
db1 ansible_user=postgres comment=x#notacomment ignored=yes
db2:5432

[web-servers]
ws1

[web:vars]
ntp_server = ntp.example.com
http_port = 80
proxy = "proxy.example.com"
list_var = ['a', 'b']
spaced = hello world
dict_var = {"a": 1}
commented = 5 # a python comment
raw_hash = a#b

[all:vars]
ansible_user = admin
http_port = 1
empty_value =
`,
    },
  },
  {
    name: "ini: host ranges (numeric, padded, alphabetic, steps, nested)",
    sources: ["inv/ranges"],
    files: {
      "inv/ranges": `[web]
web[01:05]
www[8:11].example.com
[db]
db-[a:c]
db-[y:B]
[odd]
node[1:10:3]
[grid]
r[0:1]c[a:b]
[pad]
n[001:003]:2022 role=edge
[zero]
z[:2]
[mixed:children]
web
db
`,
    },
  },
  {
    name: "ini: children three levels deep, pending declarations, precedence",
    sources: ["inv/deep"],
    files: {
      "inv/deep": `[all:vars]
level=all
who=all

[top:children]
middle
[top:vars]
level=top
who=top
top_only=1

[middle:children]
bottom
other
[middle:vars]
level=middle

[bottom]
b1 level=host
b2
[bottom:vars]
level=bottom
who=bottom

[other]
o1
b2
[other:vars]
who=other

[lonely:vars]
x=1
[lonely]
l1

[prio_low]
p1
[prio_low:vars]
color=low
ansible_group_priority=10
[prio_high]
p1
[prio_high:vars]
color=high
`,
    },
  },
  {
    name: "ini: ungrouped hosts reconcile",
    sources: ["inv/ungrouped"],
    files: {
      "inv/ungrouped": `early1
early2 v=1
[g]
early2
late
[empty]
[ungrouped]
named_ungrouped
`,
    },
  },
  {
    name: "yaml: all/hosts/children/vars, nulls, shorthand, ranges, YAML 1.1 scalars",
    sources: ["inv/hosts.yml"],
    warnings: ["Skipping key (weird_key)", "Skipping unexpected key (unknown)"],
    files: {
      "inv/hosts.yml": `all:
  vars:
    ansible_user: deploy
    yes_value: yes
    on_value: on
    y_value: y
    octal: 0755
    sexa: 1:30
    date: 2024-01-02
    stamp: 2024-01-02 03:04:05.5 +02:00
    float_exp: 1.5e+3
    not_float: 1e3
    nested: {a: [1, 2, {b: null}], c: ~}
    quoted: "yes"
    anchor: &anc {k: v}
    merged:
      <<: *anc
      extra: 1
    multi: |
      line1
      line2
    unsafe: !unsafe "{{ not_templated }}"
  children:
    web:
      hosts:
        web[1:3].example.com:
          http_port: 80
        web4:2222:
      vars:
        role: web
    db:
      hosts: db1
      children:
        db_replicas:
          hosts:
            replica-[a:b]:
      weird_key: 5
      unknown: {a: 1}
    empty_group:
    string_children:
      children: web
  hosts:
    solo:
    solo2: {ansible_host: 10.1.1.1}
ungrouped:
  hosts:
    loose:
other_top:
  hosts:
    solo:
      extra: 1
`,
    },
  },
  {
    name: "yaml: precedence by depth, ansible_group_priority and name",
    sources: ["inv/prio.yaml"],
    files: {
      "inv/prio.yaml": `all:
  vars: {color: all, size: all}
  children:
    beta:
      hosts: {h1: , h2: }
      vars: {color: beta, ansible_group_priority: 5}
    alpha:
      hosts: {h1: , h2: }
      vars: {color: alpha, size: alpha}
    gamma:
      hosts: {h2: }
      vars: {color: gamma, size: gamma, ansible_group_priority: 2}
      children:
        gamma_kid:
          hosts: {h3: {color: host}}
          vars: {color: kid, size: kid}
    z_last:
      hosts: {h3: }
      vars: {size: z}
`,
    },
  },
  {
    name: "json file in YAML-inventory form (yaml plugin)",
    sources: ["inv/inventory.json"],
    files: {
      "inv/inventory.json": JSON.stringify({
        web: {
          hosts: { w1: { a: 1, deep: { x: [1, { y: null }] } }, w2: null },
          vars: { v: true, f: 1.25 },
          children: { sub: { hosts: { s1: {} } } },
        },
        all: { vars: { g: "x" } },
      }),
    },
  },
  {
    name: "script with _meta (AWX form)",
    sources: ["inv/hosts"],
    files: {
      "inv/hosts": exec(`#!/bin/sh
if [ "$1" = "--list" ]; then /bin/cat <<'EOF'
{"all": {"children": ["ungrouped", "web", "db"], "vars": {"awx_var": 1, "ansible_connection": "ssh"}},
 "ungrouped": {"hosts": ["lonely"]},
 "web": {"hosts": ["web1", "web2"], "vars": {"http_port": 80}, "children": ["web_eu"]},
 "web_eu": {"hosts": ["web3"]},
 "db": {"hosts": ["db1", "web1"]},
 "_meta": {"hostvars": {"web1": {"ansible_host": "10.0.0.1", "http_port": 8080},
   "db1": {"nested": {"k": [1, 2]}, "unicode": "caf\\u00e9"}, "lonely": {}, "not_listed": {"x": 1}}}}
EOF
else
  echo "--host must not be called when _meta is present" >&2
  exit 3
fi
`),
    },
  },
  {
    name: "script without _meta (--host per host, JSON and YAML answers)",
    sources: ["inv/dyn.sh"],
    files: {
      "inv/dyn.sh": exec(`#!/bin/sh
case "$1" in
--list) echo '{"app": ["a1", "a2"], "cache": {"hosts": ["c1"], "vars": {"tier": "cache"}}}';;
--host)
  case "$2" in
  a1) echo '{"role": "primary", "port": 1}';;
  a2) echo '{}';;
  c1) printf 'tier: override\\nflag: yes\\n';;
  esac;;
esac
`),
    },
  },
  {
    name: "script legacy shapes (list groups, vars-only groups)",
    sources: ["inv/legacy"],
    warnings: ["Found both group and host with same name: e"],
    files: {
      "inv/legacy": exec(`#!/bin/sh
[ "$1" = "--list" ] && /bin/cat <<'EOF'
{"all": {"children": ["ungrouped", "g", "e"], "vars": {"v": 1}},
 "g": {"hosts": ["a", "b"], "children": {"kid": null}},
 "kid": ["k1"],
 "e": {},
 "legacy": ["c", "d"],
 "vars_only": {"x": 1, "y": [1, 2]},
 "_meta": {"hostvars": {"a": {"x": 1}}}}
EOF
`),
    },
  },
  {
    // Ansible reads this JSON shape only from scripts; tachyon also reads
    // it from a plain file. The peer gets the same JSON through `cat`.
    name: "static file in ansible-inventory --list form (vs the same JSON from a script)",
    sources: ["inv/list.json"],
    peerSources: ["inv/cat.sh"],
    files: {
      "inv/list.json": JSON.stringify({
        _meta: { hostvars: { h1: { a: 1 }, h2: { b: [1, 2] } } },
        all: { children: ["ungrouped", "grp"], vars: { top: true } },
        grp: { hosts: ["h1", "h2"], children: ["sub"] },
        sub: { hosts: ["h3"] },
        ungrouped: { hosts: ["h4"] },
      }),
      "inv/cat.sh": exec(`#!/bin/sh\n/bin/cat "$(/bin/dirname "$0")/list.json"\n`),
    },
  },
  {
    name: "directory mixing INI, YAML, script, subdir, ignored files, group_vars/host_vars",
    sources: ["inv"],
    files: {
      "inv/01-static": "[web]\nw1\nw2\n[web:vars]\nsrc=ini\nini_only=1\n",
      "inv/02-hosts.yml":
        "web:\n  hosts:\n    w3:\n  vars:\n    src: yaml\ndb:\n  hosts:\n    d1:\n",
      "inv/03-script": exec(
        `#!/bin/sh\necho '{"dyn": {"hosts": ["x1", "w1"]}, "_meta": {"hostvars": {"x1": {"from": "script"}}}}'\n`,
      ),
      "inv/sub/more.yaml": "more:\n  hosts:\n    m1:\n",
      "inv/ignored.ini": "[bad]\nshould_not_appear\n",
      "inv/notes.txt": "garbage = [\n",
      "inv/README.md": "# Title\nsome text here\n",
      "inv/backup~": "[bad]\nbackup_host\n",
      "inv/.hidden": "[bad]\nhidden_host\n",
      "inv/old.retry": "retry_host\n",
      "inv/group_vars/all.yml": "gv_all: 1\nshared: all\n",
      "inv/group_vars/web/main.yml": "shared: web\nweb_list: [1, 2]\n",
      "inv/group_vars/web/zz.json": '{"from_json": true, "shared": "web_json"}',
      "inv/group_vars/web/notes.txt": "not: read\n",
      "inv/group_vars/web/.hidden.yml": "hidden: read\n",
      "inv/group_vars/db": "db_var: plain\n",
      "inv/group_vars/db.yml": "db_yml: never\n",
      "inv/group_vars/dyn.yaml": "---\ndyn_var: yes\n",
      "inv/group_vars/empty.yml": "",
      "inv/host_vars/w1.yaml": "host_file: w1\nshared: host\n",
      "inv/host_vars/d1/vars.yml": "d1_dir: true\n",
      "inv/host_vars/d1/nested/more.yml": "d1_nested: 2\n",
      "inv/host_vars/w2.json": '{"w2_json": [1]}',
      "inv/host_vars/m1.yml": "{}\n",
    },
  },
  {
    name: "precedence: inline vars vs group_vars/all vs group_vars/GROUP vs host_vars",
    sources: ["inv/hosts"],
    files: {
      "inv/hosts": `[all:vars]
a=inv_all
b=inv_all
c=inv_all
d=inv_all
[web]
w1 d=inv_host e=inv_host
w2
[web:vars]
b=inv_web
c=inv_web
[sub]
w1
[sub:vars]
c=inv_sub
[web:children]
sub
`,
      "inv/group_vars/all.yml": "a: gv_all\nb: gv_all\nc: gv_all\nd: gv_all\ne: gv_all\n",
      "inv/group_vars/web.yml": "c: gv_web\n",
      "inv/group_vars/sub.yml": "sub_only: 1\n",
      "inv/host_vars/w1.yml": "e: hv\n",
    },
  },
  {
    name: "several sources, each with its own group_vars",
    sources: ["a/hosts", "b/hosts.yml"],
    files: {
      "a/hosts": "[web]\nw1 from=a\nw2\n",
      "a/group_vars/all.yml": "x: a\ny: a_all\n",
      "a/group_vars/web.yml": "y: a_web\nz: a_web\n",
      "b/hosts.yml": "web:\n  hosts:\n    w2:\n      from: b\n    w3:\n",
      "b/group_vars/all.yml": "x: b\ny: b_all\n",
      "b/group_vars/web.yml": "z: b_web\n",
      "b/host_vars/w1.yml": "hv: b\n",
    },
  },
  {
    name: "host list source",
    sources: ["h1,h2:2222, 10.0.0.5,[::1]:22"],
    files: {},
  },
  {
    name: "empty YAML file falls back to an empty INI inventory",
    sources: ["inv/empty.yml"],
    files: { "inv/empty.yml": "" },
  },
];
