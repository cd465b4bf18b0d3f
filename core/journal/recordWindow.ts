import type { JournalRecord } from './types.js';

/** Fixed-capacity ring of the most recent durable records, oldest first. */
export class RecordWindow<E> {
  private readonly buf: JournalRecord<E>[] = [];
  private head = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.buf.length;
  }

  push(record: JournalRecord<E>): void {
    if (this.capacity === 0) return;
    if (this.buf.length < this.capacity) {
      this.buf.push(record);
    } else {
      this.buf[this.head] = record;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Records from the i-th oldest on. */
  from(i: number): JournalRecord<E>[] {
    const n = this.buf.length;
    const out: JournalRecord<E>[] = new Array<JournalRecord<E>>(Math.max(0, n - i));
    for (let k = i; k < n; k++) out[k - i] = this.buf[(this.head + k) % n]!;
    return out;
  }
}
