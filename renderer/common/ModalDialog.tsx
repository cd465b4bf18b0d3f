import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * A native modal <dialog>: showModal gives focus trapping, Escape and an inert page behind, for
 * free. No close() on cleanup: its async "close" event would shut the dialog StrictMode's second
 * effect reopened, and a dialog removed from the page leaves the top layer by itself.
 */
export function ModalDialog({
  labelledBy,
  onClose,
  className = '',
  children,
}: {
  labelledBy: string;
  onClose: () => void;
  className?: string;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className={`editor ${className}`} aria-labelledby={labelledBy} onClose={onClose}>
      {children}
    </dialog>
  );
}
