/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * Service worker registration (the build precaches the site for offline use). `prompt` mode:
 * a new version waits for the learner to accept, so a class is never reloaded mid-lesson.
 * Registered from the bundle, not an inline script, for the CSP.
 */
import { registerSW } from 'virtual:pwa-register';
import { uiStore } from '../state';

export function registerPwa(): void {
  if (!('serviceWorker' in navigator)) return;
  const update = registerSW({
    onNeedRefresh: () => uiStore.getState().setUpdate(() => void update(true)),
  });
}
