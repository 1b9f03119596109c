// The retained lines' buffers are recycled once the window has dropped them and their bytes are in
// the file: a reused chunk never overwrites a line that is still retained or not yet written.
import { describe, expect, it } from 'vitest';
import { LineChunks } from '../../../src/engine/oplog/line-chunks.js';
import { OplogWindow } from '../../../src/engine/oplog/oplog-window.js';

function setup(capacity: number, chunkBytes: number) {
  const chunks = new LineChunks(chunkBytes);
  const window = new OplogWindow(capacity, (chunk) => chunks.release(chunk));
  const seen = new Set<Buffer>();
  let seq = 0;
  const append = (text: string) => {
    seq++;
    const start = chunks.append(text);
    seen.add(chunks.lastChunk);
    window.append(chunks.lastChunk, start, chunks.lastEnd, seq, seq, 'c', 'find', false);
  };
  return { chunks, window, seen, append, line: (n: number) => `{"n":${n},"pad":"${'x'.repeat(n % 7)}"}` };
}

describe('LineChunks recycling', () => {
  it('keeps every retained line and every written byte intact while reusing a handful of chunks', () => {
    const { chunks, window, seen, append, line } = setup(5, 256);
    const file: Buffer[] = [];
    let n = 0;
    for (let batch = 0; batch < 200; batch++) {
      const size = 1 + (batch % 4);
      for (let i = 0; i < size; i++) append(line(n++));
      // the batch goes to the "file" as the writer would write it, then is acknowledged
      file.push(...chunks.takeUnwritten().map((b) => Buffer.from(b)));
      chunks.written();
      const retained = window.newest(100, () => true).map((e) => e.line);
      expect(retained).toEqual(Array.from({ length: Math.min(5, n) }, (_, i) => line(n - Math.min(5, n) + i)));
    }
    expect(Buffer.concat(file).toString('utf8')).toBe(Array.from({ length: n }, (_, i) => `${line(i)}\n`).join(''));
    // 200 batches (500 lines of ~25 bytes) in 256-byte chunks take 50+ chunks unrecycled
    expect(seen.size).toBeLessThan(12);
  });

  it('does not reuse a released chunk whose bytes are still waiting to be written', () => {
    const { chunks, window, append, line } = setup(1, 32);
    const pending: Buffer[] = [];
    for (let i = 0; i < 40; i++) {
      append(line(i));
      // nothing is taken or written: every released chunk still holds unwritten bytes
    }
    pending.push(...chunks.takeUnwritten());
    // the views still read exactly what was appended (no chunk was reused underneath them)
    expect(Buffer.concat(pending).toString('utf8')).toBe(Array.from({ length: 40 }, (_, i) => `${line(i)}\n`).join(''));
    expect(window.newest(10, () => true).map((e) => e.line)).toEqual([line(39)]);
  });

  it('a chunk released after a batch was taken waits for the next batch to be written', () => {
    const { chunks, append, line } = setup(1, 32);
    append(line(0));
    append(line(1)); // next chunk; line 0's chunk is released before the take
    const first = chunks.takeUnwritten();
    append(line(2)); // line 1's chunk released now, after the take: its bytes are in `first` ... and safe only after written()
    chunks.written();
    const second = chunks.takeUnwritten();
    const text = (list: Buffer[]) => Buffer.concat(list).toString('utf8');
    expect(text(first)).toBe(`${line(0)}\n${line(1)}\n`);
    for (let i = 3; i < 20; i++) append(line(i));
    expect(text(second)).toBe(`${line(2)}\n`);
  });
});
