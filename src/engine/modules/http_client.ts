/**
 * One HTTP exchange run ON THE TARGET, as Ansible's `get_url` and `uri`
 * run theirs there: `curl` (else GNU `wget`) in one `exec`, no Python
 * needed. Redirects are not followed here (the caller decides each one as
 * urllib would), so an exchange is one request and its final answer (an
 * authentication challenge answered by the client is part of it).
 *
 * Nothing of the request is in a process's argv or environment on the
 * target: the URL, headers and credentials travel on the exec's stdin as a
 * curl config and a wgetrc, which the script keeps in shell variables and
 * pipes to the client (`curl -K -`; wget, which reads its config twice,
 * gets a 0600 file in the exchange's private dir, removed at once). stdin is,
 * in order: the curl config, a marker line, the wgetrc, a marker line, the
 * URL (for wget), a marker line, then the request body when it is staged
 * (it is kept as `req` in the exchange's private temp dir, `mktemp -d`,
 * for a redirect that resends it).
 *
 * @module
 */
import { SH_LIBRARY, ShellOutput, shellQuote } from "./remote_sh.ts";
import type { ModuleContext } from "./module.ts";
import { parseResponseHead, type ResponseHead } from "./http_response.ts";
import { type HttpClientName, transportFailure } from "./http_errors.ts";
import { NO_TRUST_PEM } from "./http_no_trust.ts";

/** How the target's client connects, for every exchange of a request. */
export interface HttpTransport {
  /** Seconds without progress before giving up (Ansible's socket timeout). */
  readonly timeout: number;
  /** Verify the server's certificate. */
  readonly validateCerts: boolean;
  /** A CA bundle on the target. */
  readonly caPath?: string;
  /** A client certificate on the target. */
  readonly clientCert?: string;
  /** Its key on the target. */
  readonly clientKey?: string;
  /** Use the proxies the environment names (default true). */
  readonly useProxy: boolean;
  /** Connect through this Unix socket (curl only). */
  readonly unixSocket?: string;
  /** OpenSSL cipher list (`A:B`). */
  readonly ciphers?: string;
}

/** One request of an exchange. */
export interface HttpExchange {
  /** The method, uppercase; `HEAD` asks for the head only. */
  readonly method: string;
  /** The URL, without credentials. */
  readonly url: string;
  /** Every header to send, in order (the client's own defaults are removed). */
  readonly headers: readonly (readonly [string, string])[];
  /** Send the staged body (`bodyData` now, or the one staged by an earlier exchange). */
  readonly sendBody: boolean;
  /** Bytes to stage as the body (first exchange of a request). */
  readonly bodyData?: Uint8Array;
  /** Credentials offered when the server asks for them (urllib's auth handlers). */
  readonly challengeAuth?: { readonly username: string; readonly password: string };
  /** Let the client use `~/.netrc` (no credentials given). */
  readonly netrc: boolean;
}

/** Where an exchange keeps its files and what it returns inline. */
export interface ExchangePlace {
  /** The private temp dir of earlier exchanges of this task, if any. */
  readonly tempDir?: string;
  /** The response body's file: a name inside the temp dir, or an absolute path. */
  readonly output: string;
  /** Return the body inline up to this many bytes (0: never). */
  readonly inlineLimit: number;
}

/** What one exchange gave. */
export type ExchangeOutcome =
  | {
    /** A response arrived. */
    readonly kind: "response";
    /** Its head. */
    readonly head: ResponseHead;
    /** The body's size on the target. */
    readonly size: number;
    /** The body, when within the inline limit. */
    readonly body?: Uint8Array;
    /** The body's path on the target. */
    readonly bodyPath: string;
  }
  | {
    /** No response: Ansible's message for it. */
    readonly kind: "failure";
    /** `Request failed: <urlopen error …>` and the like. */
    readonly msg: string;
  };

/** The exchange, and the temp dir it used (the caller removes it). */
export interface ExchangeResult {
  /** The outcome. */
  readonly outcome: ExchangeOutcome;
  /** The private temp dir on the target. */
  readonly tempDir: string;
  /** The client that ran it. */
  readonly client: HttpClientName;
}

/**
 * The target has neither `curl` nor GNU `wget`.
 *
 * @example
 * ```ts
 * import { NoHttpClientError } from "./http_client.ts";
 * new NoHttpClientError().message; // "tachyon runs HTTP requests on the target with curl or …"
 * ```
 */
export class NoHttpClientError extends Error {
  /** The error's name. */
  override name = "NoHttpClientError";
  /** Creates the error with the message tasks report. */
  constructor() {
    super(
      "tachyon runs HTTP requests on the target with curl or GNU wget, and this host has " +
        "neither (install curl)",
    );
  }
}

/**
 * A value the request cannot carry (a header with a line break, a URL
 * with spaces or control characters), worded as Python's `http.client`.
 *
 * @example
 * ```ts
 * import { HttpValueError } from "./http_client.ts";
 * new HttpValueError("Invalid header value b'a\\nb'").name; // "HttpValueError"
 * ```
 */
export class HttpValueError extends Error {
  /** The error's name. */
  override name = "HttpValueError";
}

const CURL_END = "__TACHYON_CURL_END__";
const WGET_END = "__TACHYON_WGET_END__";
const URL_END = "__TACHYON_URL_END__";

/**
 * A value in curl's config syntax: double-quoted, `\\`, `\"`, `\t`, `\n`,
 * `\r`, `\v` escaped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { curlQuote } from "./http_client.ts";
 * assert.equal(curlQuote('a"b\\c'), '"a\\"b\\\\c"');
 * ```
 */
export function curlQuote(value: string): string {
  return '"' +
    value.replace(
      /[\\"\t\n\r\v]/g,
      (c) => ({ "\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r", "\v": "\\v" })[c]!,
    ) +
    '"';
}

/**
 * A URL that Python's `http.client` refuses (control characters, spaces):
 * Ansible reports it as a failed request (`status` -1), not a module error.
 *
 * @example
 * ```ts
 * import { HttpUrlError } from "./http_client.ts";
 * new HttpUrlError("An unknown error occurred: URL can't contain control characters. …").name; // "HttpUrlError"
 * ```
 */
export class HttpUrlError extends Error {
  /** The error's name. */
  override name = "HttpUrlError";
}

function pythonRepr(text: string): string {
  const named: Record<string, string> = {
    "\\": "\\\\",
    "'": "\\'",
    "\t": "\\t",
    "\n": "\\n",
    "\r": "\\r",
  };
  const escaped = [...text].map((c) => {
    const code = c.charCodeAt(0);
    if (named[c] !== undefined) return named[c];
    return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, "0")}` : c;
  });
  return `'${escaped.join("")}'`;
}

/**
 * Refuses what cannot travel in a request line or header, as Python's
 * `http.client` does (`Invalid header value …`, `URL can't contain control
 * characters. …`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkExchange } from "./http_client.ts";
 * assert.throws(() => checkExchange({ method: "GET", url: "http://h/a b", headers: [], sendBody: false, netrc: false }));
 * ```
 */
export function checkExchange(exchange: HttpExchange): void {
  const pythonBytes = (s: string) =>
    "b'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(
      /\r/g,
      "\\r",
    ) + "'";
  const { url } = exchange;
  const bad = [...url].find((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f);
  if (bad !== undefined) {
    const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "") || "/";
    throw new HttpUrlError(
      `An unknown error occurred: URL can't contain control characters. ${pythonRepr(path)} ` +
        `(found at least ${pythonRepr(bad)})`,
    );
  }
  for (const [name, value] of exchange.headers) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new HttpValueError(`Invalid header name ${pythonBytes(name)}`);
    }
    if (/[\r\n]/.test(value)) {
      throw new HttpValueError(`Invalid header value ${pythonBytes(value)}`);
    }
  }
}

/**
 * The curl config of an exchange (read with `curl -K -`).
 *
 * @example
 * ```ts
 * import { curlConfig } from "./http_client.ts";
 * curlConfig(
 *   { method: "GET", url: "http://h/", headers: [["User-agent", "ansible-httpget"]], sendBody: false, netrc: true },
 *   { timeout: 10, validateCerts: true, useProxy: true },
 * );
 * ```
 */
export function curlConfig(exchange: HttpExchange, transport: HttpTransport): string {
  const lines = [
    `url = ${curlQuote(exchange.url)}`,
    "silent",
    "show-error",
    "http1.1",
    exchange.method === "HEAD" ? "head" : `request = ${curlQuote(exchange.method)}`,
  ];
  const given = new Set(exchange.headers.map(([n]) => n.toLowerCase()));
  // curl's own defaults that urllib does not send.
  for (const name of ["Accept", "User-Agent", "Expect"]) {
    if (!given.has(name.toLowerCase())) lines.push(`header = ${curlQuote(`${name}:`)}`);
  }
  for (const [name, value] of exchange.headers) {
    lines.push(`header = ${curlQuote(value === "" ? `${name};` : `${name}: ${value}`)}`);
  }
  lines.push(
    `connect-timeout = ${transport.timeout}`,
    `speed-time = ${Math.max(1, Math.ceil(transport.timeout))}`,
    "speed-limit = 1",
  );
  if (!transport.validateCerts) lines.push("insecure");
  if (transport.caPath !== undefined) lines.push(`cacert = ${curlQuote(transport.caPath)}`);
  if (transport.clientCert !== undefined) lines.push(`cert = ${curlQuote(transport.clientCert)}`);
  if (transport.clientKey !== undefined) lines.push(`key = ${curlQuote(transport.clientKey)}`);
  if (!transport.useProxy) lines.push(`noproxy = "*"`);
  if (transport.ciphers !== undefined) lines.push(`ciphers = ${curlQuote(transport.ciphers)}`);
  if (transport.unixSocket !== undefined) {
    lines.push(`unix-socket = ${curlQuote(transport.unixSocket)}`);
  }
  if (exchange.challengeAuth) {
    const { username, password } = exchange.challengeAuth;
    lines.push(`user = ${curlQuote(`${username}:${password}`)}`, "anyauth");
  } else if (exchange.netrc) {
    lines.push("netrc-optional");
  }
  return lines.join("\n") + "\n";
}

/**
 * The wgetrc of an exchange (`wget --config=FILE`); the
 * script adds the staged body's path.
 *
 * @example
 * ```ts
 * import { wgetConfig } from "./http_client.ts";
 * wgetConfig(
 *   { method: "GET", url: "http://h/", headers: [], sendBody: false, netrc: false },
 *   { timeout: 10, validateCerts: true, useProxy: true },
 * );
 * ```
 */
export function wgetConfig(exchange: HttpExchange, transport: HttpTransport): string {
  const lines = [
    "tries = 1",
    "server_response = on",
    "verbose = off",
    "content_on_error = on",
    "max_redirect = 0",
    "input = /dev/fd/3",
    `method = ${exchange.method}`,
    `timeout = ${transport.timeout}`,
    `netrc = ${exchange.netrc ? "on" : "off"}`,
  ];
  const agent = exchange.headers.find(([n]) => n.toLowerCase() === "user-agent");
  lines.push(`user_agent = ${agent?.[1] ?? ""}`);
  for (const [name, value] of exchange.headers) {
    if (name.toLowerCase() !== "user-agent") lines.push(`header = ${name}: ${value}`);
  }
  if (!transport.validateCerts) lines.push("check_certificate = off");
  if (transport.caPath !== undefined) lines.push(`ca_certificate = ${transport.caPath}`);
  if (transport.clientCert !== undefined) lines.push(`certificate = ${transport.clientCert}`);
  if (transport.clientKey !== undefined) lines.push(`private_key = ${transport.clientKey}`);
  if (!transport.useProxy) lines.push("use_proxy = off");
  if (transport.ciphers !== undefined) lines.push(`ciphers = ${transport.ciphers}`);
  if (exchange.challengeAuth) {
    lines.push(`user = ${exchange.challengeAuth.username}`);
    lines.push(`password = ${exchange.challengeAuth.password}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * The sh of one exchange (after {@linkcode SH_LIBRARY}); see the module
 * header for its stdin.
 *
 * @example
 * ```ts
 * import { exchangeScript } from "./http_client.ts";
 * exchangeScript({ output: "body", inlineLimit: 0 }, "GET", false, false);
 * ```
 */
export function exchangeScript(
  place: ExchangePlace,
  method: string,
  stage: boolean,
  sendBody: boolean,
  noTrustRetry = false,
): string {
  const q = shellQuote;
  const output = place.output.startsWith("/") ? q(place.output) : `"$T"/${q(place.output)}`;
  const head = method === "HEAD";
  return `if command -v curl >/dev/null 2>&1; then k=curl
elif command -v wget >/dev/null 2>&1 && wget --version 2>/dev/null | grep -q 'GNU Wget'; then k=wget
else echo 'E noclient'; exit 0; fi
T=${q(place.tempDir ?? "")}
nl='
'
if [ -z "$T" ]; then
  T=$(mktemp -d "\${TMPDIR:-/tmp}/tachyon-http.XXXXXXXX" 2>/dev/null) || { echo 'E tmp'; exit 0; }
fi
printf 'T %s\\n' "$T"
c=; w=; u=
while IFS= read -r l; do [ "$l" = ${CURL_END} ] && break; c="$c$l
"; done
while IFS= read -r l; do [ "$l" = ${WGET_END} ] && break; w="$w$l
"; done
IFS= read -r u; IFS= read -r l
${stage ? `cat > "$T/req" || { echo 'E stage'; exit 0; }` : ":"}
${sendBody ? 'w="${w}body_file = $T/req$nl"' : ":"}
o=${output}
rm -f -- "$o" "$T/head" "$T/err"
if [ "$k" = curl ]; then
  _hreq() {
    printf '%s%s' "$c" "$1" | curl -K - -o ${head ? "/dev/null" : '"$o"'} -D "$T/head" ${
    sendBody ? '--data-binary @"$T/req" ' : ""
  }2>"$T/err"
  }
  _hreq ''; r=$?
  if [ "$r" = 77 ] && [ ${
    noTrustRetry ? 1 : 0
  } = 1 ] && grep -q 'error setting certificate' "$T/err"; then
    printf '%s' ${q(NO_TRUST_PEM)} > "$T/no-trust.pem"
    _hreq "cacert = \"$T/no-trust.pem\"$nl"; r=$?
  fi
  printf 'RC curl %s\\n' "$r"
  [ ! -f "$T/head" ] || _tenc HEAD "$T/head"
else
  # wget reads its config twice: a pipe will not do, so a 0600 file in the private dir.
  (umask 077 && printf '%s' "$w" > "$T/wgetrc") || { echo 'E stage'; exit 0; }
  wget --config="$T/wgetrc" -O "$o" 2>"$T/err" 3<<TACHYON_URL
$u
TACHYON_URL
  r=$?; rm -f -- "$T/wgetrc"
  printf 'RC wget %s\\n' "$r"
fi
[ -f "$o" ] || : > "$o"
[ ! -f "$T/err" ] || _tenc ERR "$T/err"
s=$(wc -c < "$o"); s=$((s))
printf 'SZ %s\\n' "$s"
if [ "$s" -le ${place.inlineLimit} ] && [ ${place.inlineLimit} -gt 0 ]; then _tenc BODY "$o"; fi
printf 'O %s\\n' "$o"
`;
}

/**
 * The stdin of an exchange: both clients' configs, the URL, the body.
 *
 * @example
 * ```ts
 * import { exchangeStdin } from "./http_client.ts";
 * exchangeStdin("url = \"http://h/\"\n", "tries = 1\n", "http://h/", undefined);
 * ```
 */
export function exchangeStdin(
  curl: string,
  wget: string,
  url: string,
  body: Uint8Array | undefined,
): Uint8Array {
  const text = new TextEncoder().encode(
    `${curl}${CURL_END}\n${wget}${WGET_END}\n${url}\n${URL_END}\n`,
  );
  if (!body || body.length === 0) return text;
  const all = new Uint8Array(text.length + body.length);
  all.set(text);
  all.set(body, text.length);
  return all;
}

const decoder = new TextDecoder("latin1");

/**
 * Reads what {@linkcode exchangeScript} printed.
 *
 * @example
 * ```ts
 * import { readExchange, NoHttpClientError } from "./http_client.ts";
 * import { ShellOutput } from "./remote_sh.ts";
 * try {
 *   readExchange(ShellOutput.parse("T /tmp/x\nE noclient\n"));
 * } catch (error) {
 *   if (!(error instanceof NoHttpClientError)) throw error;
 * }
 * ```
 */
export function readExchange(out: ShellOutput): ExchangeResult {
  const tempDir = out.first("T") ?? "";
  const error = out.first("E");
  if (error === "noclient") throw new NoHttpClientError();
  if (error !== undefined) {
    throw new Error(`could not prepare the HTTP request on the target (${error})`);
  }
  const [client, rcText] = (out.first("RC") ?? "curl 1").split(" ") as [HttpClientName, string];
  const rc = Number(rcText);
  const err = decoder.decode(out.bytes("ERR") ?? new Uint8Array());
  let dump: string;
  let stderr: string;
  if (client === "wget") {
    const lines = err.split("\n");
    dump = lines.filter((l) => l.startsWith("  ")).map((l) => l.slice(2)).join("\n");
    stderr = lines.filter((l) => !l.startsWith("  ")).join("\n");
  } else {
    dump = decoder.decode(out.bytes("HEAD") ?? new Uint8Array());
    stderr = err;
  }
  const head = parseResponseHead(dump);
  const received = head !== undefined && (client === "wget" ? rc !== 4 : rc === 0);
  const outcome: ExchangeOutcome = received
    ? {
      kind: "response",
      head,
      size: Number(out.first("SZ") ?? 0),
      body: out.bytes("BODY"),
      bodyPath: out.first("O") ?? "",
    }
    : { kind: "failure", msg: transportFailure(client, rc, stderr) };
  return { outcome, tempDir, client };
}

/**
 * Runs one exchange on the target.
 *
 * @example
 * ```ts
 * const { outcome, tempDir } = await runExchange(ctx, exchange, transport, {
 *   output: "body",
 *   inlineLimit: 1 << 20,
 * });
 * ```
 */
export async function runExchange(
  ctx: ModuleContext,
  exchange: HttpExchange,
  transport: HttpTransport,
  place: ExchangePlace,
): Promise<ExchangeResult> {
  checkExchange(exchange);
  const stage = exchange.bodyData !== undefined;
  const connection = await ctx.connection();
  const script = exchangeScript(
    place,
    exchange.method,
    stage,
    exchange.sendBody,
    transport.validateCerts && transport.caPath === undefined,
  );
  const stdin = exchangeStdin(
    curlConfig(exchange, transport),
    wgetConfig(exchange, transport),
    exchange.url,
    exchange.bodyData,
  );
  const { rc, stdout, stderr } = await connection.exec(SH_LIBRARY + script, {
    stdin,
    signal: ctx.signal,
  });
  if (rc !== 0) throw new Error(`the HTTP request failed on the target (rc=${rc}): ${stderr}`);
  return readExchange(ShellOutput.parse(stdout, stderr));
}
