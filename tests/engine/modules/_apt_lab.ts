/**
 * Test support for `apt` and `package` on twin lab hosts (`_twin_lab.ts`)
 * that know only the local repository of `_apt_repo.ts`: a batch of steps
 * on both hosts (Ansible's as one playbook, which costs one Ansible start
 * instead of one per step), each pair of results compared whole, steps
 * that must be idempotent run twice, and the hosts' package state
 * compared.
 *
 * @module
 */
import assert from "node:assert/strict";
import { buildAptRepoFiles } from "./_apt_repo.ts";
import { type LabTwins, startLabTwins, type TwinResult } from "./_twin_lab.ts";

/** What the hosts' package state is compared by. */
const STATE_SCRIPT = `
dpkg-query -W -f='\${Package} \${db:Status-Abbrev}\${Version}\\n' 'tachyon-*' 2>/dev/null | sort
echo "manual: $(apt-mark showmanual 2>/dev/null | grep '^tachyon-' | sort | tr '\\n' ' ')"
echo "auto: $(apt-mark showauto 2>/dev/null | grep '^tachyon-' | sort | tr '\\n' ' ')"
for f in /etc/tachyon-conf.conf /usr/sbin/policy-rc.d /usr/share/tachyon-hello/version; do
  [ -e "$f" ] && echo "file $f: $(cat "$f" | head -n 2)"
done
true
`;

/** One step: `apt` (or `package`) with its arguments, check and diff mode. */
export interface AptStep {
  /** The module's arguments. */
  args: Record<string, unknown>;
  /** `apt` (default) or `package`. */
  module?: string;
  /** Check mode. */
  check?: boolean;
  /** Diff mode. */
  diff?: boolean;
  /** Run it a second time, which must change nothing. */
  twice?: boolean;
}

/** Twin lab hosts with the local repository, and the means to compare steps. */
export interface AptTwins extends AsyncDisposable {
  /** The twins. */
  readonly twins: LabTwins;
  /**
   * Runs `steps` in order on both hosts (Ansible's as one playbook) and
   * compares each pair of results; a `twice` step runs again and must
   * then change nothing. The cache's time is compared as the order of its
   * values on each side, the last one against each host's
   * `/var/lib/apt/lists`. Returns the results of each step's first run:
   * `[ansible, tachyon]`.
   */
  batch(steps: readonly AptStep[]): Promise<[TwinResult, TwinResult][]>;
  /** The hosts' package state (dpkg, apt-mark, a few files), the same on both. */
  state(): Promise<string>;
}

/** `stat -c %Y` of the lists dir on each host: `[ansible, tachyon]`. */
async function cacheTimes(twins: LabTwins): Promise<[number, number]> {
  const [a, t] = await twins.shell("stat -c %Y /var/lib/apt/lists");
  return [Number(a.trim()), Number(t.trim())];
}

/** Replaces each `cache_update_time` by the order of its value (`t1`, `t2`, …); returns the last. */
function labelCacheTimes(results: TwinResult[]): unknown {
  const seen: unknown[] = [];
  let last: unknown;
  for (const r of results) {
    if (!("cache_update_time" in r)) continue;
    last = r.cache_update_time;
    assert.equal(typeof last, "number", "cache_update_time is a number");
    if (!seen.includes(last)) seen.push(last);
    r.cache_update_time = `t${seen.indexOf(last) + 1}`;
  }
  return last;
}

/**
 * Starts twins named `prefix01`/`prefix02` with the local repository.
 *
 * @example
 * ```ts
 * await using apt = await startAptTwins("apt");
 * await apt.batch([{ args: { update_cache: true } }]);
 * ```
 */
export async function startAptTwins(prefix: string): Promise<AptTwins> {
  const files = await buildAptRepoFiles();
  const twins = await startLabTwins(prefix, { files });
  return {
    twins,
    async batch(steps) {
      const runs: { step: AptStep; again: boolean }[] = steps.flatMap((step) =>
        step.twice ? [{ step, again: false }, { step, again: true }] : [{ step, again: false }]
      );
      const { ansible, tachyon } = await twins.runSteps(runs.map(({ step }) => ({
        module: step.module ?? "apt",
        args: step.args,
        check: step.check,
        diff: step.diff,
      })));
      const lastAnsible = labelCacheTimes(ansible);
      const lastTachyon = labelCacheTimes(tachyon);
      if (lastAnsible !== undefined || lastTachyon !== undefined) {
        const [a, t] = await cacheTimes(twins);
        assert.equal(lastAnsible, a, "Ansible's last cache time is the lists' mtime");
        assert.equal(lastTachyon, t, "tachyon's last cache time is the lists' mtime");
      }
      const firsts: [TwinResult, TwinResult][] = [];
      runs.forEach(({ step, again }, i) => {
        const label = `${step.module ?? "apt"} ${JSON.stringify(step.args)}` +
          `${step.check ? " check" : ""}${step.diff ? " diff" : ""}${again ? " (again)" : ""}`;
        assert.deepEqual(tachyon[i], ansible[i], label);
        if (again) assert.equal(ansible[i].changed, false, `idempotent: ${label}`);
        else firsts.push([ansible[i], tachyon[i]]);
      });
      return firsts;
    },
    async state() {
      const [a, t] = await twins.shell(STATE_SCRIPT);
      assert.equal(t, a, "package state");
      return t;
    },
    [Symbol.asyncDispose]: () => twins.stop(),
  };
}
