/**
 * Controller-side checksums, in the same algorithms the target reports
 * (`sha1sum`, else `md5sum`, else POSIX `cksum`), so contents can be
 * compared without moving them.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** A checksum algorithm a target may have. */
export type ChecksumAlgorithm = "sha1" | "md5" | "cksum";

/** One checksum as the target prints it. */
export interface RemoteChecksum {
  /** Which program computed it. */
  readonly algorithm: ChecksumAlgorithm;
  /** Its value: hex digest, or `CRC SIZE` for `cksum`. */
  readonly value: string;
}

/**
 * The SHA-1 hex digest of `data` (Ansible's `checksum`).
 *
 * @example
 * ```ts
 * sha1Hex(new TextEncoder().encode("abc")); // "a9993e36…"
 * ```
 */
export function sha1Hex(data: Uint8Array): string {
  return createHash("sha1").update(data).digest("hex");
}

/**
 * The MD5 hex digest of `data` (Ansible's `md5sum`).
 *
 * @example
 * ```ts
 * md5Hex(new TextEncoder().encode("abc")); // "90015098…"
 * ```
 */
export function md5Hex(data: Uint8Array): string {
  return createHash("md5").update(data).digest("hex");
}

let crcTable: Uint32Array | undefined;

/**
 * POSIX `cksum` output for `data` read from stdin: `"CRC SIZE"`.
 *
 * @example
 * ```ts
 * posixCksum(new Uint8Array()); // "4294967295 0"
 * ```
 */
export function posixCksum(data: Uint8Array): string {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i << 24;
      for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
      crcTable[i] = c >>> 0;
    }
  }
  let crc = 0;
  const step = (byte: number) => {
    crc = ((crc << 8) ^ crcTable![((crc >>> 24) ^ byte) & 0xff]) >>> 0;
  };
  for (const b of data) step(b);
  for (let n = data.length; n > 0; n = Math.floor(n / 256)) step(n & 0xff);
  return `${(~crc) >>> 0} ${data.length}`;
}

/**
 * `data`'s checksum in `algorithm`, formatted like the target prints it.
 *
 * @example
 * ```ts
 * checksumOf("md5", new Uint8Array()); // "d41d8cd98f00b204e9800998ecf8427e"
 * ```
 */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  if (algorithm === "sha1") return sha1Hex(data);
  if (algorithm === "md5") return md5Hex(data);
  return posixCksum(data);
}

/**
 * Whether `data` has the checksum the target reported.
 *
 * @example
 * ```ts
 * sameContent({ algorithm: "md5", value: "d41d8cd98f00b204e9800998ecf8427e" }, new Uint8Array());
 * ```
 */
export function sameContent(remote: RemoteChecksum, data: Uint8Array): boolean {
  return checksumOf(remote.algorithm, data) === remote.value;
}
