/**
 * The three strings of the eager dock button. The lab's full catalogue (`labI18n.ts`) stays in
 * the lazy chunk, so the initial JS carries only these.
 */
import type { Lang } from '../../shared';

export const DOCK_TEXT: Record<Lang, { toggle: string; hint: string; loading: string }> = {
  en: {
    toggle: 'Lab',
    hint: 'Resilience lab: live charts, faults, request traces',
    loading: 'Loading the lab…',
  },
  'pt-BR': {
    toggle: 'Laboratório',
    hint: 'Laboratório de resiliência: gráficos ao vivo, falhas, rastros de requisições',
    loading: 'Carregando o laboratório…',
  },
};
