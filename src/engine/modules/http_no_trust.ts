/**
 * What curl verifies against on a target without CA certificates (no
 * `ca-certificates`, so curl's default bundle file is missing and it
 * refuses to start, exit 77): a store holding only this placeholder, a
 * self-signed certificate whose private key was discarded when it was
 * made, so it vouches for no server. curl then fails as Python's `ssl`
 * does on such a host (`self-signed certificate`, `unable to get local
 * issuer certificate`), and Ansible's message can be given.
 *
 * @module
 */

/**
 * The placeholder certificate (PEM; public part only, its key never kept).
 *
 * @example
 * ```ts
 * import { NO_TRUST_PEM } from "./http_no_trust.ts";
 * NO_TRUST_PEM.startsWith("-----BEGIN CERTIFICATE-----"); // true
 * ```
 */
export const NO_TRUST_PEM: string = `
-----BEGIN CERTIFICATE-----
MIIB1zCCAX2gAwIBAgIUKnz6bnxfjYDz3YGV+EFKhcPXsgEwCgYIKoZIzj0EAwIw
QDE+MDwGA1UEAww1dGFjaHlvbiBwbGFjZWhvbGRlcjogdGhpcyBob3N0IGhhcyBu
byBDQSBjZXJ0aWZpY2F0ZXMwIBcNMjYxMjA2MDQ0NTA2WhgPMjEyNjExMTIwNDQ1
MDZaMEAxPjA8BgNVBAMMNXRhY2h5b24gcGxhY2Vob2xkZXI6IHRoaXMgaG9zdCBo
YXMgbm8gQ0EgY2VydGlmaWNhdGVzMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
XKvCQI/RGQ3TE1NXyaj3WD62g7MYiZeM4nSFlCOPlKrsnriHYb+bSR1hTWvn0dgL
yVu04vSo2SqzaEv7PNQgg6NTMFEwHQYDVR0OBBYEFFFnSRhrLJFXyPRh3jjIHqeX
k34oMB8GA1UdIwQYMBaAFFFnSRhrLJFXyPRh3jjIHqeXk34oMA8GA1UdEwEB/wQF
MAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAOKpPRiv8Dpy3OIniX5PGCioswDPettL
NII8MPTjDA1tAiBbbVuc+qJLTDNRqzM9MuM7O+yCSnSqPE/YHNs0zLpxOQ==
-----END CERTIFICATE-----
`.trimStart();
