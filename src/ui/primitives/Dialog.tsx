/**
 * A modal dialog: native `<dialog>` + `showModal()`, so the page behind is inert; Tab and
 * Shift+Tab cycle through the dialog's own controls; Escape closes it through `onClose` (React
 * state and focus stay in step), and focus goes back to what had it before the dialog opened.
 */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Button } from './Button';
import './dialog.css';

export interface DialogProps {
  title: string;
  dataId: string;
  /** Text of the Close button at the bottom. */
  closeLabel: string;
  onClose(): void;
  className?: string;
  children: ReactNode;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab inside: from the last control to the first, and back with Shift+Tab. */
function trapTab(e: KeyboardEvent<HTMLDialogElement>) {
  if (e.key !== 'Tab') return;
  const all = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = all[0];
  const last = all[all.length - 1];
  if (!first || !last) return;
  const at = document.activeElement;
  if (e.shiftKey ? at === first || !e.currentTarget.contains(at) : at === last) {
    e.preventDefault();
    (e.shiftKey ? last : first).focus();
  }
}

export function Dialog(props: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`bl-dialog ${props.className ?? ''}`}
      aria-labelledby={titleId}
      data-id={props.dataId}
      onKeyDown={trapTab}
      onCancel={(e) => {
        e.preventDefault(); // Escape: close through React so state and focus stay in step
        props.onClose();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
      <div className="dialog-buttons">
        <Button data-id="dialog-close" onClick={props.onClose}>
          {props.closeLabel}
        </Button>
      </div>
    </dialog>
  );
}
