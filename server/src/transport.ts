import { prose } from './engine/template-text';
/**
 * The server's end of the LSP stream (issue item 20), two layers under `createConnection`:
 *
 * - `ResyncingMessageReader` reads `Content-Length` frames like vscode-jsonrpc's
 *   StreamMessageReader, but a frame it cannot read is skipped and reported, and reading goes on
 *   at the next header. StreamMessageReader reports a missing or non-numeric Content-Length
 *   through onError and returns, with the bad frame's body still in its buffer; every later
 *   chunk is then parsed as headers and fails ("Message header must separate key and value using
 *   ':'"), so the server stays alive and never answers again.
 * - `LifecycleGuard` keeps the order the LSP specification asks for, which vscode-languageserver
 *   leaves to the server: before `initialize` a request gets ServerNotInitialized (-32002) and a
 *   notification is dropped; after `shutdown` a request gets InvalidRequest (-32600)
 *   ("If a server receives requests after a shutdown request those requests should error with
 *   InvalidRequest", https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#shutdown).
 *   `exit` always goes through (the library exits with 0 after shutdown, 1 without).
 */
import {
  AbstractMessageReader,
  ErrorCodes,
  Message,
  StreamMessageWriter,
  type DataCallback,
  type Disposable,
  type MessageReader,
  type MessageWriter,
  type NotificationMessage,
  type RequestMessage,
  type ResponseMessage,
} from 'vscode-languageserver/node';

/** Longer than any header a client writes (two short fields); a longer one is garbage. */
const MAX_HEADER_BYTES = 8 * 1024;
/** Larger than any document we lint (hostile tests open 3 MB); V8 strings end near 512 MiB. */
const MAX_BODY_BYTES = 256 * 1024 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');
const CONTENT_LENGTH = 'content-length:';

export type ProblemReporter = (message: string) => void;

export class ResyncingMessageReader extends AbstractMessageReader implements MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  /** Chunks of a body whose length is known, joined once it is complete. */
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  private bodyLength = -1;
  /** After a bad frame: bytes are dropped until the next `Content-Length:`. */
  private resyncing = false;
  /** Where problems go; the server points it at its log once the connection exists. */
  onProblem: ProblemReporter = () => undefined;

  constructor(private readonly readable: NodeJS.ReadableStream) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (data: Buffer | string) =>
      this.onData(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, callback);
    const onError = (err: Error) => this.fireError(err);
    const onClose = () => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('close', onClose);
    this.readable.on('end', onClose);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('error', onError);
        this.readable.off('close', onClose);
        this.readable.off('end', onClose);
      },
    };
  }

  private onData(data: Buffer, callback: DataCallback): void {
    if (this.bodyLength >= 0) {
      this.chunks.push(data);
      this.chunkBytes += data.length;
      if (this.chunkBytes < this.bodyLength) return;
      this.buffer = Buffer.concat(this.chunks, this.chunkBytes);
      this.chunks = [];
      this.chunkBytes = 0;
    } else {
      this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    }
    for (;;) {
      if (this.bodyLength < 0 && !this.readHeader()) return;
      if (this.buffer.length < this.bodyLength) {
        // Wait for the rest of the body without copying the buffer for every chunk.
        this.chunks = [this.buffer];
        this.chunkBytes = this.buffer.length;
        this.buffer = Buffer.alloc(0);
        return;
      }
      const body = this.buffer.subarray(0, this.bodyLength);
      this.buffer = this.buffer.subarray(this.bodyLength);
      this.bodyLength = -1;
      this.deliver(body, callback);
    }
  }

  /** Reads one header block; true when `bodyLength` is set, false when more bytes are needed. */
  private readHeader(): boolean {
    for (;;) {
      if (this.resyncing) {
        const at = this.buffer.toString('latin1').toLowerCase().indexOf(CONTENT_LENGTH);
        if (at < 0) {
          // Keep a tail that may be the start of the next header.
          this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - CONTENT_LENGTH.length + 1));
          return false;
        }
        this.buffer = this.buffer.subarray(at);
        this.resyncing = false;
      }
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0) {
        if (this.buffer.length <= MAX_HEADER_BYTES) return false;
        this.skip(`a header longer than ${MAX_HEADER_BYTES} bytes without an end`);
        continue;
      }
      const header = this.buffer.subarray(0, end).toString('latin1');
      const length = contentLength(header);
      if (typeof length === 'string') {
        this.skip(length);
        continue;
      }
      this.buffer = this.buffer.subarray(end + HEADER_END.length);
      this.bodyLength = length;
      return true;
    }
  }

  /** Drops the frame that starts the buffer: reading resumes at the next `Content-Length:`. */
  private skip(why: string): void {
    this.onProblem(`skipped a message frame with ${why}; reading on at the next Content-Length header`);
    this.buffer = this.buffer.subarray(1);
    this.resyncing = true;
  }

  private deliver(body: Buffer, callback: DataCallback): void {
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch (err) {
      // A Content-Length too long swallows the next frame: read on from a header inside the body.
      const inside = body.toString('latin1').toLowerCase().indexOf(CONTENT_LENGTH, 1);
      this.onProblem(`skipped a message whose body is not JSON (${(err as Error).message.split('\n')[0]})`);
      if (inside >= 0) this.buffer = Buffer.concat([body.subarray(inside), this.buffer]);
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.onProblem('skipped a message that is not a JSON-RPC object');
      return;
    }
    callback(message as Message);
  }
}

/** The body length a header block gives, or why it gives none. */
function contentLength(header: string): number | string {
  let length: number | string = 'no Content-Length header';
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `a header line without a field name: ${JSON.stringify(line.slice(0, 80))}`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_BODY_BYTES)
      return `Content-Length ${JSON.stringify(value.slice(0, 40))}, not a length up to ${MAX_BODY_BYTES} bytes`;
    length = Number(value);
  }
  return length;
}

type Phase = 'uninitialized' | 'running' | 'shut down';

/** Answers what the specification forbids before `initialize` and after `shutdown`, so the handlers never see it. */
export class LifecycleGuard implements MessageReader {
  private phase: Phase = 'uninitialized';

  constructor(
    private readonly reader: MessageReader,
    private readonly writer: MessageWriter,
    private readonly onProblem: () => ProblemReporter,
  ) {}

  /** True once `shutdown` was received: `exit` and the end of the input then mean success. */
  get shutDown(): boolean {
    return this.phase === 'shut down';
  }

  get onError() {
    return this.reader.onError;
  }
  get onClose() {
    return this.reader.onClose;
  }
  get onPartialMessage() {
    return this.reader.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.reader.listen((message) => {
      if (this.admit(message)) callback(message);
    });
  }

  dispose(): void {
    this.reader.dispose();
  }

  private admit(message: Message): boolean {
    if (Message.isRequest(message)) return this.admitRequest(message);
    if (Message.isNotification(message)) return this.admitNotification(message);
    return true; // responses to our own requests
  }

  private admitRequest(request: RequestMessage): boolean {
    if (this.phase === 'uninitialized') {
      if (request.method === 'initialize') {
        this.phase = 'running';
        return true;
      }
      this.reject(
        request,
        ErrorCodes.ServerNotInitialized,
        `the server is not initialized yet: ${request.method} before initialize`,
      );
      return false;
    }
    if (this.phase === 'shut down') {
      this.reject(request, ErrorCodes.InvalidRequest, `the server is shut down: ${request.method} after shutdown`);
      return false;
    }
    if (request.method === 'initialize') {
      this.reject(request, ErrorCodes.InvalidRequest, 'initialize was already received');
      return false;
    }
    if (request.method === 'shutdown') this.phase = 'shut down';
    return true;
  }

  private admitNotification(notification: NotificationMessage): boolean {
    if (notification.method === 'exit') return true;
    if (this.phase === 'running') return true;
    // "Notifications should be dropped, except for the exit notification" (before initialize); after shutdown likewise.
    if (!notification.method.startsWith('$/'))
      this.onProblem()(prose`
      dropped ${notification.method}: the server is
      ${this.phase === 'uninitialized' ? 'not initialized yet' : 'shut down'}
    `);
    return false;
  }

  private reject(request: RequestMessage, code: number, message: string): void {
    const response: ResponseMessage = { jsonrpc: '2.0', id: request.id, error: { code, message } };
    this.writer
      .write(response)
      .catch((err: unknown) => this.onProblem()(`could not answer ${request.method}: ${String(err)}`));
  }
}

export interface StdioTransport {
  reader: LifecycleGuard;
  writer: MessageWriter;
  /** Points problem reports (skipped frames, dropped messages) somewhere, e.g. the server log. */
  report(to: ProblemReporter): void;
}

/** stdin/stdout through both layers. */
export function stdioTransport(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): StdioTransport {
  const frames = new ResyncingMessageReader(input);
  const writer = new StreamMessageWriter(output);
  const reader = new LifecycleGuard(frames, writer, () => frames.onProblem);
  return {
    reader,
    writer,
    report: (to) => {
      frames.onProblem = to;
    },
  };
}
