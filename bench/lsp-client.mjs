// A minimal LSP client over stdio: Content-Length framing, requests with ids, notifications,
// and answers to the server's own requests. Just enough to time two servers the same way;
// hand-rolled so the benchmark measures the servers, not a client library.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** USER_HZ: what /proc/<pid>/stat counts CPU time in (`getconf CLK_TCK`; 100 on Linux). */
const CLOCK_TICKS = 100;

export class LspClient {
  /**
   * @param {string} name label used in error messages
   * @param {string[]} args arguments to `node` (the server entry and its flags)
   * @param {{ cwd: string, onRequest: (method: string, params: any) => any, timeoutMs: number }} opts
   */
  constructor(name, args, { cwd, onRequest, timeoutMs }) {
    this.name = name;
    this.timeoutMs = timeoutMs;
    this.onRequest = onRequest;
    this.nextId = 1;
    this.pending = new Map();
    /** @type {{ match: (msg: any) => boolean, resolve: (v: any) => void }[]} */
    this.waiters = [];
    /** publishDiagnostics no waiter took, by uri: a server publishing more than we account for. */
    this.strayPublishes = new Map();
    this.buffer = Buffer.alloc(0);
    this.stderr = '';
    this.exited = null;
    this.proc = spawn(process.execPath, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (chunk) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk) => {
      // Keep the tail only: enough to explain a crash.
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.proc.on('exit', (code, signal) => {
      this.exited = { code, signal };
      const err = new Error(
        `${this.name} exited (code ${code}, signal ${signal})${this.stderr ? `; stderr:\n${this.stderr}` : ''}`,
      );
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      for (const w of this.waiters) w.reject(err);
      this.waiters = [];
    });
    this.proc.stdin.on('error', () => {}); // EPIPE after a crash is reported by 'exit'
  }

  get pid() {
    return this.proc.pid;
  }

  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: *(\d+)/i.exec(header);
      if (!m) throw new Error(`${this.name}: bad LSP header: ${header}`);
      const len = Number(m[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + len) return;
      const body = this.buffer.subarray(start, start + len).toString('utf8');
      this.buffer = this.buffer.subarray(start + len);
      this.dispatch(JSON.parse(body), performance.now());
    }
  }

  dispatch(msg, at) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${this.name}: ${p.method} failed: ${msg.error.message}`));
      else p.resolve({ result: msg.result, at });
      return;
    }
    if (msg.id !== undefined) {
      // A request from the server: answer at once, as an editor would.
      let result = null;
      try {
        result = this.onRequest(msg.method, msg.params) ?? null;
      } catch (err) {
        this.write({ jsonrpc: '2.0', id: msg.id, error: { code: -32603, message: String(err) } });
        return;
      }
      this.write({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    const i = this.waiters.findIndex((w) => w.match(msg));
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1);
      w.resolve({ msg, at });
    } else if (msg.method === 'textDocument/publishDiagnostics') {
      this.strayPublishes.set(msg.params.uri, (this.strayPublishes.get(msg.params.uri) ?? 0) + 1);
    }
  }

  write(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  /** Sends a request; resolves with `{ result, at }` where `at` is when the answer arrived. */
  request(method, params) {
    const id = this.nextId++;
    const promise = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
    this.write({ jsonrpc: '2.0', id, method, params });
    return this.bounded(promise, `an answer to ${method}`);
  }

  notify(method, params) {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /**
   * Registers interest in the next notification that matches, before the message that causes it
   * is sent, so a fast answer is never missed. Resolves with `{ msg, at }`.
   */
  expect(match, what) {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const promise = new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject }));
    return this.bounded(promise, what);
  }

  bounded(promise, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            Object.assign(
              new Error(
                `${this.name} did not send ${what} within ${this.timeoutMs / 1000} s${this.stderr ? `; stderr tail:\n${this.stderr}` : ''}`,
              ),
              { timedOut: true },
            ),
          ),
        this.timeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  /** Peak resident set size so far, in MB (Linux only; null elsewhere). */
  peakRssMb() {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const m = /^VmHWM:\s+(\d+) kB/m.exec(status);
      return m ? Number(m[1]) / 1024 : null;
    } catch {
      return null;
    }
  }

  /**
   * From now on, peakRssMb() is the peak since this call: writing 5 to clear_refs resets the
   * process's VmHWM to its current RSS (Linux; a no-op elsewhere).
   */
  resetPeakRss() {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
    } catch {
      // not Linux, or not allowed: the peak stays the whole run's
    }
  }

  /** CPU time the server process has used so far (utime + stime from /proc/<pid>/stat), in ms; null elsewhere. */
  cpuMs() {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      // Fields after the `(comm)`: state is field 3, utime 14, stime 15 (clock ticks, 100 a second on Linux).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return null;
    }
  }

  /** Polite shutdown, then SIGKILL if the server lingers. Never throws. */
  async stop() {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.proc.once('exit', resolve));
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
    } catch {
      // already dead or not answering: killed below
    }
    await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
    if (!this.exited) {
      this.kill();
      await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
    }
  }

  kill() {
    if (!this.exited) this.proc.kill('SIGKILL');
  }
}
