import type { MouseEvent } from 'react';
import { SHOW_CONTROL_ROLES } from '../../shared/roles.js';
import { ConnectionPill } from '../common/ConnectionPill.js';
import { ControlBar, ControlLockBanner } from '../common/ControlStatus.js';
import { ShowClock } from '../common/ShowClock.js';
import { CoreStatusBanner } from '../common/CoreStatusBanner.js';
import { StaleBanner } from '../common/StaleBanner.js';
import { useCanControl, useRole, useShowInfo } from '../store/hooks.js';
import { useShowStore } from '../store/showStore.js';
import { ObsHealthStrip } from '../obs/ObsHealthStrip.js';
import { ObsSettingsDialog } from '../obs/ObsSettingsDialog.js';
import { ScenePanel } from '../obs/ScenePanel.js';
import { CrewButton, CrewDialog } from '../crew/CrewDialog.js';
import { ChatSettingsDialog } from '../questions/ChatSettingsDialog.js';
import { ScheduleBadge } from '../schedule/ScheduleBadge.js';
import { ScheduleEnds } from '../schedule/ScheduleEnds.js';
import { RecoveryButton } from '../schedule/RecoveryButton.js';
import { CrewSignalsPanel } from './CrewSignalsPanel.js';
import { LivePanel } from './LivePanel.js';
import { NextUpPanel } from './NextUpPanel.js';
import { RundownTable } from './RundownTable.js';
import { SideTabs } from './SideTabs.js';
import { SegmentEditor } from './SegmentEditor.js';
import { ShortcutHelp } from './ShortcutHelp.js';
import { ShowSettingsDialog } from './ShowSettingsDialog.js';
import { TalkListImportDialog } from './TalkListImport.js';
import { useConsoleShortcuts } from './useConsoleShortcuts.js';

/**
 * The producer's (and backup's) screen, laid out for a 13" laptop (docs/console.md): the header
 * says where the day stands (offset, session and day end); on the left the live segment with
 * its timer and controls above the rundown, which gets every pixel of height left; on the right
 * the OBS scenes, what is next, and messages and questions in tabs.
 */
export function ProducerConsole() {
  const info = useShowInfo();
  const role = useRole();
  const canControl = useCanControl();
  useConsoleShortcuts(canControl);
  // The core sends OBS right after the show; with the show here and no OBS, this core runs without it.
  const noObs = useShowStore((s) => s.showState !== null && s.obs === null);
  return (
    <div className="console" onMouseDown={keepFocusOffClickedButtons}>
      <header className="topbar">
        <span className="topbar__brand">Showcaller</span>
        <h1 className="topbar__show">{info?.name ?? 'Loading…'}</h1>
        {role ? <span className="role-badge">{role}</span> : null}
        <ScheduleBadge />
        <RecoveryButton />
        <ScheduleEnds />
        <ControlBar />
        <ShowClock />
        {canControl ? <CrewButton /> : null}
        <ConnectionPill />
      </header>
      <CoreStatusBanner />
      <ControlLockBanner />
      <CrewSignalsPanel />
      <ObsHealthStrip />
      <StaleBanner />
      <main className={`console__main ${noObs ? 'console__main--no-obs' : ''}`}>
        <div className="console__primary">
          <LivePanel />
          <RundownTable />
        </div>
        <div className="console__side">
          {noObs ? null : <ScenePanel />}
          <NextUpPanel />
          <SideTabs />
        </div>
      </main>
      <footer className="console__footer">
        <ShortcutHelp />
        {role && !SHOW_CONTROL_ROLES.includes(role) ? (
          <span className="console__readonly">Read-only: the {role} role cannot run the show.</span>
        ) : null}
      </footer>
      <SegmentEditor />
      <ObsSettingsDialog />
      <ShowSettingsDialog />
      <TalkListImportDialog />
      <ChatSettingsDialog />
      <CrewDialog />
    </div>
  );
}

/**
 * A button clicked with the mouse must not keep focus: the next Space would press it again
 * (a second "Next") instead of pausing. Keyboard users still Tab to buttons as usual.
 */
function keepFocusOffClickedButtons(event: MouseEvent<HTMLDivElement>) {
  if (event.target instanceof Element && event.target.closest('button')) event.preventDefault();
}
