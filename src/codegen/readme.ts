/** The exported project's README: how to run it and what to try, in English and Portuguese. */
import type { ServiceSpec, SimModel } from '../engine/types';
import type { Lang } from '../shared';
import { brokerKinds } from './deps';
import { HTTP_PORT, kebab, type PortPlan } from './names';

type L = 'en' | 'pt-BR';

/** What killing one of several instances shows, per transport (as BrokerLab shows it). */
function killNote(s: ServiceSpec, plan: PortPlan | undefined, l: L): string {
  const o = s.transport.options;
  const en = l === 'en';
  switch (s.transport.kind) {
    case 'rmq':
      return en
        ? `the instances compete on queue \`${o.queue ?? ''}\`; the survivors take every message${o.noAck === false ? ' and the unacked ones of the dead instance are redelivered' : ''}.`
        : `as instâncias competem na fila \`${o.queue ?? ''}\`; as sobreviventes pegam todas as mensagens${o.noAck === false ? ' e as não confirmadas da instância morta são reentregues' : ''}.`;
    case 'nats':
      return o.queue !== undefined
        ? en
          ? `queue group \`${o.queue}\`: each request reaches one live instance.`
          : `queue group \`${o.queue}\`: cada requisição chega a uma instância viva.`
        : en
          ? 'no queue group: every live instance handles every request (watch the duplicate logs).'
          : 'sem queue group: toda instância viva trata cada requisição (veja os logs duplicados).';
    case 'redis':
      return en
        ? 'Redis pub/sub: every live instance handles every request; the first reply wins.'
        : 'pub/sub do Redis: toda instância viva trata cada requisição; a primeira resposta vence.';
    case 'mqtt':
      return en
        ? 'plain topics: every live instance receives every message.'
        : 'tópicos simples: toda instância viva recebe cada mensagem.';
    case 'kafka':
      return en
        ? `the consumer group \`${o.groupId ?? s.id}-server\` rebalances: partitions of the dead instance move after the session timeout (30 s).`
        : `o consumer group \`${o.groupId ?? s.id}-server\` rebalanceia: as partições da instância morta mudam de dono após o session timeout (30 s).`;
    case 'tcp':
    case 'grpc':
      return plan && plan.step > 0
        ? en
          ? `each instance has its own port from ${plan.base}; the gateway talks to ${kebab(s.id).toUpperCase().replace(/-/g, '_')}_PORT only — NestJS does not balance by itself.`
          : `cada instância tem a sua porta a partir de ${plan.base}; o gateway fala só com ${kebab(s.id).toUpperCase().replace(/-/g, '_')}_PORT — o NestJS não balanceia sozinho.`
        : en
          ? `all instances try port ${plan?.base}: the 2nd fails with EADDRINUSE (PORT_STEP=1 gives each its own port).`
          : `todas as instâncias tentam a porta ${plan?.base}: a 2ª falha com EADDRINUSE (PORT_STEP=1 dá uma porta a cada uma).`;
  }
}

function section(model: SimModel, plans: Map<string, PortPlan>, l: L): string[] {
  const en = l === 'en';
  const brokers = brokerKinds(model);
  const out: string[] = [];
  out.push(en ? '## Run it' : '## Como rodar', '');
  out.push('```sh');
  out.push(en ? 'npm install' : 'npm install');
  if (brokers.length)
    out.push(
      `npm run broker:up        # ${en ? 'docker compose: ' : 'docker compose: '}${brokers.join(', ')}`,
    );
  out.push('npm run build');
  for (const s of model.services)
    out.push(
      `npm run start:${kebab(s.id)}   # ${Math.max(1, s.replicas)} ${en ? 'instance(s), in its own terminal' : 'instância(s), num terminal próprio'}`,
    );
  out.push(`npm run start:gateway    # http://localhost:${HTTP_PORT}`);
  out.push('```', '');
  out.push(en ? '## What to try' : '## O que experimentar', '');
  for (const r of model.routes) {
    const path = r.path.replace(/:([A-Za-z_]\w*)/g, '1');
    const body = ['POST', 'PUT', 'PATCH'].includes(r.method)
      ? ` -H 'content-type: application/json' -d '{}'`
      : '';
    out.push(
      `- \`curl -X ${r.method} localhost:${HTTP_PORT}${path}${body}\` → \`${r.action}('${r.pattern}')\` ${en ? 'to' : 'para'} ${r.to.join(', ')}`,
    );
  }
  for (const s of model.services) {
    if (s.replicas < 2) continue;
    out.push(
      en
        ? `- Kill one \`${s.id}\` instance (\`kill <pid>\`, the pid is printed at start) and call again: ${killNote(s, plans.get(s.id), l)}`
        : `- Mate uma instância de \`${s.id}\` (\`kill <pid>\`, o pid aparece na partida) e chame de novo: ${killNote(s, plans.get(s.id), l)}`,
    );
  }
  out.push(
    en
      ? '- Stop every instance of a service: calls with a `timeout()` answer 504 after it; without one they hang (NestJS waits forever).'
      : '- Pare todas as instâncias de um serviço: chamadas com `timeout()` respondem 504 depois dele; sem ele ficam penduradas (o NestJS espera para sempre).',
  );
  if (brokers.length)
    out.push(
      en
        ? "- `docker compose stop` then `docker compose start`: watch who reconnects and what is lost, as in BrokerLab's broker outage."
        : '- `docker compose stop` e depois `docker compose start`: veja quem reconecta e o que se perde, como na queda do broker no BrokerLab.',
    );
  out.push('');
  out.push(
    en
      ? "Handlers simulate the scenario's latency and failure rate (`src/work.ts`); every log line names the instance (`orders#2`). Comments in the code say what each line does in BrokerLab."
      : 'Os handlers simulam a latência e a taxa de falha do cenário (`src/work.ts`); cada linha de log diz a instância (`orders#2`). Os comentários no código dizem o que cada linha faz no BrokerLab.',
  );
  if (model.services.some((s) => s.transport.kind === 'kafka'))
    out.push(
      '',
      en
        ? 'Kafka: BrokerLab models Kafka from the NestJS source; it was not run against a real broker.'
        : 'Kafka: o BrokerLab modela o Kafka a partir do código do NestJS; não foi rodado contra um broker real.',
    );
  return out;
}

export function readme(model: SimModel, plans: Map<string, PortPlan>, lang: Lang): string {
  const title = model.title[lang] ?? model.title.en;
  const layout = [
    '```text',
    'apps/gateway/          HTTP gateway (ClientsModule.register, routes)',
    ...model.services.map(
      (s) => `apps/${kebab(s.id)}/`.padEnd(24) + `${s.transport.kind}, ${Math.max(1, s.replicas)}×`,
    ),
    ...(model.services.some((s) => s.transport.kind === 'grpc')
      ? ['proto/                  .proto files']
      : []),
    'scripts/instances.mjs   N instances: INSTANCE=<service>#i (PORT for tcp/grpc)',
    '```',
  ];
  const en = [
    '# ' + title,
    '',
    'NestJS 12 project exported from BrokerLab: one Nest application per service and an HTTP gateway, in one npm workspace.',
    '',
    ...layout,
    '',
    ...section(model, plans, 'en'),
  ];
  const pt = [
    '# ' + title + ' (português)',
    '',
    'Projeto NestJS 12 exportado do BrokerLab: uma aplicação Nest por serviço e um gateway HTTP, num workspace npm.',
    '',
    ...section(model, plans, 'pt-BR'),
  ];
  const parts = lang === 'pt-BR' ? [pt, en] : [en, pt];
  return `${parts.map((p) => p.join('\n')).join('\n\n---\n\n')}\n`;
}
