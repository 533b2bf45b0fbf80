/**
 * Which fault menu is open, on what (a tiny eager store; the menu itself, `FaultMenu`, is a lazy
 * lab chunk). The canvas opens it (`canvas/menuOpeners`): the lab never reaches into the canvas.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export type MenuTarget =
  | { kind: 'instance'; id: string }
  | { kind: 'service'; id: string }
  | { kind: 'broker'; id: string }
  /** A drawn edge: `source`/`target` are node ids (a load balancer `lb:x` included). */
  | { kind: 'link'; edge: string; source: string; target: string };

export interface MenuState {
  target: MenuTarget | null;
  x: number;
  y: number;
  /** Where focus returns when the menu closes. */
  opener: HTMLElement | null;
  /** The service whose "Deploy a new version…" dialog is open (the menu opened it). */
  deploy: string | null;
}

export const menuStore = createStore<MenuState>()(() => ({
  target: null,
  x: 0,
  y: 0,
  opener: null,
  deploy: null,
}));

export const useMenu = <T>(selector: (s: MenuState) => T): T => useStore(menuStore, selector);

export function openMenu(target: MenuTarget, x: number, y: number, opener: HTMLElement | null) {
  menuStore.setState({ target, x, y, opener });
}

export function closeMenu(returnFocus = true) {
  const { opener } = menuStore.getState();
  menuStore.setState({ target: null, opener: null });
  if (returnFocus && opener?.isConnected) opener.focus();
}

/** The menu's "Deploy a new version…": the menu closes, the dialog opens for that service. */
export function openDeployDialog(service: string) {
  menuStore.setState({ target: null, deploy: service });
}

export function closeDeployDialog() {
  menuStore.setState({ deploy: null });
}
