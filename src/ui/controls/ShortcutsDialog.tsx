/**
 * The `?` overlay: every keyboard shortcut, read from the command registry (so a new key shows
 * up here by itself), in the UI language. Opened by `?` or the toolbar's `?` button (the
 * registry's `ui.shortcuts`, through `uiStore.shortcutsOpen`); a modal dialog (Escape closes it,
 * focus goes back to the opener).
 */
import { Fragment } from 'react';
import { keyText, shortcutCommands, type KeyScope } from '../../commands';
import { uiStore } from '../../state';
import { useUi } from '../../state/hooks';
import { Dialog } from '../primitives/Dialog';
import { useT } from '../useT';
import './shortcuts.css';

const GROUPS: readonly { scope: KeyScope; title: 'shortcuts.page' | 'shortcuts.focus' }[] = [
  { scope: 'page', title: 'shortcuts.page' },
  { scope: 'focus', title: 'shortcuts.focus' },
];

export function ShortcutsDialog() {
  const open = useUi((s) => s.shortcutsOpen);
  const t = useT();
  if (!open) return null;
  const commands = shortcutCommands();
  return (
    <Dialog
      title={t('command.shortcuts')}
      dataId="shortcuts-dialog"
      className="shortcuts-dialog"
      closeLabel={t('dialog.close')}
      onClose={() => uiStore.getState().setShortcutsOpen(false)}
    >
      {GROUPS.map((g) => (
        <section key={g.scope} className="shortcuts-group">
          <h3>{t(g.title)}</h3>
          <dl>
            {commands
              .filter((c) => (c.scope ?? 'page') === g.scope)
              .map((c) => (
                <div key={c.id} className="shortcut" data-id={`shortcut-${c.id}`}>
                  <dt>
                    {c.keys?.map((b, i) => (
                      <Fragment key={`${b.key}-${String(b.shift)}`}>
                        {i > 0 && <span className="shortcut-or"> {t('key.or')} </span>}
                        <kbd>{keyText(b, t)}</kbd>
                      </Fragment>
                    ))}
                  </dt>
                  <dd>
                    {t(c.label)}
                    {c.hint && <span className="shortcut-hint"> — {t(c.hint)}</span>}
                  </dd>
                </div>
              ))}
          </dl>
        </section>
      ))}
    </Dialog>
  );
}
