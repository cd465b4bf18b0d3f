import { performance } from 'node:perf_hooks';
import { describeZodError } from '../shared/zodErrors.js';
import { ChatIngest } from '../shared/chat.js';

/**
 * Each chat record costs a copy of the touched feed buckets on the core and on every screen,
 * so a busy chat is written at most this often (batching what arrives in between); a quiet one
 * is not delayed.
 */
export const CHAT_RECORD_GAP_MS = 10;

/**
 * Chat from the sources on its way to the journal: each operation is checked (a bad one is
 * logged and dropped, never journaled), then batched like a group commit: a quiet chat is
 * written at once, and whatever arrives while a write is on its way goes out together in the
 * next one. A busy chat becomes a few large records instead of thousands, without adding
 * latency to a quiet one.
 */
export class ChatBatcher {
  private batch: ChatIngest[] = [];
  private scheduled = false;
  private writing: Promise<void> | null = null;
  private lastWriteAt = -Infinity;

  constructor(
    /** Journals one batch; a failure is the writer's to report (the batch is not retried). */
    private readonly write: (operations: ChatIngest[]) => Promise<void>,
    private readonly log: (line: string) => void,
  ) {}

  add(operations: readonly unknown[]): void {
    for (const operation of operations) {
      const parsed = ChatIngest.safeParse(operation);
      if (parsed.success) this.batch.push(parsed.data);
      else this.log(`chat: dropped a malformed operation: ${describeZodError(parsed.error)}`);
    }
    this.schedule();
  }

  /** Resolves once every operation handed over so far is durable (tests and shutdown). */
  async flush(): Promise<void> {
    this.writeNow();
    while (this.writing) {
      await this.writing;
      this.writeNow();
    }
  }

  /** At most one record per CHAT_RECORD_GAP_MS; a quiet chat is written on the next tick. */
  private schedule(): void {
    if (this.batch.length === 0 || this.scheduled || this.writing) return;
    this.scheduled = true;
    const wait = this.lastWriteAt + CHAT_RECORD_GAP_MS - performance.now();
    const run = () => {
      this.scheduled = false;
      this.writeNow();
    };
    if (wait > 0) setTimeout(run, wait);
    else setImmediate(run);
  }

  private writeNow(): void {
    if (this.writing || this.batch.length === 0) return;
    this.lastWriteAt = performance.now();
    this.writing = this.write(this.batch.splice(0)).finally(() => {
      this.writing = null;
      this.schedule();
    });
  }
}
