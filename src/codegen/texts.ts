/**
 * The comments of the generated code, in the learner's language. Each says why the line is
 * there or what BrokerLab shows about it; code itself is never translated.
 */
import type { Lang } from '../shared';

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
const ms = (mean: number, jitter: number) => (jitter > 0 ? `${mean} ± ${jitter} ms` : `${mean} ms`);

const en = {
  deadLetter: (n: number, dlq: string) =>
    `After ${n} failed deliveries the broker moves a message to "${dlq}" (quorum queue delivery limit). Declare "${dlq}" once (management UI or channel.assertQueue).`,
  redisRetry: 'Reconnect after a broker outage (without it the server stays deaf).',
  redisNoRetry:
    'No retryAttempts: after a Redis outage this server never reconnects (as in BrokerLab).',
  natsQueue: 'Queue group: each message reaches ONE instance of the group.',
  natsNoQueue: 'No queue group: EVERY instance receives every request and event (duplicates).',
  rmqNoQueue: "No queue: NestJS's default ('').",
  rmqNoAck: 'noAck: false: a message stays unacknowledged until the handler acks it.',
  mqttClean:
    'Persistent session: with qos ≥ 1 the broker keeps messages for this client while it is offline.',
  kafkaGroup: (g: string) => `NestJS appends "-server": the consumer group is "${g}".`,
  sameQueueOptions: 'Same queue arguments as the service, or RabbitMQ refuses the declaration.',
  kafkaClientGroup: 'The gateway reads replies in its own group (NestJS appends "-client").',
  serviceClients:
    "This service is a client too: one client per service its handlers call, over that service's transport.",
  callSend: (p: string, to: string) =>
    `Waits for ${to}'s reply to "${p}"; if it fails (or times out), this handler throws and its caller gets "Internal server error".`,
  callEmit: (p: string, to: string) =>
    `An event to ${to} ("${p}"): fire and forget, the handler goes on at once.`,
  callGrpcEmit: (to: string) =>
    `${to} speaks gRPC: ClientGrpc has no emit(), so this handler throws here.`,
  callTcpBalancer: (to: string) =>
    `${to} has several instances: a NestJS TCP/gRPC client does not balance by itself, so this address must be a load balancer.`,
  gatewayModule:
    'One client per service the routes call. A client connects on first use (or on connect()).',
  kafkaSubscribe:
    'ClientKafka must subscribe to "<pattern>.reply" before connect(); otherwise send() throws.',
  kafkaNoSubscribe: (p: string) =>
    `Not subscribed to "${p}.reply" (subscribeToResponseOf): send('${p}') throws "The client consumer did not subscribe to the corresponding reply topic".`,
  timeoutPerAttempt: (n: number) =>
    `timeout(${n}) before retry(): each attempt gets its own ${n} ms.`,
  noTimeout: 'No timeout(): NestJS waits for the reply forever (its default).',
  retry: (n: number) =>
    `retry() resubscribes ${n} time(s): send() is cold, so each retry publishes a NEW message with a new id.`,
  breaker: (s: string) =>
    `Circuit breaker of "${s}" (one per service): while open, calls fail here at once and nothing reaches the broker.`,
  fallback: 'Fallback: answer this instead of the error (failed, timed out or breaker open).',
  emit: 'emit(): an event, no reply; NestJS publishes at once.',
  emitOnce: (client: string, others: string[]) =>
    `One emit through ${client} also reaches ${others.join(', ')}: the broker delivers the event to every subscriber of the pattern. Emitting on each client would publish it twice and every subscriber would handle it twice.`,
  grpcNoEvents:
    'gRPC has no events: ClientGrpcProxy.emit() throws. BrokerLab answers 500 with that message; call a method instead.',
  grpcCall: 'gRPC: a unary call through the service client from getService().',
  lb: (s: string, n: number, port: number) =>
    `"${s}" runs ${n} instances on ports ${port}…${port + n - 1}. A NestJS client connects to ONE address and does not balance by itself: put a load balancer in front and point ${s.toUpperCase()}_PORT at it (BrokerLab's "lb:${s}"), else every call goes to instance #1.`,
  noLb: (s: string, n: number, port: number) =>
    `"${s}" has ${n} instances on the same port ${port}: the 2nd fails with EADDRINUSE and serves nothing, as in BrokerLab (set "loadBalancer": true there, PORT_STEP=1 here).`,
  messageKey: 'Kafka message key: equal keys land on the same partition.',
  handler: (kind: string, mean: number, jitter: number, rate: number) =>
    `${kind}: simulates ${ms(mean, jitter)} of work${rate > 0 ? ` and fails ${pct(rate)} of the time` : ''} (the scenario's handler).`,
  ack: 'noAck: false: acknowledge by hand once handled.',
  requeue: 'A failure is nack + requeue: the message goes back to the queue and is redelivered.',
  neverAcked:
    'noAck: false and this handler never acks: the message stays "unacked" and is redelivered when this instance dies (as in BrokerLab). To settle it: context.getChannelRef().ack(context.getMessage())',
  stream: (n: number) => `Returns a stream: ${n} reply packets; the client completes on the last.`,
  idempotent:
    'BrokerLab: "idempotent" — a real handler skips a message id it already handled, keyed in a store every instance shares (e.g. Redis SET NX).',
  capacity: (c: number, q: number | null) =>
    `BrokerLab: capacity ${c} at once${q === null ? '' : `, ${q} waiting`} — a bulkhead you add yourself (p-limit, or rmq prefetchCount with manual acks).`,
  grpcEventSkipped: (p: string) =>
    `Event "${p}" has no gRPC handler: gRPC has no events (emit() throws at the gateway).`,
  serviceMain:
    'One process = one instance. INSTANCE names it (orders#2) and PORT is its port for tcp/grpc.',
  work: "Simulates the scenario's handler: mean ± jitter ms of work, then a failure with the given probability.",
  resilience: 'The resilience code BrokerLab simulates (docs/resilience.md).',
  backoff: 'Delay of retry k: delayMs × factor^(k−1) × (1 ± jitter).',
  breakerClass:
    'Closed → open after failureThreshold consecutive failures; open for openMs; then half-open lets halfOpenCalls trial calls through: a success closes it, a failure opens it again.',
  httpError: 'RxJS TimeoutError → timeoutStatus; any other error → errorStatus.',
  gatewayMain: 'The HTTP gateway (NestJS on Express).',
  eventTyping:
    "<string> picks @EventPattern's plain overload: NestJS 12's typed-event overload takes (data, ...args: unknown[]) and refuses a typed @Ctx() parameter.",
  grpcTypes: 'The messages of the .proto files (keepCase off: camelCase fields).',
  grpcUnimplemented: (m: string, s: string) =>
    `The gateway calls ${m}, but ${s} has no @GrpcMethod for it: the call fails with 12 UNIMPLEMENTED.`,
  grpcReply: 'gRPC replies carry the instance and the result as JSON.',
};

export type Texts = typeof en;

const ptBR: Texts = {
  deadLetter: (n, dlq) =>
    `Depois de ${n} entregas com falha o broker move a mensagem para "${dlq}" (limite de entregas da fila quorum). Declare "${dlq}" uma vez (UI de gerenciamento ou channel.assertQueue).`,
  redisRetry: 'Reconecta depois de uma queda do broker (sem isso o servidor fica surdo).',
  redisNoRetry:
    'Sem retryAttempts: depois de uma queda do Redis este servidor nunca reconecta (como no BrokerLab).',
  natsQueue: 'Queue group: cada mensagem chega a UMA instância do grupo.',
  natsNoQueue: 'Sem queue group: TODA instância recebe cada requisição e evento (duplicatas).',
  rmqNoQueue: "Sem fila: o padrão do NestJS ('').",
  rmqNoAck: 'noAck: false: a mensagem fica sem confirmação até o handler dar ack.',
  mqttClean:
    'Sessão persistente: com qos ≥ 1 o broker guarda as mensagens deste cliente enquanto ele está offline.',
  kafkaGroup: (g) => `O NestJS acrescenta "-server": o consumer group é "${g}".`,
  sameQueueOptions:
    'Os mesmos argumentos de fila do serviço, senão o RabbitMQ recusa a declaração.',
  kafkaClientGroup:
    'O gateway lê as respostas no seu próprio grupo (o NestJS acrescenta "-client").',
  serviceClients:
    'Este serviço também é cliente: um client por serviço que os handlers chamam, pelo transporte daquele serviço.',
  callSend: (p, to) =>
    `Aguarda a resposta de ${to} para "${p}"; se ela falhar (ou estourar o tempo), este handler lança o erro e quem o chamou recebe "Internal server error".`,
  callEmit: (p, to) =>
    `Um evento para ${to} ("${p}"): dispara e segue, o handler continua na hora.`,
  callGrpcEmit: (to) =>
    `${to} fala gRPC: o ClientGrpc não tem emit(), então este handler lança um erro aqui.`,
  callTcpBalancer: (to) =>
    `${to} tem várias instâncias: um client TCP/gRPC do NestJS não balanceia sozinho, então este endereço precisa ser um balanceador de carga.`,
  gatewayModule:
    'Um cliente por serviço chamado pelas rotas. O cliente conecta no primeiro uso (ou em connect()).',
  kafkaSubscribe:
    'O ClientKafka precisa assinar "<pattern>.reply" antes de connect(); senão send() lança erro.',
  kafkaNoSubscribe: (p) =>
    `Sem assinar "${p}.reply" (subscribeToResponseOf): send('${p}') lança "The client consumer did not subscribe to the corresponding reply topic".`,
  timeoutPerAttempt: (n) => `timeout(${n}) antes de retry(): cada tentativa tem os seus ${n} ms.`,
  noTimeout: 'Sem timeout(): o NestJS espera a resposta para sempre (o padrão dele).',
  retry: (n) =>
    `retry() se reinscreve ${n} vez(es): send() é frio, então cada nova tentativa publica uma NOVA mensagem com outro id.`,
  breaker: (s) =>
    `Circuit breaker de "${s}" (um por serviço): aberto, as chamadas falham aqui na hora e nada chega ao broker.`,
  fallback: 'Fallback: responde isto no lugar do erro (falha, timeout ou breaker aberto).',
  emit: 'emit(): um evento, sem resposta; o NestJS publica na hora.',
  emitOnce: (client, others) =>
    `Um emit por ${client} também chega a ${others.join(', ')}: o broker entrega o evento a todo assinante do padrão. Um emit em cada cliente publicaria duas vezes, e cada assinante processaria o evento duas vezes.`,
  grpcNoEvents:
    'gRPC não tem eventos: ClientGrpcProxy.emit() lança erro. O BrokerLab responde 500 com essa mensagem; chame um método.',
  grpcCall: 'gRPC: uma chamada unária pelo cliente do serviço obtido com getService().',
  lb: (s, n, port) =>
    `"${s}" roda ${n} instâncias nas portas ${port}…${port + n - 1}. Um cliente NestJS conecta a UM endereço e não balanceia sozinho: coloque um balanceador na frente e aponte ${s.toUpperCase()}_PORT para ele (o "lb:${s}" do BrokerLab); senão toda chamada vai para a instância #1.`,
  noLb: (s, n, port) =>
    `"${s}" tem ${n} instâncias na mesma porta ${port}: a 2ª falha com EADDRINUSE e não atende nada, como no BrokerLab (lá "loadBalancer": true, aqui PORT_STEP=1).`,
  messageKey: 'Chave da mensagem Kafka: chaves iguais caem na mesma partição.',
  handler: (kind, mean, jitter, rate) =>
    `${kind}: simula ${ms(mean, jitter)} de trabalho${rate > 0 ? ` e falha ${pct(rate)} das vezes` : ''} (o handler do cenário).`,
  ack: 'noAck: false: confirma (ack) à mão depois de tratar.',
  requeue: 'Uma falha vira nack + requeue: a mensagem volta para a fila e é reentregue.',
  neverAcked:
    'noAck: false e este handler nunca dá ack: a mensagem fica "unacked" e é reentregue quando esta instância morre (como no BrokerLab). Para confirmar: context.getChannelRef().ack(context.getMessage())',
  stream: (n) => `Devolve um stream: ${n} pacotes de resposta; o cliente completa no último.`,
  idempotent:
    'BrokerLab: "idempotent" — um handler real ignora um id de mensagem já tratado, guardado num store que todas as instâncias compartilham (ex.: Redis SET NX).',
  capacity: (c, q) =>
    `BrokerLab: capacidade de ${c} ao mesmo tempo${q === null ? '' : `, ${q} esperando`} — um bulkhead que você mesmo adiciona (p-limit, ou prefetchCount do rmq com ack manual).`,
  grpcEventSkipped: (p) =>
    `O evento "${p}" não tem handler gRPC: gRPC não tem eventos (emit() lança erro no gateway).`,
  serviceMain:
    'Um processo = uma instância. INSTANCE dá o nome (orders#2) e PORT a porta, para tcp/grpc.',
  work: 'Simula o handler do cenário: média ± jitter ms de trabalho e depois uma falha com a probabilidade dada.',
  resilience: 'O código de resiliência que o BrokerLab simula (docs/resilience.md).',
  backoff: 'Espera da tentativa k: delayMs × factor^(k−1) × (1 ± jitter).',
  breakerClass:
    'Fechado → aberto após failureThreshold falhas seguidas; fica aberto openMs; depois meio-aberto deixa passar halfOpenCalls chamadas de teste: um sucesso fecha, uma falha abre de novo.',
  httpError: 'TimeoutError do RxJS → timeoutStatus; qualquer outro erro → errorStatus.',
  gatewayMain: 'O gateway HTTP (NestJS sobre Express).',
  eventTyping:
    '<string> escolhe a sobrecarga simples de @EventPattern: a sobrecarga de eventos tipados do NestJS 12 recebe (data, ...args: unknown[]) e recusa um parâmetro @Ctx() tipado.',
  grpcTypes: 'As mensagens dos arquivos .proto (sem keepCase: campos em camelCase).',
  grpcUnimplemented: (m, s) =>
    `O gateway chama ${m}, mas ${s} não tem @GrpcMethod para ele: a chamada falha com 12 UNIMPLEMENTED.`,
  grpcReply: 'As respostas gRPC levam a instância e o resultado em JSON.',
};

export const texts = (lang: Lang): Texts => (lang === 'pt-BR' ? ptBR : en);
