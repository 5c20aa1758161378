/**
 * Tells whether a private key needs a passphrase, from its text alone, so a
 * job asks for one only when ssh-add will: OpenSSH keys name their cipher
 * (`none` when clear), PEM keys say `Proc-Type: 4,ENCRYPTED`, PKCS#8 keys
 * `BEGIN ENCRYPTED PRIVATE KEY`.
 *
 * @module
 */
import { Buffer } from "node:buffer";

const OPENSSH = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/;
const MAGIC = "openssh-key-v1\0";

/**
 * Whether `key` (PEM or OpenSSH text) is protected by a passphrase.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isEncryptedKey } from "./private_key.ts";
 *
 * assert.equal(isEncryptedKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\n…"), true);
 * assert.equal(isEncryptedKey("-----BEGIN RSA PRIVATE KEY-----\nMIIE…"), false);
 * ```
 */
export function isEncryptedKey(key: string): boolean {
  if (key.includes("-----BEGIN ENCRYPTED PRIVATE KEY-----")) return true;
  if (/^Proc-Type:\s*4,ENCRYPTED\s*$/m.test(key)) return true;
  const body = OPENSSH.exec(key)?.[1];
  if (body === undefined) return false;
  const bytes = Buffer.from(body.replace(/\s+/g, ""), "base64");
  if (bytes.toString("latin1", 0, MAGIC.length) !== MAGIC) return false;
  if (bytes.length < MAGIC.length + 4) return false;
  const length = bytes.readUInt32BE(MAGIC.length);
  const cipher = bytes.toString("latin1", MAGIC.length + 4, MAGIC.length + 4 + length);
  return cipher !== "none";
}
