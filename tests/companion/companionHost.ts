import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Companion's side of a module connection, as @companion-module/base speaks it (its
 * host-api/api.d.ts and ipc-wrapper.js): the module runs in its own Node process with IPC;
 * every message is `{direction: 'call' | 'response', name, payload (EJSON text), callbackId}`.
 * The module registers, the host sends `init` with the connection's config and secrets, then
 * `updateFeedbacks` for the feedbacks placed on buttons and `executeAction` for key presses;
 * the module answers with definitions, `setVariableValues`, `updateFeedbackValues`,
 * `set-status` and `log-message`. Companion itself is not packaged for Debian or npm, so
 * this stands in for it; the module under test is the real one, started as Companion starts it.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MODULE_DIR = path.join(ROOT, 'companion-module');

interface IpcMessage {
  direction: 'call' | 'response';
  name?: string;
  payload?: string;
  callbackId?: number;
  success?: boolean;
}

export interface FeedbackPlacement {
  id: string;
  feedbackId: string;
  options: Record<string, unknown>;
}

export class CompanionHost {
  readonly child: ChildProcess;
  /** Every variable value the module set, merged. */
  readonly variables: Record<string, unknown> = {};
  /** The last value of each placed feedback, by its instance id. */
  readonly feedbacks: Record<string, unknown> = {};
  readonly statuses: Array<{ status: string; message: string | null }> = [];
  /** log-message lines and the process's own stdout/stderr: everything Companion would log. */
  readonly logs: string[] = [];
  definitions: Record<string, unknown> = {};
  /** What the module asked Companion to store (saveConfig: config and secrets). */
  readonly saved: Array<Record<string, unknown>> = [];
  exited: Promise<number | null>;
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private registered: Promise<void>;

  /** Starts the module's entry as Companion does (MODULE_MANIFEST, CONNECTION_ID, VERIFICATION_TOKEN). */
  /** What the module said in `register` (its API version and the connection it was started for). */
  registration: Record<string, unknown> | null = null;

  constructor(
    entry: string,
    execArgv: string[] = [],
    manifest = path.join(MODULE_DIR, 'companion', 'manifest.json'),
    env: Record<string, string> = {},
  ) {
    this.child = fork(entry, [], {
      cwd: MODULE_DIR,
      execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        ...process.env,
        MODULE_MANIFEST: manifest,
        CONNECTION_ID: 'showcaller-test',
        VERIFICATION_TOKEN: 'verify-me',
        ...env,
      },
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.logs.push(...chunk.split('\n').filter(Boolean)));
    }
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.registered = new Promise((resolve) => {
      this.child.on('message', (raw: IpcMessage) => {
        if (raw.direction === 'response') {
          const waiting = raw.callbackId === undefined ? undefined : this.pending.get(raw.callbackId);
          if (!waiting) return;
          this.pending.delete(raw.callbackId!);
          const data: unknown = raw.payload ? JSON.parse(raw.payload) : undefined;
          if (raw.success) waiting.resolve(data);
          else
            waiting.reject(new Error((data as { message?: string } | undefined)?.message ?? 'call failed'));
          return;
        }
        const payload: unknown = raw.payload ? JSON.parse(raw.payload) : undefined;
        if (raw.name === 'register') {
          this.registration = payload as Record<string, unknown>;
          resolve();
        }
        this.handleCall(raw.name ?? '', payload);
        if (raw.callbackId !== undefined)
          this.child.send({
            direction: 'response',
            callbackId: raw.callbackId,
            success: true,
            payload: '{}',
          });
      });
    });
  }

  private handleCall(name: string, payload: unknown): void {
    const msg = payload as Record<string, unknown>;
    switch (name) {
      case 'setVariableValues':
        for (const { id, value } of msg.newValues as Array<{ id: string; value: unknown }>)
          this.variables[id] = value;
        break;
      case 'updateFeedbackValues':
        for (const { id, value } of msg.values as Array<{ id: string; value: unknown }>)
          this.feedbacks[id] = value;
        break;
      case 'set-status':
        this.statuses.push(msg as { status: string; message: string | null });
        break;
      case 'log-message':
        this.logs.push(`${String(msg.level)}: ${String(msg.message)}`);
        break;
      case 'saveConfig':
        this.saved.push(msg);
        break;
      case 'setActionDefinitions':
      case 'setFeedbackDefinitions':
      case 'setVariableDefinitions':
      case 'setPresetDefinitions':
        this.definitions[name] = msg;
        break;
      default:
        break;
    }
  }

  private call(name: string, payload: unknown): Promise<unknown> {
    const callbackId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(callbackId, { resolve, reject });
      this.child.send({ direction: 'call', name, payload: JSON.stringify(payload), callbackId });
    });
  }

  /** Registers and initialises the connection, as Companion does when it is enabled. */
  async init(
    config: Record<string, unknown>,
    secrets: Record<string, unknown>,
    isFirstInit = false,
  ): Promise<void> {
    await this.registered;
    await this.call('init', {
      label: 'showcaller',
      isFirstInit,
      config,
      secrets,
      lastUpgradeIndex: -1,
      feedbacks: {},
      actions: {},
    });
  }

  updateConfig(config: Record<string, unknown>, secrets: Record<string, unknown>): Promise<unknown> {
    return this.call('updateConfigAndLabel', { label: 'showcaller', config, secrets });
  }

  /** Places feedbacks on buttons: the module starts reporting their values. */
  async placeFeedbacks(placements: FeedbackPlacement[]): Promise<void> {
    const feedbacks: Record<string, unknown> = {};
    for (const p of placements) {
      feedbacks[p.id] = {
        id: p.id,
        controlId: `bank:${p.id}`,
        feedbackId: p.feedbackId,
        options: p.options,
        isInverted: false,
        upgradeIndex: null,
        disabled: false,
      };
    }
    await this.call('updateFeedbacks', { feedbacks });
  }

  /** A key press: runs the action and says whether it succeeded (and why not). */
  async press(
    actionId: string,
    options: Record<string, unknown> = {},
  ): Promise<{ success: boolean; errorMessage?: string }> {
    const answer = (await this.call('executeAction', {
      action: {
        id: `press-${this.nextId}`,
        controlId: 'bank:press',
        actionId,
        options,
        upgradeIndex: null,
        disabled: false,
      },
      surfaceId: 'streamdeck:test',
    })) as { success: boolean; errorMessage?: string };
    return answer;
  }

  get lastStatus(): { status: string; message: string | null } | undefined {
    return this.statuses.at(-1);
  }

  async destroy(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await this.call('destroy', {}).catch(() => undefined);
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
