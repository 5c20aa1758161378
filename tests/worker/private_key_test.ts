/**
 * `isEncryptedKey` on key texts in the shapes ssh-keygen and OpenSSL write:
 * OpenSSH format with cipher `none` and with a cipher, PEM with and without
 * `Proc-Type: 4,ENCRYPTED`, and PKCS#8. (Real keys from ssh-keygen, clear and
 * with a passphrase, go through it in tests/worker/ssh_passphrase_interop_test.ts.)
 */
import assert from "node:assert/strict";
import { isEncryptedKey } from "../../src/worker/private_key.ts";

// The OpenSSH header of an unencrypted key (cipher and kdf "none"), then filler.
const CLEAR_OPENSSH = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACAwyJC8s0R7TLaJuWmhBLO6w7vydmzMuOnCfypVtAxjaQAAAJCL4kv2i+JL
9gAAAAtzc2gtZWQyNTUxOQAAACAwyJC8s0R7TLaJuWmhBLO6w7vydmzMuOnCfypVtAxjaQ
AAAEBhKEXgXT7qMNMqQDk3fTJhOHOU8Pp6bqYdE1Lp3PR5zDDIkLyzRHtMtom5aaEEs7rD
u/J2bMy46cJ/KlW0DGNpAAAACHRlc3RAbGFiAQIDBAU=
-----END OPENSSH PRIVATE KEY-----
`;

Deno.test("isEncryptedKey tells clear keys from passphrase-protected ones", async (t) => {
  await t.step("OpenSSH, no passphrase", () => assert.equal(isEncryptedKey(CLEAR_OPENSSH), false));
  await t.step("OpenSSH, aes256-ctr", () => {
    // The same key's header with the cipher and kdf an encrypted key names.
    const magic = new TextEncoder().encode("openssh-key-v1\0");
    const field = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      const out = new Uint8Array(4 + bytes.length);
      new DataView(out.buffer).setUint32(0, bytes.length);
      out.set(bytes, 4);
      return out;
    };
    const body = new Uint8Array([...magic, ...field("aes256-ctr"), ...field("bcrypt")]);
    const text = `-----BEGIN OPENSSH PRIVATE KEY-----\n${
      btoa(String.fromCharCode(...body))
    }\n-----END OPENSSH PRIVATE KEY-----\n`;
    assert.equal(isEncryptedKey(text), true);
  });
  await t.step("PEM, encrypted", () =>
    assert.equal(
      isEncryptedKey(
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n",
      ),
      true,
    ));
  await t.step("PEM, clear", () =>
    assert.equal(
      isEncryptedKey("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n"),
      false,
    ));
  await t.step("PKCS#8, encrypted", () =>
    assert.equal(
      isEncryptedKey(
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n-----END ENCRYPTED PRIVATE KEY-----\n",
      ),
      true,
    ));
  await t.step("not a key", () => assert.equal(isEncryptedKey("hello"), false));
});
