import { isOverlayView } from '../shared/overlays.js';
import { ClosedScreen } from './common/ClosedScreen.js';
import { RefusalScreen } from './common/RefusalScreen.js';
import { StaleBanner } from './common/StaleBanner.js';
import { ConnectionPill } from './common/ConnectionPill.js';
import { Toasts } from './common/Toasts.js';
import { ProducerConsole } from './console/ProducerConsole.js';
import { McView } from './mc/McView.js';
import { CountdownOverlay } from './overlays/CountdownOverlay.js';
import { LowerThirdOverlay } from './overlays/LowerThirdOverlay.js';
import { NextTalkOverlay } from './overlays/NextTalkOverlay.js';
import { ModeratorView } from './questions/ModeratorView.js';
import { QuestionOverlay } from './questions/QuestionOverlay.js';
import { StageView } from './stage/StageView.js';
import { useShowStore } from './store/showStore.js';
import type { ViewName } from './viewChoice.js';
import { chooseView } from './viewChoice.js';

/** Picks the screen: the one the link forces (?view=), else the one the core's hello gives this role. */
export function App({ forcedView }: { forcedView: ViewName | null }) {
  const status = useShowStore((s) => s.connectionStatus);
  const role = useShowStore((s) => s.role);
  const stale = useShowStore((s) => s.stale);
  const view = chooseView(role, forcedView);
  const overlay = isOverlayView(view);
  return (
    <div
      className={`app app--${view ?? 'waiting'}`}
      data-view={view ?? 'waiting'}
      data-stale={stale ? 'true' : 'false'}
    >
      {/* An overlay is on the stream: it stays blank (never a refusal card) when it cannot be live. */}
      {overlay ? (
        <ViewFor view={view} />
      ) : status === 'refused' ? (
        <RefusalScreen />
      ) : status === 'closed' ? (
        <ClosedScreen />
      ) : (
        <ViewFor view={view} />
      )}
      {/* An overlay is on the stream: never a toast over the programme. */}
      {overlay ? null : <Toasts />}
    </div>
  );
}

function ViewFor({ view }: { view: ViewName | null }) {
  switch (view) {
    case 'console':
      return <ProducerConsole />;
    case 'mc':
      return <McView />;
    case 'stage':
      return <StageView />;
    case 'moderator':
      return <ModeratorView />;
    case 'overlay-question':
      return <QuestionOverlay />;
    case 'overlay-lower-third':
      return <LowerThirdOverlay />;
    case 'overlay-next':
      return <NextTalkOverlay />;
    case 'overlay-countdown':
      return <CountdownOverlay />;
    case null:
      return <Waiting />;
    default:
      return view satisfies never;
  }
}

/** Before the first hello we do not know the role, so we cannot pick a view yet. */
function Waiting() {
  return (
    <main className="waiting">
      <StaleBanner />
      <div className="waiting__card">
        <span className="topbar__brand">Showcaller</span>
        <p className="waiting__text">Connecting to the show…</p>
        <ConnectionPill />
      </div>
    </main>
  );
}
