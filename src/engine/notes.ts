/**
 * One-line "model assumptions" per transport, for the UI to show beside the canvas: where the
 * simulator simplifies what NestJS and the broker really do (docs/transports.md has the detail).
 */
import type { Lang, TransportKind } from '../shared';

export const TRANSPORT_NOTES: Record<TransportKind, Record<Lang, string>> = {
  redis: {
    en: 'Redis pub/sub stores nothing: every subscribed instance gets every message (requests too, first reply wins); nobody subscribed = lost. Without retryAttempts a server never reconnects after a Redis restart.',
    'pt-BR':
      'O pub/sub do Redis não guarda nada: toda instância inscrita recebe cada mensagem (inclusive requisições; vale a primeira resposta); sem inscritos, a mensagem se perde. Sem retryAttempts, o servidor nunca se reconecta depois que o Redis reinicia.',
  },
  nats: {
    en: 'NATS core: no queue option = every instance gets everything; a queue group picks one member at random. No subscriber = immediate "Empty response" error. Nothing is stored.',
    'pt-BR':
      'NATS core: sem a opção queue, toda instância recebe tudo; com queue group, um membro é sorteado. Sem assinantes, o erro "Empty response" é imediato. Nada fica armazenado.',
  },
  rmq: {
    en: 'RabbitMQ: instances on one queue compete (strict round-robin) and messages wait while nobody consumes. noAck:false keeps deliveries unacked until the handler acks; only persistent messages survive a broker restart; reconnection follows a 5 s retry tick.',
    'pt-BR':
      'RabbitMQ: instâncias na mesma fila competem (rodízio estrito) e as mensagens esperam enquanto ninguém consome. Com noAck:false a entrega fica sem ack até o handler confirmar; só mensagens persistentes sobrevivem ao reinício do broker; a reconexão segue um ciclo de 5 s.',
  },
  mqtt: {
    en: 'MQTT QoS 0: plain topics fan out to every instance, $share/<group>/ alternates; an offline subscriber loses messages unless qos ≥ 1 with clean:false (persistent session). Sessions do not survive a broker restart here.',
    'pt-BR':
      'MQTT QoS 0: tópicos simples chegam a todas as instâncias, $share/<grupo>/ alterna entre elas; um assinante offline perde as mensagens, a menos que use qos ≥ 1 com clean:false (sessão persistente). Aqui as sessões não sobrevivem ao reinício do broker.',
  },
  kafka: {
    en: 'Kafka (modelled from the source, not observed): one consumer group per service, one owner per partition, offsets committed after each handling, log retained. Rebalance pause 300 ms; a crashed member is noticed after the 30 s session timeout; one record at a time per partition.',
    'pt-BR':
      'Kafka (modelado a partir do código-fonte, não observado): um consumer group por serviço, um dono por partição, offset confirmado após cada processamento, log retido. Pausa de rebalanceamento de 300 ms; um membro que caiu só é notado após o session timeout de 30 s; um registro por vez em cada partição.',
  },
  tcp: {
    en: 'TCP is point-to-point: one server per host:port (a second instance fails with EADDRINUSE), so scaling needs the loadBalancer option. Its balancer (layer 4, like a Kubernetes Service) picks an instance per connection and the gateway’s ClientTCP keeps one connection: every call goes to one instance until it dies. Server down = ECONNREFUSED at once; a crash mid-request = "Connection closed".',
    'pt-BR':
      'TCP é ponto a ponto: um servidor por host:porta (uma segunda instância falha com EADDRINUSE), então escalar exige a opção loadBalancer. O balanceador (camada 4, como um Service do Kubernetes) escolhe uma instância por conexão e o ClientTCP do gateway mantém uma conexão: toda chamada vai para uma instância até ela cair. Servidor fora do ar = ECONNREFUSED na hora; queda no meio da requisição = "Connection closed".',
  },
  grpc: {
    en: 'gRPC (modelled, not observed): unary calls to proto methods, point-to-point like TCP, no events. Server down = 14 UNAVAILABLE; the route timeout is the deadline (4 DEADLINE_EXCEEDED); handler errors arrive as 2 UNKNOWN.',
    'pt-BR':
      'gRPC (modelado, não observado): chamadas unárias a métodos do proto, ponto a ponto como o TCP, sem eventos. Servidor fora do ar = 14 UNAVAILABLE; o timeout da rota é o deadline (4 DEADLINE_EXCEEDED); erros do handler chegam como 2 UNKNOWN.',
  },
};
