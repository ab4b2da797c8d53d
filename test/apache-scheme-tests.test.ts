/**
 * Request-time tests httpd decides by the connection's scheme, decided per
 * virtual host (src/model/apache/scheme-tests.ts): what httpd 2.4 does with
 * `<If "%{HTTPS} == 'on'">`, its `<ElseIf>`/`<Else>`, and mod_headers'
 * `env=HTTPS` / `expr=` conditions on a plain and on a TLS host.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DiskFs } from "../src/load/fs-facade.js";
import { loadApacheTree, type ApacheTree } from "../src/load/apache.js";
import { PathMap } from "../src/load/path-map.js";
import { proxyMounts } from "../src/model/apache/proxy.js";
import { requestHeaderFor } from "../src/model/apache/request-headers.js";
import { headerCondition, schemeExpr } from "../src/model/apache/scheme-tests.js";
import { ApacheServer } from "../src/model/apache/server.js";

function server(files: Record<string, string>): ApacheServer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-scheme-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return new ApacheServer(loadApacheTree(path.join(dir, "httpd.conf"), new DiskFs(new PathMap([], dir))) as ApacheTree);
}

const HOSTS =
  "<VirtualHost *:80>\n  Include proxy.conf\n</VirtualHost>\n" +
  "<VirtualHost *:443>\n  SSLEngine on\n  SSLCertificateFile /c.pem\n  Include proxy.conf\n</VirtualHost>\n";

/** The X-Forwarded-Proto each host's proxied requests get: the value set, "client" when the client's passes, "?" when unsure. */
function forwardedProto(s: ApacheServer): string[] {
  return s.sections("VirtualHost").map((v) => {
    const mount = proxyMounts(s).find((m) => m.entry.vhost === v.node);
    if (!mount) return "no mount";
    const h = requestHeaderFor(s, v.node, mount, ["x-forwarded-proto"]);
    return h.unsure ? "?" : h.set ? h.set.node.args[2].value : "client";
  });
}

test("ap_expr scheme comparisons, under a plain, a TLS and an undecided host", () => {
  expect(["no", "yes", "unknown"].map((t) => schemeExpr("%{HTTPS} == 'on'", t as "no"))).toEqual(["no", "yes", "unknown"]);
  expect(schemeExpr("%{HTTPS} != 'on'", "no")).toBe("yes");
  expect(schemeExpr('%{HTTPS} = "off"', "no")).toBe("yes");
  expect(schemeExpr("%{REQUEST_SCHEME} == 'https'", "yes")).toBe("yes");
  expect(schemeExpr("%{REQUEST_SCHEME} == 'http'", "yes")).toBe("no");
  // HTTPS is "on" or "off", compared case-sensitively: 'ON' never equals it.
  expect(schemeExpr("%{HTTPS} == 'ON'", "yes")).toBe("no");
  expect(schemeExpr("%{HTTP_HOST} == 'a'", "yes")).toBe("unknown");
  expect(schemeExpr("%{HTTPS} == 'on' && %{HTTP_HOST} == 'a'", "yes")).toBe("unknown");
  expect(headerCondition("env=HTTPS", "no")).toBe("no");
  expect(headerCondition("env=!HTTPS", "no")).toBe("yes");
  expect(headerCondition("env=FORWARDED", "no")).toBe("unknown");
  expect(headerCondition("expr=%{HTTPS} == 'on'", "yes")).toBe("yes");
});

test("RequestHeader ... env=HTTPS in a snippet both hosts include: the TLS host sets it, the plain one passes the client's", () => {
  const s = server({
    "httpd.conf": HOSTS,
    "proxy.conf": 'RequestHeader set X-Forwarded-Proto "https" env=HTTPS\nProxyPass / http://127.0.0.1:8000/\n',
  });
  expect(forwardedProto(s)).toEqual(["client", "https"]);
});

test("<If> on the scheme with an <Else>: each host its own value; without the <Else>, the plain host passes the client's", () => {
  const withElse = server({
    "httpd.conf": HOSTS,
    "proxy.conf":
      '<If "%{HTTPS} == \'on\'">\n  RequestHeader set X-Forwarded-Proto "https"\n</If>\n<Else>\n  RequestHeader set X-Forwarded-Proto "http"\n</Else>\nProxyPass / http://127.0.0.1:8000/\n',
  });
  expect(forwardedProto(withElse)).toEqual(["http", "https"]);
  const withoutElse = server({
    "httpd.conf": HOSTS,
    "proxy.conf": '<If "%{HTTPS} == \'on\'">\n  RequestHeader set X-Forwarded-Proto "https"\n</If>\nProxyPass / http://127.0.0.1:8000/\n',
  });
  expect(forwardedProto(withoutElse)).toEqual(["client", "https"]);
});

test("an <ElseIf> after a test the linter cannot decide, and an <If> on anything but the scheme, stay unsure", () => {
  const s = server({
    "httpd.conf": HOSTS,
    "proxy.conf":
      '<If "%{HTTP_HOST} == \'a.example.com\'">\n  RequestHeader set X-Forwarded-Proto "https"\n</If>\n<ElseIf "%{HTTPS} == \'on\'">\n  RequestHeader set X-Forwarded-Proto "https"\n</ElseIf>\nProxyPass / http://127.0.0.1:8000/\n',
  });
  // Plain host: the <ElseIf> is never taken, the <If> may be. TLS host: one of the two always sets it, but which is unknown.
  expect(forwardedProto(s)).toEqual(["?", "?"]);
});
