/**
 * Live mode (`?live=ws://127.0.0.1:PORT`): a lazy chunk, loaded only when the parameter is present,
 * so the static site stays static (no connection without it) and the initial bundle does not grow.
 * Only a loopback ws:// address is accepted; anything else is refused, naming the URL, and nothing
 * is opened.
 */
import { createLiveClient } from '../live/client';
import { loopbackWsUrl } from '../live/protocol';
import type { SimClient } from '../sim-client';
import { liveStore, simStore } from '../state';

export interface LiveSource {
  current(): SimClient;
  subscribe(listener: () => void): () => void;
}

const BROKER: Record<string, string> = {
  redis: 'Redis',
  nats: 'NATS',
  mqtt: 'MQTT',
  rmq: 'RabbitMQ',
};

export function startLive(raw: string): LiveSource {
  const url = loopbackWsUrl(raw);
  const texts = {
    title: (h: { transport: string; broker: string }) => ({
      en: `Live: ${BROKER[h.transport] ?? h.transport} at ${h.broker}`,
      'pt-BR': `Ao vivo: ${BROKER[h.transport] ?? h.transport} em ${h.broker}`,
    }),
    gateway: { en: 'NestJS clients (ClientProxy)', 'pt-BR': 'clientes NestJS (ClientProxy)' },
    client: { en: 'HTTP (not on the broker)', 'pt-BR': 'HTTP (fora do broker)' },
    refusedFrame: 'frame from the bridge refused',
  };
  liveStore.setState({ active: true, raw });
  let client: SimClient;
  if (url === null) {
    // The page renders (the banner names the refused URL); no socket is ever opened.
    client = createLiveClient('', texts, { connect: false });
    liveStore.setState({ url: null, phase: 'refused' });
    simStore.setState({ phase: 'idle', playing: false });
  } else client = createLiveClient(url, texts);
  return { current: () => client, subscribe: () => () => undefined };
}
