import type { SomeCompanionConfigField } from '@companion-module/base';
import { InstanceBase, InstanceStatus } from '@companion-module/base';
import type { Command } from '../../shared/commands.js';
import { JoinLinkError, parseJoinLink } from '../../shared/joinLink.js';
import type { CommandResult } from '../../shared/protocol.js';
import type { Actor } from '../../shared/signalCommands.js';
import type { ModuleConfig, ModuleSecrets, ModuleSide } from './definitions.js';
import {
  DEFAULT_CLIENT_NAME,
  actionDefinitions,
  configFields,
  feedbackDefinitions,
  variableDefinitions,
} from './definitions.js';
import type { LinkStatus } from './link.js';
import { ShowcallerLink } from './link.js';
import { presetDefinitions } from './presets.js';
import type { ShowView } from './show.js';
import { FEEDBACK_IDS, moveSelection, redact, variableValues } from './show.js';

/**
 * The module as Companion runs it: one ShowcallerLink per connection, the definitions of
 * definitions.ts, and a refresh that pushes only the variables that changed. The remaining
 * time changes every second without any push from the core, so a 250 ms tick re-reads it.
 */

const TICK_MS = 250;

const STATUS: Record<LinkStatus, InstanceStatus> = {
  connecting: InstanceStatus.Connecting,
  connected: InstanceStatus.Ok,
  reconnecting: InstanceStatus.Disconnected,
  refused: InstanceStatus.AuthenticationFailure,
  closed: InstanceStatus.Disconnected,
};

export class ShowcallerInstance extends InstanceBase<ModuleConfig, ModuleSecrets> implements ModuleSide {
  private link: ShowcallerLink | null = null;
  private tick: ReturnType<typeof setInterval> | null = null;
  private lastFeedbackKey = '';
  private lastStatusKey = '';
  /** Every variable as Companion last got it: only changes are sent. */
  private lastValues: Record<string, string> = {};
  /** The deck's pick for "start selected"; null follows the segment "next" would start. */
  private selectedId: string | null = null;
  /** The live segment the selection was made under: a new one clears the pick. */
  private selectedUnder: string | null = null;
  /** What the scene and segment dropdowns were built from; rebuilt when it changes. */
  private choicesKey = '';

  async init(config: ModuleConfig, _isFirstInit: boolean, secrets: ModuleSecrets): Promise<void> {
    this.setVariableDefinitions(variableDefinitions());
    this.setPresetDefinitions(presetDefinitions());
    // Feedbacks read the show at each check; only the actions' dropdowns depend on it.
    this.setFeedbackDefinitions(feedbackDefinitions(this));
    this.refreshDefinitions();
    await this.connect(config, secrets);
  }

  async configUpdated(config: ModuleConfig, secrets: ModuleSecrets): Promise<void> {
    await this.connect(config, secrets);
  }

  async destroy(): Promise<void> {
    this.disconnect();
    return Promise.resolve();
  }

  getConfigFields(): SomeCompanionConfigField[] {
    return configFields();
  }

  view(): ShowView {
    const view = this.link?.view() ?? { state: null, obs: null, now: Date.now() };
    // Once another segment goes live, the pick has done its job: follow "next" again.
    if (this.selectedId !== null && view.state?.live.currentSegmentId !== this.selectedUnder)
      this.selectedId = null;
    return { ...view, selectedId: this.selectedId };
  }

  select(step: 1 | -1): void {
    const view = this.view();
    this.selectedId = moveSelection(view, step);
    this.selectedUnder = view.state?.live.currentSegmentId ?? null;
    this.refresh();
  }

  async send(command: Command): Promise<CommandResult> {
    if (!this.link) return { ok: false, status: 503, error: 'No join link is set; nothing was sent.' };
    return this.link.send(command);
  }

  identity(): Actor | null {
    const hello = this.link?.hello;
    return hello ? { role: hello.role, name: hello.clientName } : null;
  }

  private async connect(config: ModuleConfig, secrets: ModuleSecrets): Promise<void> {
    this.disconnect();
    const text = (secrets.joinLink ?? '').trim();
    if (!text) {
      this.setStatus(InstanceStatus.BadConfig, 'Paste a join link from the Showcaller console');
      return;
    }
    let link;
    try {
      link = parseJoinLink(text);
    } catch (error) {
      const reason = error instanceof JoinLinkError ? error.message : 'not a join link';
      // The reason may quote what was pasted (a link, or a bare token): never let it reach
      // Companion's log.
      this.setStatus(InstanceStatus.BadConfig, redact(redact(reason, text), tokenOf(text)));
      return;
    }
    const clientName = (config.clientName ?? '').trim() || DEFAULT_CLIENT_NAME;
    this.setStatus(InstanceStatus.Connecting, `Connecting to ${link.cores[0] ?? ''}`);
    this.link = new ShowcallerLink({
      link,
      clientName,
      log: (level, message) => this.log(level, message),
      onChange: () => this.refresh(),
    });
    this.tick = setInterval(() => this.refresh(), TICK_MS);
    await this.link.start();
  }

  /** Closes the link; the deck's keys go blank rather than show a show it no longer follows. */
  private disconnect(): void {
    if (this.tick !== null) clearInterval(this.tick);
    this.tick = null;
    this.link?.close();
    this.link = null;
    this.selectedId = null;
    this.lastFeedbackKey = '';
    this.publish(variableValues(this.view(), 'Not connected'));
    this.checkFeedbacks(...FEEDBACK_IDS);
  }

  /** Every status change goes through here, so a new link never inherits the last one's. */
  private setStatus(status: InstanceStatus, message: string): void {
    const key = `${status}|${message}`;
    if (key === this.lastStatusKey) return;
    this.lastStatusKey = key;
    this.updateStatus(status, message);
  }

  /** Sends Companion the variables that changed since the last call. */
  private publish(values: Record<string, string>): void {
    const changed: Record<string, string> = {};
    for (const [id, value] of Object.entries(values)) {
      if (this.lastValues[id] !== value) changed[id] = value;
    }
    if (Object.keys(changed).length === 0) return;
    this.lastValues = { ...this.lastValues, ...changed };
    this.setVariableValues(changed);
  }

  /** The actions' dropdowns list the show's segments and OBS scenes: rebuilt when those change. */
  private refreshDefinitions(): void {
    const view = this.view();
    const key = JSON.stringify([
      view.state?.segments.map((s) => [s.id, s.title]) ?? [],
      view.obs?.scenes ?? [],
    ]);
    if (key === this.choicesKey) return;
    this.choicesKey = key;
    this.setActionDefinitions(actionDefinitions(this));
  }

  private refresh(): void {
    const link = this.link;
    if (!link) return;
    this.setStatus(STATUS[link.status], link.statusText);
    this.refreshDefinitions();
    const values = variableValues(this.view(), link.statusText);
    this.publish(values);
    // Feedbacks are cheap booleans; re-check them when anything they read may have moved.
    const key = JSON.stringify([values.phase, link.replica.seq, link.status, link.obs, link.mode]);
    if (key !== this.lastFeedbackKey) {
      this.lastFeedbackKey = key;
      this.checkFeedbacks(...FEEDBACK_IDS);
    }
  }
}

function tokenOf(text: string): string | null {
  return /token=([^&#\s]+)/i.exec(text)?.[1] ?? null;
}
