import { useShowStore } from '../store/showStore.js';

/** Errors from the core, kept until the producer dismisses them: a refusal must not flash by unseen. */
export function Toasts() {
  const toasts = useShowStore((s) => s.toasts);
  const dismiss = useShowStore((s) => s.dismissToast);
  if (toasts.length === 0) return null;
  return (
    <section className="toasts" aria-label="Notifications">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast--${toast.kind}`} role="alert" data-testid="toast">
          <div className="toast__body">
            <strong className="toast__title">{toast.title}</strong>
            <p className="toast__text">{toast.text}</p>
          </div>
          <button
            type="button"
            className="toast__close"
            aria-label={`Dismiss: ${toast.title}`}
            onClick={() => dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
