/**
 * Offset <-> line/column conversion for the edges (CLI formatters, tests). 0-based in and out.
 * Lines break at LF, CRLF and a lone CR, as in YAML 1.2 and LSP's TextDocument.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) continue; // the LF of CRLF ends the line
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }

  position(offset: number): { line: number; character: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo]! };
  }

  offset(line: number, character: number): number {
    if (line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[Math.max(0, line)]! + character, this.text.length);
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
