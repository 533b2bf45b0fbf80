/**
 * Registry commands (`src/commands`) from React: run with the page's sim client and the sim
 * mirror as their state; page actions (`?` overlay, clearing the selection) go to `uiStore`.
 * `enabled` and label parameters read the mirror when a component renders: components subscribe
 * to the slices their commands depend on (a service node to its instance ids, the toolbar to the
 * phase), so they re-render when those change.
 */
import { useCallback } from 'react';
import { COMMANDS, isEnabled, labelOf, run, type Invocation, type UiAction } from '../commands';
import { simStore, uiStore } from '../state';
import { useSimClient } from './simClientContext';
import { useT } from './useT';

/** The page actions a command may ask for ('menu' and 'close' belong to the focused element). */
export function pageAction(action: UiAction): void {
  if (action === 'clearSelection') uiStore.getState().select(null);
  else if (action === 'shortcuts') uiStore.getState().setShortcutsOpen(true);
  else if (action === 'presenter') {
    const ui = uiStore.getState();
    // Embed mode stays embed: an iframe has no room for the presenter's layout switch.
    if (ui.view !== 'embed') ui.setView(ui.view === 'presenter' ? 'full' : 'presenter');
  } else if (action === 'panels') {
    const ui = uiStore.getState();
    ui.setPanelsHidden(!ui.panelsHidden);
  }
}

export function useRunCommand(): (inv: Invocation) => boolean {
  const client = useSimClient();
  return useCallback(
    (inv) =>
      run(inv, { ...simStore.getState(), target: uiStore.getState().target }, client, pageAction),
    [client],
  );
}

export interface CommandView {
  label: string;
  /** The registry's longer description, if it has one. */
  hint: string | undefined;
  disabled: boolean;
  danger: boolean;
  run(): void;
}

/** Label (in the UI language), enabled state and runner of registry commands. */
export function useCommands(): (inv: Invocation) => CommandView {
  const t = useT();
  const runCommand = useRunCommand();
  return useCallback(
    (inv) => {
      const state = simStore.getState();
      const def = COMMANDS[inv.id];
      return {
        label: t(...labelOf(inv, state)),
        hint: def.hint && t(def.hint),
        disabled: !isEnabled(inv, state),
        danger: def.danger === true,
        run: () => void runCommand(inv),
      };
    },
    [t, runCommand],
  );
}
