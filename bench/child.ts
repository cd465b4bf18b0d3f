import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A benchmark helper process (TypeScript, run through tsx) and a typed message channel to it.
 * Messages use the 'advanced' serialization, so typed arrays cross as binary, not JSON.
 */
export class Child<FromChild, ToChild> {
  private readonly proc: ChildProcess;
  private readonly inbox: FromChild[] = [];
  private readonly waiting: Array<{ resolve: (m: FromChild) => void; reject: (e: Error) => void }> = [];
  private exited: Error | null = null;
  readonly exit: Promise<number | null>;

  /** `options.execArgv`: node flags for the child (e.g. --expose-gc), besides tsx's. */
  constructor(script: URL, args: string[] = [], options: { execArgv?: string[] } = {}) {
    this.proc = fork(fileURLToPath(script), args, {
      // Resolved here so the child finds tsx whatever its working directory.
      execArgv: [...(options.execArgv ?? []), '--import', import.meta.resolve('tsx')],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.proc.on('message', (message) => {
      const m = message as FromChild;
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(m);
      else this.inbox.push(m);
    });
    this.exit = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => {
        this.exited = new Error(`${fileURLToPath(script)} exited (code ${code}, signal ${signal})`);
        for (const w of this.waiting.splice(0)) w.reject(this.exited);
        resolve(code);
      });
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  send(message: ToChild): void {
    this.proc.send(message as object);
  }

  /** The next message from the child; rejects if it exits first or after `timeoutMs`. */
  next(timeoutMs = 120_000): Promise<FromChild> {
    const queued = this.inbox.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new Error(`no message from child ${this.pid} within ${timeoutMs} ms`));
      }, timeoutMs);
      const entry = {
        resolve: (m: FromChild) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiting.push(entry);
    });
  }

  /** Waits for the child to exit on its own; kills this child (by pid) if it has not within `graceMs`. */
  async finish(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exit;
    clearTimeout(timer);
  }

  kill(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
  }
}

/**
 * One job in a fresh helper process: sends `job`, waits for its one answer, lets the process
 * exit, and always reaps it. An `{ type: 'error' }` answer is thrown, naming `what`.
 */
export async function oneJob<Job, Answer>(
  what: string,
  script: URL,
  job: Job,
  options: { execArgv?: string[] } = {},
): Promise<Answer> {
  const child = new Child<Answer | ChildError, Job>(script, [], options);
  try {
    child.send(job);
    const message = await child.next(120_000);
    if (isChildError(message)) throw new Error(`${what} failed:\n${message.message}`);
    await child.finish();
    return message;
  } finally {
    child.kill();
    await child.exit;
  }
}

const isChildError = (message: unknown): message is ChildError =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'error';

/** The child's side of the channel. */
export function parentChannel<FromParent, ToParent>(): {
  /** Resolves once the message has been handed to the IPC channel. */
  send: (message: ToParent) => Promise<void>;
  next: () => Promise<FromParent>;
} {
  if (!process.send) throw new Error('this script is a benchmark helper; run it through `npm run bench`');
  const inbox: FromParent[] = [];
  const waiting: Array<(m: FromParent) => void> = [];
  process.on('message', (message) => {
    const m = message as FromParent;
    const waiter = waiting.shift();
    if (waiter) waiter(m);
    else inbox.push(m);
  });
  // Exit with the parent rather than linger if it dies.
  process.on('disconnect', () => process.exit(0));
  return {
    send: (message) =>
      new Promise((resolve, reject) => {
        process.send!(message, undefined, undefined, (error) => (error ? reject(error) : resolve()));
      }),
    next: () => {
      const queued = inbox.shift();
      return queued !== undefined ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** What a helper tells the parent when something failed: the error's stack, or its message. */
export interface ChildError {
  type: 'error';
  message: string;
}

export function childError(error: unknown): ChildError {
  return { type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/**
 * Runs a helper's `main` and exits: with 0 once it is done, with 1 once it has sent the parent
 * (through `send`, its channel's) the error it failed with.
 */
export function runChild(send: (error: ChildError) => Promise<void>, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    async (error: unknown) => {
      await send(childError(error));
      process.exit(1);
    },
  );
}
