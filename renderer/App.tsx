import { ClosedScreen } from './common/ClosedScreen.js';
import { RefusalScreen } from './common/RefusalScreen.js';
import { StaleBanner } from './common/StaleBanner.js';
import { ConnectionPill } from './common/ConnectionPill.js';
import { Toasts } from './common/Toasts.js';
import { ProducerConsole } from './console/ProducerConsole.js';
import { McView } from './mc/McView.js';
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
  return (
    <div
      className={`app app--${view ?? 'waiting'}`}
      data-view={view ?? 'waiting'}
      data-stale={stale ? 'true' : 'false'}
    >
      {/* An overlay is on the stream: it stays blank (never a refusal card) when it cannot be live. */}
      {view === 'overlay-question' ? (
        <ViewFor view={view} />
      ) : status === 'refused' ? (
        <RefusalScreen />
      ) : status === 'closed' ? (
        <ClosedScreen />
      ) : (
        <ViewFor view={view} />
      )}
      {/* An overlay is on the stream: never a toast over the programme. */}
      {view === 'overlay-question' ? null : <Toasts />}
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
