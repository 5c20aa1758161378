/**
 * The part of Python's `difflib.SequenceMatcher` that `unified_diff` uses:
 * matching blocks, opcodes and grouped opcodes of two lists of lines, with
 * CPython's tie-breaking and its "autojunk" rule (in a `b` of 200 lines or
 * more, lines that occur more than 1% + 1 times never start a match), so the
 * hunks Ansible prints under `--diff` come out line for line the same.
 *
 * @module
 */

/** An opcode tag, as `SequenceMatcher.get_opcodes()` names it. */
export type OpcodeTag = "replace" | "delete" | "insert" | "equal";

/**
 * One opcode: `a[i1:i2]` becomes `b[j1:j2]` by `tag`.
 *
 * @example
 * ```ts
 * import type { Opcode } from "./diff_matcher.ts";
 * const keep: Opcode = ["equal", 0, 2, 0, 2];
 * ```
 */
export type Opcode = [tag: OpcodeTag, i1: number, i2: number, j1: number, j2: number];

/**
 * A matching block: `a[i:i+size]` equals `b[j:j+size]`.
 *
 * @example
 * ```ts
 * import type { MatchingBlock } from "./diff_matcher.ts";
 * const block: MatchingBlock = [1, 0, 3];
 * ```
 */
export type MatchingBlock = [i: number, j: number, size: number];

/**
 * `difflib.SequenceMatcher(None, a, b)` (autojunk on) over strings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SequenceMatcher } from "./diff_matcher.ts";
 * const m = new SequenceMatcher(["a\n", "b\n"], ["a\n", "c\n"]);
 * assert.deepEqual(m.opcodes(), [["equal", 0, 1, 0, 1], ["replace", 1, 2, 1, 2]]);
 * ```
 */
export class SequenceMatcher {
  readonly #a: readonly string[];
  readonly #b: readonly string[];
  /** Where each line of `b` occurs, popular lines left out. */
  readonly #b2j = new Map<string, number[]>();

  /** Indexes `b` as `__chain_b` does. */
  constructor(a: readonly string[], b: readonly string[]) {
    this.#a = a;
    this.#b = b;
    b.forEach((line, j) => {
      const at = this.#b2j.get(line);
      if (at) at.push(j);
      else this.#b2j.set(line, [j]);
    });
    if (b.length >= 200) {
      const most = Math.floor(b.length / 100) + 1;
      for (const [line, at] of [...this.#b2j]) if (at.length > most) this.#b2j.delete(line);
    }
  }

  /** `find_longest_match(alo, ahi, blo, bhi)`: the earliest longest match. */
  #longestMatch(alo: number, ahi: number, blo: number, bhi: number): MatchingBlock {
    const a = this.#a;
    const b = this.#b;
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of this.#b2j.get(a[i]) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = next;
    }
    // No line is junk (isjunk is None): popular lines may extend a match.
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (
      besti + bestsize < ahi && bestj + bestsize < bhi &&
      a[besti + bestsize] === b[bestj + bestsize]
    ) bestsize++;
    return [besti, bestj, bestsize];
  }

  /** `get_matching_blocks()`: adjacent blocks merged, ending with `(len(a), len(b), 0)`. */
  matchingBlocks(): MatchingBlock[] {
    const la = this.#a.length;
    const lb = this.#b.length;
    const queue: [number, number, number, number][] = [[0, la, 0, lb]];
    const blocks: MatchingBlock[] = [];
    while (queue.length > 0) {
      const [alo, ahi, blo, bhi] = queue.pop()!;
      const match = this.#longestMatch(alo, ahi, blo, bhi);
      const [i, j, k] = match;
      if (k === 0) continue;
      blocks.push(match);
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
    blocks.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
    const merged: MatchingBlock[] = [];
    let [i1, j1, k1] = [0, 0, 0];
    for (const [i2, j2, k2] of blocks) {
      if (i1 + k1 === i2 && j1 + k1 === j2) k1 += k2;
      else {
        if (k1) merged.push([i1, j1, k1]);
        [i1, j1, k1] = [i2, j2, k2];
      }
    }
    if (k1) merged.push([i1, j1, k1]);
    merged.push([la, lb, 0]);
    return merged;
  }

  /** `get_opcodes()`: how to turn `a` into `b`. */
  opcodes(): Opcode[] {
    let i = 0;
    let j = 0;
    const out: Opcode[] = [];
    for (const [ai, bj, size] of this.matchingBlocks()) {
      const tag = i < ai && j < bj ? "replace" : i < ai ? "delete" : j < bj ? "insert" : "";
      if (tag) out.push([tag, i, ai, j, bj]);
      i = ai + size;
      j = bj + size;
      if (size) out.push(["equal", ai, i, bj, j]);
    }
    return out;
  }

  /** `get_grouped_opcodes(n)`: the changes with up to `n` lines of context, in hunks. */
  groupedOpcodes(n = 3): Opcode[][] {
    const codes = this.opcodes();
    if (codes.length === 0) codes.push(["equal", 0, 1, 0, 1]);
    const first = codes[0];
    if (first[0] === "equal") {
      const [tag, i1, i2, j1, j2] = first;
      codes[0] = [tag, Math.max(i1, i2 - n), i2, Math.max(j1, j2 - n), j2];
    }
    const last = codes[codes.length - 1];
    if (last[0] === "equal") {
      const [tag, i1, i2, j1, j2] = last;
      codes[codes.length - 1] = [tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)];
    }
    const groups: Opcode[][] = [];
    let group: Opcode[] = [];
    for (const code of codes) {
      let [tag, i1, i2, j1, j2] = code;
      if (tag === "equal" && i2 - i1 > n + n) {
        group.push([tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)]);
        groups.push(group);
        group = [];
        i1 = Math.max(i1, i2 - n);
        j1 = Math.max(j1, j2 - n);
      }
      group.push([tag, i1, i2, j1, j2]);
    }
    if (group.length > 0 && !(group.length === 1 && group[0][0] === "equal")) groups.push(group);
    return groups;
  }
}
