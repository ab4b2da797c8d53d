/** Which address an app server answers on, as a proxy's backend names it; and the run with one project. */
import type { DjangoProjectFacts } from "../../src/model/django/index.js";
import { listensAt, tieSites } from "../../src/model/django/sites.js";
import { proxyBackend, type SiteBlock } from "../../src/model/django/server-refs.js";
import type { Listen } from "../../src/model/django/app-servers/types.js";

const at = { file: "/x", line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };
const tcp = (address: string): Listen => ({ address, protocol: "http", at });
const b = (address: string) => ({ address, socket: null, local: true });

test.each([
  ["127.0.0.1:8000", "127.0.0.1:8000", true],
  ["127.0.0.1:8000", "localhost:8000", true], // both loopback
  ["0.0.0.0:8000", "web:8000", true], // every interface: a container name reaches it
  ["*:8000", "10.0.0.5:8000", true],
  ["[::]:8000", "127.0.0.1:8000", true],
  ["127.0.0.1:8000", "127.0.0.1:8001", false], // another port
  ["127.0.0.1:8000", "10.0.0.5:8000", false], // loopback only: another machine cannot reach it
  ["10.0.0.4:8000", "10.0.0.5:8000", false],
])("%s listens for %s: %s", (listen, backend, yes) => {
  expect(listensAt(tcp(listen), b(backend))).toBe(yes);
});

test("sockets match by path; a socket never matches a TCP address", () => {
  const sock: Listen = { socket: "/run/app.sock", protocol: "uwsgi", at };
  expect(listensAt(sock, { address: null, socket: "/run/app.sock", local: true })).toBe(true);
  expect(listensAt(sock, { address: null, socket: "/run/other.sock", local: true })).toBe(false);
  expect(listensAt(sock, b("127.0.0.1:80"))).toBe(false);
  // /var/run is a link to /run on every systemd distribution: Debian's uWSGI writes one, its docs the other.
  const debian: Listen = { socket: "/run/uwsgi/app/intranet/socket", protocol: "uwsgi", at };
  expect(listensAt(debian, { address: null, socket: "/var/run/uwsgi/app/intranet/socket", local: true })).toBe(true);
  expect(listensAt({ ...debian, socket: "/var/run/app.sock" }, { address: null, socket: "/run/app.sock", local: true })).toBe(true);
  expect(listensAt(debian, { address: null, socket: "/var/runs/uwsgi/app/intranet/socket", local: true })).toBe(false);
});

test.each([
  ["http://127.0.0.1:8000/", { address: "127.0.0.1:8000", socket: null, local: true }],
  ["http://app/", { address: "app:80", socket: null, local: true }],
  ["https://api.example.com/", { address: "api.example.com:443", socket: null, local: false }],
  ["uwsgi://10.0.0.5:3031/", { address: "10.0.0.5:3031", socket: null, local: true }],
  ["unix:/run/gunicorn.sock|http://localhost/", { address: null, socket: "/run/gunicorn.sock", local: true }],
  ["!", null],
  ["http://${BACKEND}/", null],
])("ProxyPass %s", (url, expected) => {
  expect(proxyBackend(url)).toEqual(expected);
});

describe("the run with one project: which blocks serve it", () => {
  const project = (listen: Listen[] = []) =>
    ({
      root: "/p",
      settingsModule: null,
      settingsFiles: [],
      settings: {},
      appServers: listen.length ? [{ listen }] : [],
      scripts: [],
      sites: [],
    }) as unknown as DjangoProjectFacts;
  const block = (line: number, backend: string, djangoLike?: boolean): SiteBlock => ({
    dialect: "nginx",
    block: { file: "/etc/nginx/nginx.conf", range: { start: 0, end: 0, line, column: 1, endLine: line, endColumn: 1 } },
    names: [`site${line}.example.com`],
    backends: [b(backend)],
    scripts: [],
    settingsRefs: [],
    onlyRedirects: false,
    ...(djangoLike === undefined ? {} : { djangoLike }),
  });
  const script = { script: "/srv/p/p/wsgi.py", pythonPath: [], at: { file: "/x", line: 1 }, block: { file: "/x", range: at } };
  const tied = (p: DjangoProjectFacts, blocks: SiteBlock[]) => {
    tieSites([p], blocks, []);
    return p.sites.map((s) => s.line);
  };
  test("one backend in the run: every block that passes to it", () => {
    expect(tied(project(), [block(1, "127.0.0.1:8000", false), block(2, "127.0.0.1:8000", false)])).toEqual([1, 2]);
  });
  test("several backends: the blocks that look like Django, and those whose dialect does not say", () => {
    expect(tied(project(), [block(1, "127.0.0.1:8000", true), block(2, "127.0.0.1:3000", false), block(3, "127.0.0.1:9000")])).toEqual([1, 3]);
  });
  test("a project mod_wsgi already serves: only the other blocks that look like Django", () => {
    const p = project();
    (p as { scripts: unknown[] }).scripts = [script];
    const wsgi = { ...block(1, "127.0.0.1:1"), backends: [], scripts: [script] };
    expect(tied(p, [wsgi, block(2, "127.0.0.1:3000", false), block(3, "127.0.0.1:9000"), block(4, "127.0.0.1:8000", true)])).toEqual([1, 4]);
  });
  test("app servers at known addresses: only the blocks that reach them (a Grafana beside Django is not Django)", () => {
    expect(tied(project([tcp("127.0.0.1:8000")]), [block(1, "127.0.0.1:8000", true), block(2, "127.0.0.1:3000", true)])).toEqual([1]);
    // An address the environment may change says nothing: back to the blocks that look like Django.
    const maybe: Listen = { ...tcp("127.0.0.1:8001"), uncertain: "from $PORT" };
    expect(tied(project([maybe]), [block(1, "127.0.0.1:8000", true), block(2, "127.0.0.1:3000", false)])).toEqual([1]);
  });
});

test("one server block whose locations pass to two projects' app servers is a site of each", () => {
  const project = (root: string, listen: Listen) =>
    ({
      root,
      settingsModule: null,
      settingsFiles: [],
      settings: {},
      appServers: [{ kind: "gunicorn", file: "/x", listen: [listen] }],
      scripts: [],
      sites: [],
    }) as unknown as DjangoProjectFacts;
  const crm = project("/srv/crm", { socket: "/run/crm.sock", protocol: "http", at });
  const ts = project("/srv/ts", { socket: "/run/ts.sock", protocol: "http", at });
  const other = project("/srv/other", tcp("127.0.0.1:9000"));
  const block: SiteBlock = {
    dialect: "nginx",
    block: { file: "/etc/nginx/nginx.conf", range: { start: 0, end: 0, line: 3, column: 1, endLine: 3, endColumn: 1 } },
    names: ["intranet.example.com"],
    backends: [
      { address: null, socket: "/run/crm.sock", local: true },
      { address: null, socket: "/run/ts.sock", local: true },
    ],
    scripts: [],
    settingsRefs: [],
    onlyRedirects: false,
  };
  tieSites([crm, ts, other], [block], []);
  expect([crm, ts, other].map((p) => p.sites.map((s) => [s.line, s.via]))).toEqual([
    [[3, "it passes requests to unix:/run/crm.sock, where gunicorn (/x:1) listens"]],
    [[3, "it passes requests to unix:/run/ts.sock, where gunicorn (/x:1) listens"]],
    [],
  ]);
});
