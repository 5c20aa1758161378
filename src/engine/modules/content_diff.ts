/**
 * Content diffs in Ansible's shape (`before`, `after`, `before_header`,
 * `after_header`), with its limits: binary or over-large sides are not shown.
 *
 * @module
 */

/**
 * Ansible's `MAX_FILE_SIZE_FOR_DIFF` (bytes): larger sides are not shown.
 *
 * @example
 * ```ts
 * if (data.length > MAX_DIFF_BYTES) diff.dst_larger = MAX_DIFF_BYTES;
 * ```
 */
export const MAX_DIFF_BYTES = 104448;

const decoder = new TextDecoder();

/** One side of a content diff. */
export interface DiffSide {
  /** The content (undefined: the file did not exist). */
  readonly data?: Uint8Array;
  /** Shown as the side's header. */
  readonly header?: string;
  /** The content was too large to fetch (its size). */
  readonly tooLarge?: boolean;
}

/**
 * A diff entry like Ansible's copy/template action (`dst_binary`,
 * `src_larger`, … when a side cannot be shown).
 *
 * @example
 * ```ts
 * contentDiff({ data: old, header: "/etc/motd" }, { data: now, header: "motd" });
 * ```
 */
export function contentDiff(before: DiffSide, after: DiffSide): Record<string, unknown> {
  const diff: Record<string, unknown> = { before: "", after: "" };
  if (before.header !== undefined && before.data !== undefined || before.tooLarge) {
    diff.before_header = before.header;
  }
  if (before.tooLarge || (before.data && before.data.length > MAX_DIFF_BYTES)) {
    diff.dst_larger = MAX_DIFF_BYTES;
  } else if (before.data && isBinary(before.data)) {
    diff.dst_binary = 1;
  } else if (before.data) {
    diff.before = decoder.decode(before.data);
  }
  if (after.header !== undefined) diff.after_header = after.header;
  if (after.data && after.data.length > MAX_DIFF_BYTES) {
    diff.src_larger = MAX_DIFF_BYTES;
  } else if (after.data && isBinary(after.data)) {
    diff.src_binary = 1;
  } else if (after.data) {
    diff.after = decoder.decode(after.data);
  }
  return diff;
}

/**
 * Ansible's binary test: a NUL byte in the content.
 *
 * @example
 * ```ts
 * isBinary(new Uint8Array([0x61, 0])); // true
 * ```
 */
export function isBinary(data: Uint8Array): boolean {
  return data.includes(0);
}
