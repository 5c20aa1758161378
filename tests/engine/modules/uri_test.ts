/**
 * `uri` and the HTTP helpers it shares with `get_url`, without a target:
 * argument reading and Ansible's messages, body encoding, URL and header
 * handling, cookies, redirect targets, failure wording, the curl config
 * and wgetrc, the no_log masking. (`uri_interop_test.ts` compares whole
 * requests with Ansible's on lab hosts; `uri_exchange_test.ts` runs the
 * exchange script against a local server.)
 */
import assert from "node:assert/strict";
import { parseUriArgs } from "../../../src/engine/modules/uri_args.ts";
import { encodeBody, formUrlencoded, quotePlus } from "../../../src/engine/modules/uri_body.ts";
import {
  absoluteLocation,
  pathDirname,
  redirectTarget,
  splitUrl,
  urlCredentials,
  urlFilename,
} from "../../../src/engine/modules/http_url.ts";
import {
  attachmentFilename,
  headerInfo,
  parseContentType,
  parseResponseHead,
} from "../../../src/engine/modules/http_response.ts";
import { CookieJar } from "../../../src/engine/modules/http_cookies.ts";
import { transportFailure } from "../../../src/engine/modules/http_errors.ts";
import {
  checkExchange,
  curlConfig,
  curlQuote,
  exchangeScript,
  exchangeStdin,
  type HttpExchange,
  HttpUrlError,
  HttpValueError,
  readExchange,
  wgetConfig,
} from "../../../src/engine/modules/http_client.ts";
import { basicAuth, httpDate, titleCase } from "../../../src/engine/modules/http_fetch.ts";
import { maskSecret } from "../../../src/engine/modules/http_no_log.ts";
import { ShellOutput } from "../../../src/engine/modules/remote_sh.ts";

const decode = (data: Uint8Array | undefined) => new TextDecoder().decode(data);

Deno.test("uri: Ansible's defaults and argument messages", () => {
  const args = parseUriArgs({ url: "http://h/x" });
  assert.equal(args.method, "GET");
  assert.deepEqual(args.statusCode, [200]);
  assert.equal(args.followRedirects, "safe");
  assert.equal(args.transport.timeout, 30);
  assert.equal(args.httpAgent, "ansible-httpget");
  assert.equal(args.returnContent, false);
  assert.equal(parseUriArgs({ url: "u", method: "post" }).method, "POST");
  assert.equal(parseUriArgs({ url: "u", follow_redirects: "yes" }).followRedirects, "all");
  assert.equal(parseUriArgs({ url: "u", follow_redirects: "no" }).followRedirects, "none");
  assert.deepEqual(parseUriArgs({ url: "u", status_code: "200, 201" }).statusCode, [200, 201]);
  assert.deepEqual(parseUriArgs({ url: "u", status_code: 204 }).statusCode, [204]);
  assert.equal(parseUriArgs({ url: "u", user: "a", password: "b" }).username, "a");

  const message = (input: Record<string, unknown>) => {
    try {
      parseUriArgs(input);
    } catch (error) {
      return (error as Error).message;
    }
    return "";
  };
  assert.equal(message({ foo: 1 }), "missing required arguments: url");
  assert.match(
    message({ url: "u", foo: 1 }),
    /^Unsupported parameters for \(ansible\.legacy\.uri\) module: foo\. Supported parameters include: attributes, body, .* \(attr, password, user\)\.$/,
  );
  assert.equal(
    message({ url: "u", method: "GE T" }),
    "Parameter 'method' needs to be a single word in uppercase, like GET or POST.",
  );
  assert.equal(
    message({ url: "u", body_format: "xml" }),
    "value of body_format must be one of: form-urlencoded, json, raw, form-multipart, got: xml",
  );
  assert.equal(
    message({ url: "u", body: "a", src: "b" }),
    "parameters are mutually exclusive: body|src",
  );
  assert.equal(
    message({ url: "u", status_code: "abc" }),
    "Elements value for option 'status_code' is of type <class 'str'> and we were unable to " +
      "convert to int: <class 'str'> cannot be converted to an int",
  );
  assert.match(message({ url: "u", use_gssapi: true }), /use_gssapi is not supported/);
  assert.match(message({ url: "u", seuser: "x" }), /seuser is not supported/);
  assert.match(message({ url: "u", body_format: "form-multipart", body: {} }), /form-multipart/);
  assert.match(message({ url: "u", body: { a: 1 } }), /body must be a string with body_format=raw/);
  assert.match(message({ url: "u", headers: [1] }), /unable to convert to dict/);
});

Deno.test("uri: bodies by body_format, and their Content-Type", () => {
  const json = parseUriArgs({ url: "u", body: { a: [1, null], s: "é" }, body_format: "json" });
  assert.equal(decode(json.body), '{"a": [1, null], "s": "\\u00e9"}');
  assert.deepEqual(json.headers, [["Content-Type", "application/json"]]);
  // No body with body_format json is Python's json.dumps(None).
  assert.equal(decode(parseUriArgs({ url: "u", body_format: "json" }).body), "null");
  const typed = parseUriArgs({
    url: "u",
    body: "{}",
    body_format: "json",
    headers: { "content-type": "application/vnd+json" },
  });
  assert.deepEqual(typed.headers, [["content-type", "application/vnd+json"]]);
  const form = parseUriArgs({ url: "u", body: { a: "x y" }, body_format: "form-urlencoded" });
  assert.equal(decode(form.body), "a=x+y");
  assert.deepEqual(form.headers, [["Content-Type", "application/x-www-form-urlencoded"]]);
  assert.equal(parseUriArgs({ url: "u", body_format: "form-urlencoded" }).body, undefined);
  assert.equal(decode(parseUriArgs({ url: "u", body: "raw" }).body), "raw");
  assert.equal(encodeBody(undefined, "raw").data, undefined);
  assert.deepEqual(parseUriArgs({ url: "u", headers: '{"A": 1, "B": true}' }).headers, [
    ["A", "1"],
    ["B", "True"],
  ]);
  assert.deepEqual(parseUriArgs({ url: "u", headers: "A=1, B=2" }).headers, [["A", "1"], [
    "B",
    "2",
  ]]);
});

Deno.test("uri: form-urlencoded as Python's urlencode(doseq=True)", () => {
  assert.equal(quotePlus("a b/é~_.-*'"), "a+b%2F%C3%A9~_.-%2A%27");
  assert.equal(
    formUrlencoded({ a: [1, 2], b: true, c: null, d: { k1: 1, k2: 2 } }),
    "a=1&a=2&b=True&d=k1&d=k2",
  );
  assert.equal(formUrlencoded([["x", "1"], ["x", "2"]]), "x=1&x=2");
  assert.equal(formUrlencoded("already=encoded"), "already=encoded");
  assert.throws(() => formUrlencoded([["a", "b", "c"]]), /too many values to unpack/);
});

Deno.test("http URLs: Python's urlsplit, credentials, file names, redirects", () => {
  assert.deepEqual(splitUrl("HTTP://u:p@h:8/a/b?q=1#f"), {
    scheme: "http",
    netloc: "u:p@h:8",
    path: "/a/b",
    query: "q=1",
    fragment: "f",
  });
  assert.deepEqual(urlCredentials("http://u:p:q@h/x"), {
    url: "http://h/x",
    username: "u",
    password: "p:q",
  });
  assert.deepEqual(urlCredentials("http://u@h/x"), {
    url: "http://h/x",
    username: "u",
    password: "",
  });
  assert.deepEqual(urlCredentials("http://h/x"), { url: "http://h/x" });
  assert.equal(urlFilename("http://h/a/b.tgz?x=1"), "b.tgz");
  assert.equal(urlFilename("http://h/a/"), "index.html");
  assert.equal(urlFilename("http://h"), "index.html");
  assert.equal(pathDirname("http://h/a/b"), "http://h/a");
  // Ansible's absolute_location replaces the request path in the whole URL.
  assert.equal(absoluteLocation("http://h:1/r/302?to=/e", "/e"), "http://h:1?to=/e/e");
  assert.equal(absoluteLocation("http://h/a/b", "c"), "http://h/a/c");
  assert.equal(absoluteLocation("http://h/a", "https://o/x"), "https://o/x");
  assert.equal(redirectTarget("http://h/a/b", "/c d"), "http://h/c%20d");
  assert.equal(redirectTarget("http://h/a/b", "//o"), "http://o/");
  assert.equal(redirectTarget("http://h/", "ftp://o/x"), "ftp://o/x");
  assert.equal(redirectTarget("http://h/", "javascript:alert(1)"), undefined);
});

Deno.test("http responses: heads, headers as fetch_url keeps them, content types", () => {
  const dump = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\n\r\n" +
    "HTTP/1.0 200 OK\r\nX-A: 1\r\nX-Fold: a\r\n  b\r\nx-a: 2\r\nEmpty:\r\n\r\n";
  const head = parseResponseHead(dump)!;
  assert.equal(head.status, 200);
  assert.equal(head.reason, "OK");
  assert.deepEqual(headerInfo(head.headers, true), {
    "x-a": "1, 2",
    "x-fold": "a b",
    empty: "",
  });
  assert.equal(headerInfo(head.headers, false)["x-a"], "2");
  assert.equal(parseResponseHead("HTTP/1.1 204\r\n\r\n")?.reason, "");
  assert.equal(parseResponseHead(""), undefined);
  assert.deepEqual(parseContentType(undefined), {
    type: "text/plain",
    subType: "plain",
    charset: "utf-8",
  });
  assert.equal(parseContentType("bogus").type, "text/plain");
  assert.equal(parseContentType('text/html; charset="ISO-8859-1"').charset, "ISO-8859-1");
  assert.equal(attachmentFilename({ "content-disposition": "attachment;filename=a.tgz" }), "a.tgz");
  assert.equal(attachmentFilename({ "content-disposition": 'inline; filename="a"' }), undefined);
});

Deno.test("http cookies: cookiejar's order, updates, expiry and what a redirect sends", () => {
  const jar = new CookieJar();
  jar.add("http://h/a/b", ["z=1", "a=2; Path=/", "gone=1; Max-Age=0"], 1000);
  jar.add("http://h/x", ["z=3; Path=/a", "b=4; Domain=example.org"], 1000);
  assert.equal(jar.cookiesString(), "z=3; a=2; b=4");
  assert.deepEqual(jar.cookiesDict(), { z: "3", a: "2", b: "4" });
  jar.add("http://h/", ["a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"], 1000);
  assert.equal(jar.cookiesString(), "z=3; b=4");
  assert.equal(jar.header("http://h/a/c"), "z=3");
  assert.equal(jar.header("http://other/a"), undefined);
  assert.equal(jar.header("http://www.example.org/"), "b=4");
});

Deno.test("http failures: curl's and wget's errors in urllib's words", () => {
  const urlopen = (why: string) => `Request failed: <urlopen error ${why}>`;
  assert.equal(
    transportFailure("curl", 6, "curl: (6) Could not resolve host: nowhere"),
    urlopen("[Errno -2] Name or service not known"),
  );
  assert.equal(
    transportFailure("curl", 7, "curl: (7) Failed to connect to h port 1: No route to host"),
    urlopen("[Errno 113] No route to host"),
  );
  assert.equal(
    transportFailure("curl", 28, "curl: (28) Connection timed out after 2001 milliseconds"),
    urlopen("timed out"),
  );
  assert.equal(
    transportFailure("curl", 28, "curl: (28) Operation too slow. Less than 1 bytes/sec"),
    "Connection failure: timed out",
  );
  assert.equal(
    transportFailure("curl", 60, "curl: (60) SSL certificate problem: self-signed certificate"),
    urlopen(
      "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:992)",
    ),
  );
  assert.equal(
    transportFailure(
      "curl",
      60,
      "curl: (60) SSL: no alternative certificate subject name matches target host name '10.0.0.9'",
    ),
    urlopen(
      "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address mismatch, " +
        "certificate is not valid for '10.0.0.9'. (_ssl.c:992)",
    ),
  );
  assert.equal(
    transportFailure("curl", 52, "curl: (52) Empty reply from server"),
    "Connection failure: Remote end closed connection without response",
  );
  assert.equal(
    transportFailure("wget", 4, "failed: Connection refused."),
    urlopen("[Errno 111] Connection refused"),
  );
  assert.equal(
    transportFailure("wget", 4, "Read error (Connection timed out) in headers."),
    "Connection failure: timed out",
  );
});

const exchange: HttpExchange = {
  method: "POST",
  url: "http://h:8/p?q",
  headers: [["User-agent", "ansible-httpget"], ["X-Empty", ""], ["Connection", "close"]],
  sendBody: true,
  challengeAuth: { username: "u", password: 'p"w\\d' },
  netrc: false,
};
const transport = { timeout: 7, validateCerts: false, useProxy: false, caPath: "/etc/ca.pem" };

Deno.test("http client: curl config and wgetrc carry the request; the script does not", () => {
  assert.equal(curlQuote('a"b\\c\n'), '"a\\"b\\\\c\\n"');
  const curl = curlConfig(exchange, transport);
  for (
    const line of [
      'url = "http://h:8/p?q"',
      'request = "POST"',
      'header = "Accept:"',
      'header = "Expect:"',
      'header = "User-agent: ansible-httpget"',
      'header = "X-Empty;"',
      "connect-timeout = 7",
      "speed-time = 7",
      "insecure",
      'cacert = "/etc/ca.pem"',
      'noproxy = "*"',
      'user = "u:p\\"w\\\\d"',
      "anyauth",
    ]
  ) assert.ok(curl.split("\n").includes(line), line);
  assert.ok(!curl.includes('header = "User-Agent:"'), "a given agent is not removed");
  assert.match(curlConfig({ ...exchange, method: "HEAD" }, transport), /^head$/m);
  const wget = wgetConfig(exchange, transport);
  assert.match(wget, /^user = u$/m);
  assert.match(wget, /^password = p"w\\d$/m);
  assert.match(wget, /^user_agent = ansible-httpget$/m);
  assert.match(wget, /^check_certificate = off$/m);
  const script = exchangeScript({ output: "body", inlineLimit: 10 }, "POST", true, true, true);
  for (const secret of ['p"w', "http://h:8", "X-Empty"]) {
    assert.ok(!script.includes(secret), `${secret} is not in the script (the child's argv)`);
  }
  const stdin = decode(exchangeStdin(curl, wget, exchange.url, new TextEncoder().encode("B")));
  assert.ok(stdin.endsWith("\nhttp://h:8/p?q\n__TACHYON_URL_END__\nB"));
});

Deno.test("http client: what Python's http.client refuses", () => {
  assert.throws(
    () => checkExchange({ ...exchange, url: "http://h/a b" }),
    (e: Error) =>
      e instanceof HttpUrlError &&
      e.message ===
        "An unknown error occurred: URL can't contain control characters. '/a b' (found at least ' ')",
  );
  assert.throws(
    () => checkExchange({ ...exchange, headers: [["X", "a\nb"]] }),
    (e: Error) => e instanceof HttpValueError && e.message === "Invalid header value b'a\\nb'",
  );
  assert.throws(() => checkExchange({ ...exchange, headers: [["X Y", "1"]] }), HttpValueError);
});

Deno.test("http client: reading what the exchange printed", () => {
  const b64 = (s: string) => btoa(s);
  const curl = readExchange(ShellOutput.parse(
    `T /tmp/t\nRC curl 0\nHEAD base64 ${
      b64("HTTP/1.0 404 Not Found\r\nA: b\r\n\r\n")
    }\nSZ 2\nBODY base64 ${b64("no")}\nO /tmp/t/body\n`,
  ));
  assert.equal(curl.tempDir, "/tmp/t");
  assert.equal(curl.outcome.kind, "response");
  if (curl.outcome.kind === "response") {
    assert.equal(curl.outcome.head.status, 404);
    assert.equal(decode(curl.outcome.body), "no");
    assert.equal(curl.outcome.bodyPath, "/tmp/t/body");
  }
  const refused = readExchange(ShellOutput.parse(
    `T /tmp/t\nRC curl 7\nERR base64 ${
      b64("curl: (7) Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server")
    }\nSZ 0\nO /tmp/t/body\n`,
  ));
  assert.deepEqual(refused.outcome, {
    kind: "failure",
    msg: "Request failed: <urlopen error [Errno 111] Connection refused>",
  });
  const wget = readExchange(ShellOutput.parse(
    `T /tmp/t\nRC wget 8\nERR base64 ${
      b64("  HTTP/1.0 302 Found\n  Location: /x\n0 redirections exceeded.\n")
    }\nSZ 0\nO /tmp/t/body\n`,
  ));
  assert.equal(wget.client, "wget");
  assert.equal(wget.outcome.kind === "response" && wget.outcome.head.status, 302);
});

Deno.test("http fetch: urllib's header names, dates and Basic credentials", () => {
  assert.equal(titleCase("user-agent"), "User-Agent");
  assert.equal(titleCase("WWW-authenticate"), "Www-Authenticate");
  assert.equal(httpDate(1796530000.9), "Sun, 06 Dec 2026 04:06:40 GMT");
  assert.equal(basicAuth("alice", "é"), "Basic YWxpY2U6w6k=");
});

Deno.test("no_log: url_password masked in values, and in uri's keys", () => {
  const result = {
    content: '{"pw": "x pw"}',
    json: { pw: "pw" },
    msg: "pw",
    list: ["pw", 1],
  };
  assert.deepEqual(maskSecret(result, "pw", true, new Set(["msg"])), {
    content: '{"********": "x ********"}',
    json: { VALUE_SPECIFIED_IN_NO_LOG_PARAMETER: "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" },
    msg: "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER",
    list: ["VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", 1],
  });
  assert.deepEqual(maskSecret({ pw: 1 }, "pw"), { pw: 1 }, "keys only for uri");
  assert.deepEqual(maskSecret({ a: "pw" }, undefined), { a: "pw" });
});
