/**
 * The Live view's strings, kept beside its banner so live mode stays one lazy chunk (as the lab
 * does). `livePtBR` is typed by the English keys: a missing translation fails to compile.
 */
import { useCallback } from 'react';
import type { Lang } from '../../shared';
import { useUi } from '../../state/hooks';

export const liveEn = {
  'live.label': 'Live',
  'live.connecting': 'Connecting to the tap bridge at {url}…',
  'live.open': '{broker} · {transport}, listening with {listening}, via {url}',
  'live.neverOpen':
    'No tap bridge answers at {url}. Start it with `npm run tap -- --transport redis --url redis://127.0.0.1:6379` (it prints the address to open). Trying again in {s} s.',
  'live.lost':
    'The tap bridge at {url} stopped. Reconnecting in {s} s; the canvas keeps what it showed.',
  'live.refused':
    'Live view refused: “{raw}” is not a loopback WebSocket address. Only ws://127.0.0.1:PORT, ws://localhost:PORT or ws://[::1]:PORT are opened (the address `npm run tap` prints). Nothing was connected.',
  'live.brokerDown': 'The bridge lost its broker connection and is reconnecting.',
  'live.counts': '{messages} messages · {notices} not decoded · {refused} frames refused',
  'live.paused':
    'Paused: the view is frozen, the bridge keeps listening ({waiting} messages waiting).',
  'live.skipped': '{n} older waiting messages skipped.',
  'live.waiting': 'Waiting for traffic: send a request to your app.',
  'live.inferred':
    'Nodes come from what the wire shows: one ClientProxy node for every sender; a service per queue (RabbitMQ) or per pattern (Redis, NATS, MQTT); instances from RabbitMQ consumer connections, or from duplicate replies.',
};

export type LiveKey = keyof typeof liveEn;
type LiveCatalogue = Record<LiveKey, string>;

export const livePtBR: LiveCatalogue = {
  'live.label': 'Ao vivo',
  'live.connecting': 'Conectando à ponte tap em {url}…',
  'live.open': '{broker} · {transport}, escutando com {listening}, via {url}',
  'live.neverOpen':
    'Nenhuma ponte tap responde em {url}. Inicie-a com `npm run tap -- --transport redis --url redis://127.0.0.1:6379` (ela mostra o endereço para abrir). Nova tentativa em {s} s.',
  'live.lost': 'A ponte tap em {url} parou. Reconectando em {s} s; o canvas mantém o que mostrava.',
  'live.refused':
    'Visão ao vivo recusada: “{raw}” não é um endereço WebSocket de loopback. Só ws://127.0.0.1:PORTA, ws://localhost:PORTA ou ws://[::1]:PORTA são abertos (o endereço que `npm run tap` mostra). Nada foi conectado.',
  'live.brokerDown': 'A ponte perdeu a conexão com o broker e está reconectando.',
  'live.counts': '{messages} mensagens · {notices} não decodificadas · {refused} quadros recusados',
  'live.paused':
    'Pausado: a visão está congelada, a ponte continua escutando ({waiting} mensagens esperando).',
  'live.skipped': '{n} mensagens antigas em espera descartadas.',
  'live.waiting': 'Esperando tráfego: envie uma requisição para o seu app.',
  'live.inferred':
    'Os nós vêm do que passa no fio: um nó ClientProxy para todos os remetentes; um serviço por fila (RabbitMQ) ou por pattern (Redis, NATS, MQTT); instâncias pelas conexões consumidoras do RabbitMQ ou pelas respostas duplicadas.',
};

const catalogues: Record<Lang, LiveCatalogue> = { en: liveEn, 'pt-BR': livePtBR };

export type LiveT = (key: LiveKey, params?: Record<string, string | number>) => string;

export function liveTranslate(lang: Lang, key: LiveKey, params?: Record<string, string | number>) {
  const text = catalogues[lang][key] ?? liveEn[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

export function useLiveT(): LiveT {
  const lang = useUi((s) => s.lang);
  return useCallback((key, params) => liveTranslate(lang, key, params), [lang]);
}
