/**
 * The CLI writes its report straight to the descriptor (src/cli/stdio.ts): every byte arrives, in order, also when
 * the descriptor is full and non-blocking (the rest goes through Node's stream), and a reader that went away is not
 * an error.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { DescriptorOutput } from "../../src/cli/stdio.js";
import { UsageError } from "../../src/core/errors.js";

const errno = (code: string) => Object.assign(new Error(code), { code });

/** A descriptor that takes `accept` bytes in all, then answers `code`. */
function descriptor(accept: number, code: string) {
  const written: number[] = [];
  const writeSync = (_fd: number, bytes: Uint8Array, offset: number) => {
    const room = accept - written.length;
    if (room <= 0) throw errno(code);
    const n = Math.min(room, bytes.length - offset);
    written.push(...bytes.subarray(offset, offset + n));
    return n;
  };
  return { written, writeSync };
}

test("a full non-blocking descriptor hands the rest, and every later write, to Node's stream, in order", () => {
  const fd = descriptor(5, "EAGAIN");
  const stream = new PassThrough();
  const out = new DescriptorOutput(1, () => stream, fd.writeSync);
  out.write("hello, world\n");
  out.write(Buffer.from("second\n"));
  expect(Buffer.from(fd.written).toString()).toBe("hello");
  expect(String(stream.read())).toBe(", world\nsecond\n");
});

test("a reader that went away (EPIPE) drops the rest without an error; other errors are thrown", () => {
  const gone = descriptor(3, "EPIPE");
  const out = new DescriptorOutput(1, () => new PassThrough(), gone.writeSync);
  expect(() => out.write("abcdef")).not.toThrow();
  expect(() => out.write("more")).not.toThrow();
  expect(Buffer.from(gone.written).toString()).toBe("abc");
  const odd = descriptor(0, "ESOMETHING");
  expect(() => new DescriptorOutput(1, () => new PassThrough(), odd.writeSync).write("x")).toThrow("ESOMETHING");
});

test("a device that refuses the report (> /dev/full) is a usage error, exit 2, not a crash; stderr refusing is dropped", () => {
  const full = descriptor(4, "ENOSPC");
  const out = new DescriptorOutput(1, () => new PassThrough(), full.writeSync);
  expect(() => out.write("a long report")).toThrow(new UsageError("cannot write to standard output: no space left on device (ENOSPC)"));
  const errFull = descriptor(0, "ENOSPC");
  expect(() => new DescriptorOutput(2, () => new PassThrough(), errFull.writeSync).write("a note")).not.toThrow();
});

test("a file or a pipe is not a terminal", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-stdio-")), "out");
  const fd = fs.openSync(file, "w");
  try {
    expect(new DescriptorOutput(fd, () => new PassThrough()).isTTY).toBe(false);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(path.dirname(file), { recursive: true });
  }
});

test("a reader that stops early (| head) leaves the lint's exit code and nothing on stderr", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-stdio-"));
  try {
    // 400 findings: a report far larger than the 10 bytes head reads, and than a pipe's buffer.
    const host = (i: number) => `<VirtualHost *:80>\n  ServerName s${i}.example\n  PythonDebug On\n</VirtualHost>\n`;
    fs.writeFileSync(path.join(dir, "sites.conf"), Array.from({ length: 400 }, (_, i) => host(i)).join(""));
    const cli = JSON.stringify(path.resolve("dist/cli.js"));
    const script = `{ ${JSON.stringify(process.execPath)} ${cli} --no-config -f json sites.conf 2> err; echo $? > code; } | head -c 10`;
    const r = spawnSync("sh", ["-c", script], { cwd: dir, encoding: "utf8" });
    expect(r.stdout).toBe('[{"filePat');
    expect(fs.readFileSync(path.join(dir, "err"), "utf8")).toBe("");
    expect(fs.readFileSync(path.join(dir, "code"), "utf8").trim()).toBe("1");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

(fs.existsSync("/dev/full") ? test : test.skip)("a lint whose report cannot be written (> /dev/full) exits 2 and says why", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-stdio-"));
  try {
    fs.writeFileSync(path.join(dir, "site.conf"), "<Location />\n    PythonDebug On\n</Location>\n");
    const cli = JSON.stringify(path.resolve("dist/cli.js"));
    const r = spawnSync("sh", ["-c", `${JSON.stringify(process.execPath)} ${cli} --no-config site.conf > /dev/full`], { cwd: dir, encoding: "utf8" });
    expect([r.status, r.stderr]).toEqual([2, "djlint-conf: cannot write to standard output: no space left on device (ENOSPC)\n"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
