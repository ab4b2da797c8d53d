/** Which address an app server answers on, as a proxy's backend names it; and the run with one project. */
import { listensAt } from "../../src/model/django/sites.js";
import { proxyBackend } from "../../src/model/django/server-refs.js";
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
