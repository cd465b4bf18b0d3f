import { rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monoMs } from './stats.js';

type Datasync = (this: FileHandle) => Promise<void>;

/**
 * Times every `FileHandle.datasync()` made in this process while recording, by wrapping the
 * method on FileHandle's prototype: the journal's per-command fdatasync, seen from outside the
 * core without changing it. Only the cores call datasync in the fan-out's server process.
 */
export class DatasyncProbe {
  private samples: number[] = [];
  private recording = false;
  private restore: (() => void) | null = null;

  static async install(): Promise<DatasyncProbe> {
    const probe = new DatasyncProbe();
    const file = path.join(tmpdir(), `showcaller-bench-probe-${process.pid}`);
    const handle = await open(file, 'w');
    const proto = Object.getPrototypeOf(handle) as { datasync: Datasync };
    await handle.close();
    rmSync(file, { force: true });
    const original = proto.datasync;
    proto.datasync = async function (this: FileHandle): Promise<void> {
      const start = monoMs();
      try {
        await original.call(this);
      } finally {
        if (probe.recording) probe.samples.push(monoMs() - start);
      }
    };
    probe.restore = () => {
      proto.datasync = original;
    };
    return probe;
  }

  start(): void {
    this.samples = [];
    this.recording = true;
  }

  /** Stops recording and returns the durations (ms) since start(). */
  stop(): number[] {
    this.recording = false;
    return this.samples;
  }

  uninstall(): void {
    this.restore?.();
    this.restore = null;
  }
}
