import { lazy, Suspense, useEffect, useRef, useState, type MouseEvent } from 'react';
import { useT } from '../useT';
import type { Issue } from '../../state';
import { Button } from '../primitives/Button';
import type { ShareResult } from './dialogs';
import './share.css';

// The dialogs are a separate chunk: most visits never open them.
const ImportDialog = lazy(() => import('./dialogs').then((m) => ({ default: m.ImportDialog })));
const ShareDialog = lazy(() => import('./dialogs').then((m) => ({ default: m.ShareDialog })));

export interface ScenarioActionsProps {
  /** Returns the issues of a refused scenario, or null once the new one runs. */
  onImport(text: string, fileName: string | null): Promise<Issue[] | null>;
  /** A link to the scenario, or (`withRun`) to the run with the learner's actions, at now. */
  onShare(withRun: boolean): Promise<ShareResult>;
  /** Download the run file. */
  onSaveRun(): Promise<void>;
}

type Open = { kind: 'import'; file: File | null } | { kind: 'share' } | null;

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;

/** The Open… and Share buttons, and a .json file dropped anywhere on the page. */
export function ScenarioActions({ onImport, onShare, onSaveRun }: ScenarioActionsProps) {
  const t = useT();
  const [open, setOpen] = useState<Open>(null);
  const [dragging, setDragging] = useState(false);
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault(); // allow the drop (else the browser navigates to the file)
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0] ?? null;
      if (!file) return;
      opener.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setOpen({ kind: 'import', file });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const show = (e: MouseEvent<HTMLButtonElement>, next: Open) => {
    opener.current = e.currentTarget;
    setOpen(next);
  };
  const close = () => {
    setOpen(null);
    // Focus goes back to what opened the dialog (WAI-ARIA dialog pattern).
    const back = opener.current;
    requestAnimationFrame(() => back?.focus());
  };

  return (
    <div className="scenario-actions">
      <Button
        data-id="open-scenario"
        title={t('scenario.openHint')}
        onClick={(e) => show(e, { kind: 'import', file: null })}
      >
        {t('scenario.open')}
      </Button>
      <Button
        data-id="share"
        title={t('scenario.shareHint')}
        onClick={(e) => show(e, { kind: 'share' })}
      >
        {t('scenario.share')}
      </Button>
      <Button data-id="save-run" title={t('scenario.saveRunHint')} onClick={() => void onSaveRun()}>
        {t('scenario.saveRun')}
      </Button>
      <Suspense fallback={null}>
        {open?.kind === 'import' && (
          <ImportDialog file={open.file} onImport={onImport} onClose={close} />
        )}
        {open?.kind === 'share' && <ShareDialog onShare={onShare} onClose={close} />}
      </Suspense>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          {t('scenario.dropHere')}
        </div>
      )}
    </div>
  );
}
