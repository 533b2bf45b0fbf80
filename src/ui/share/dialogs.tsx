/**
 * The Open… and Share dialogs (a lazy chunk), on the `primitives/Dialog` modal: the page behind
 * is inert, focus moves into the dialog, Escape closes it; the opener gets focus back.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../useT';
import type { Issue } from '../../state';
import { useSim } from '../../state/hooks';
import { useSimClient } from '../simClientContext';
import { Button } from '../primitives/Button';
import { Dialog } from '../primitives/Dialog';
import { IssueList } from './Notices';

/** What the app's share action gives back: the link, or why there is none. */
export type ShareResult = { ok: true; url: string } | { ok: false; reason: string };

/** Files larger than this are refused before reading (a scenario is a few KB). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Links longer than this get a warning (some chat apps and browsers cut them). */
const LONG_LINK = 8000;

type Check = { state: 'idle' } | { state: 'checking' } | { state: 'refused'; issues: Issue[] };

const issue = (message: string): Issue => ({ path: '', message, text: message });

export function ImportDialog(props: {
  file: File | null;
  onImport(text: string, fileName: string | null): Promise<Issue[] | null>;
  onClose(): void;
}) {
  const { file, onImport, onClose } = props;
  const t = useT();
  const [text, setText] = useState('');
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const fileId = useId();
  const pasteId = useId();
  const refusedId = useId();

  const run = async (body: string, name: string | null) => {
    if (body.trim() === '') {
      setCheck({ state: 'refused', issues: [issue(t('import.empty'))] });
      return;
    }
    setCheck({ state: 'checking' });
    try {
      const issues = await onImport(body, name);
      if (issues) setCheck({ state: 'refused', issues });
      else onClose();
    } catch (e) {
      setCheck({ state: 'refused', issues: [issue(String(e))] });
    }
  };

  const readFile = async (f: File) => {
    if (f.size > MAX_FILE_BYTES) {
      const max = Math.round(MAX_FILE_BYTES / 1024);
      setCheck({ state: 'refused', issues: [issue(t('import.tooLarge', { max }))] });
      return;
    }
    let body: string;
    try {
      body = await f.text();
    } catch {
      setCheck({ state: 'refused', issues: [issue(t('import.unreadable'))] });
      return;
    }
    setText(body); // shown in the text box: a refused file can be fixed right there
    await run(body, f.name);
  };

  // A file dropped on the page arrives with the dialog.
  const dropped = useRef(false);
  useEffect(() => {
    if (!file || dropped.current) return;
    dropped.current = true;
    void readFile(file);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [file]);

  return (
    <Dialog
      title={t('import.title')}
      dataId="import-dialog"
      closeLabel={t('dialog.close')}
      onClose={onClose}
    >
      <label htmlFor={fileId}>{t('import.file')}</label>
      <input
        id={fileId}
        type="file"
        accept=".json,application/json"
        data-id="import-file"
        onChange={(e) => {
          const f = e.currentTarget.files?.[0];
          if (f) void readFile(f);
          e.currentTarget.value = ''; // choosing the same file again still fires
        }}
      />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(text, null);
        }}
      >
        <label htmlFor={pasteId}>{t('import.paste')}</label>
        <textarea
          id={pasteId}
          data-id="import-text"
          spellCheck={false}
          value={text}
          aria-describedby={check.state === 'refused' ? refusedId : undefined}
          aria-invalid={check.state === 'refused'}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="dialog-buttons">
          <button
            type="submit"
            className="btn btn-primary"
            data-id="import-submit"
            disabled={check.state === 'checking'}
          >
            {t('import.submit')}
          </button>
        </div>
      </form>
      <div aria-live="polite" className="dialog-status">
        {check.state === 'checking' && <p role="status">{t('import.checking')}</p>}
      </div>
      {check.state === 'refused' && (
        <div className="dialog-refused" role="alert" id={refusedId} data-id="import-issues">
          <p>{t('import.refused')}</p>
          <IssueList issues={check.issues} />
        </div>
      )}
    </Dialog>
  );
}

type Link = { state: 'making' } | ShareResult;
type Copy = 'idle' | 'copied' | 'failed';

export function ShareDialog(props: {
  onShare(withRun: boolean): Promise<ShareResult>;
  onClose(): void;
}) {
  const { onShare, onClose } = props;
  const t = useT();
  const steps = useSim((s) => s.run.steps.length);
  const client = useSimClient();
  // The moment the dialog opened (the run is paused or moving on: the link says this moment).
  const [at] = useState(() => Math.floor(client.clock.get()));
  const [withRun, setWithRun] = useState(steps > 0 || at > 0);
  const [link, setLink] = useState<Link>({ state: 'making' });
  const [copy, setCopy] = useState<Copy>('idle');
  const input = useRef<HTMLInputElement>(null);
  const linkId = useId();

  useEffect(() => {
    let live = true;
    void onShare(withRun).then(
      (r) => live && setLink(r),
      (e: unknown) => live && setLink({ ok: false, reason: String(e) }),
    );
    return () => {
      live = false;
    };
  }, [onShare, withRun]);

  const doCopy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopy('copied');
    } catch {
      setCopy('failed');
      input.current?.focus();
      input.current?.select();
    }
  };

  return (
    <Dialog
      title={t('share.title')}
      dataId="share-dialog"
      closeLabel={t('dialog.close')}
      onClose={onClose}
    >
      <p>{t('share.hint')}</p>
      <fieldset className="share-what">
        <legend>{t('share.what')}</legend>
        <label>
          <input
            type="radio"
            name="share-what"
            data-id="share-run"
            checked={withRun}
            onChange={() => {
              setWithRun(true);
              setCopy('idle');
            }}
          />{' '}
          {t('share.withRun', { t: at, n: steps })}
        </label>
        <label>
          <input
            type="radio"
            name="share-what"
            data-id="share-scenario"
            checked={!withRun}
            onChange={() => {
              setWithRun(false);
              setCopy('idle');
            }}
          />{' '}
          {t('share.scenarioOnly')}
        </label>
      </fieldset>
      {'state' in link ? (
        <p role="status">{t('share.making')}</p>
      ) : link.ok ? (
        <>
          <label htmlFor={linkId}>{t('share.link')}</label>
          <input
            ref={input}
            id={linkId}
            type="url"
            readOnly
            data-id="share-url"
            value={link.url}
            onFocus={(e) => e.currentTarget.select()}
          />
          {link.url.length > LONG_LINK && <p>{t('share.long', { n: link.url.length })}</p>}
          <div className="dialog-buttons">
            <Button variant="primary" data-id="share-copy" onClick={() => void doCopy(link.url)}>
              {t('share.copy')}
            </Button>
          </div>
          <p className="dialog-status" role="status" data-id="share-status">
            {copy === 'copied' ? t('share.copied') : copy === 'failed' ? t('share.copyFailed') : ''}
          </p>
        </>
      ) : (
        <p role="alert" data-id="share-error">
          {t('share.failed', { reason: link.reason })}
        </p>
      )}
    </Dialog>
  );
}
