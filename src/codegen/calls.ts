/**
 * A service that calls other services (handler `calls`, docs/scenario-format.md): its module
 * registers one client per target (`ClientsModule.register`, the target's transport and client
 * options), its controller injects them, and each handler awaits `firstValueFrom(client.send())`
 * or fires `client.emit()` after its work — the lines marked with the called pattern, so the code
 * panel highlights them like the gateway's.
 */
import type { HandlerSpec, ServiceSpec, SimModel } from '../engine/types';
import { grpcMethodName, lowerFirst, stripShare } from '../shared';
import { type Code, q } from './code';
import { camel, clientProp, clientToken, grpcNames, kebab, type PortPlan } from './names';
import { writeOptions } from './options';
import { clientOptions, TRANSPORT_ENUM } from './transports';
import type { Texts } from './texts';

/** The services a service's handlers call, in scenario order. */
export function callTargets(model: SimModel, s: ServiceSpec): ServiceSpec[] {
  const ids = new Set(s.handlers.flatMap((h) => (h.calls ?? []).map((c) => c.to)));
  return model.services.filter((x) => ids.has(x.id));
}

/** What the caller's controller needs to call its targets. */
export interface CallClients {
  caller: ServiceSpec;
  targets: ServiceSpec[];
  plans: Map<string, PortPlan>;
}

const clientType = (s: ServiceSpec) =>
  s.transport.kind === 'grpc'
    ? 'ClientGrpc'
    : s.transport.kind === 'kafka'
      ? 'ClientKafka'
      : 'ClientProxy';

/** `ClientsModule.register([...])` inside the module's `imports: [...]`. */
export function writeClientsModule(c: Code, cc: CallClients, t: Texts): void {
  c.block(
    'imports: [',
    () => {
      c.comment(t.serviceClients);
      c.block(
        'ClientsModule.register([',
        () => {
          for (const s of cc.targets) {
            const plan = cc.plans.get(s.id);
            if (plan && s.replicas > 1 && plan.step === 0) c.comment(t.callTcpBalancer(s.id));
            c.block(
              '{',
              () => {
                c.line(`name: ${q(clientToken(s))},`);
                c.line(`transport: Transport.${TRANSPORT_ENUM[s.transport.kind]},`);
                writeOptions(c, clientOptions(s, plan, t, kebab(cc.caller.id)));
              },
              '},',
            );
          }
        },
        ']),',
      );
    },
    '],',
  );
}

/** Patterns the caller sends to a kafka target (its `subscribeToResponseOf` list). */
const sentTo = (caller: ServiceSpec, target: ServiceSpec) => [
  ...new Set(
    caller.handlers.flatMap((h) =>
      (h.calls ?? [])
        .filter((x) => x.action === 'send' && x.to === target.id)
        .map((x) => x.pattern),
    ),
  ),
];

/**
 * The controller's fields, constructor and `onModuleInit` for its clients; adds what it uses to
 * `common`, `micro` and `rxjs`. Returns the header lines (gRPC client interfaces).
 */
export function writeClientMembers(
  c: Code,
  cc: CallClients,
  t: Texts,
  imports: { common: Set<string>; micro: Set<string> },
): void {
  const grpc = cc.targets.filter((s) => s.transport.kind === 'grpc');
  const kafka = cc.targets.filter((s) => s.transport.kind === 'kafka');
  for (const s of grpc) c.line(`private ${camel(s.id)}Service!: ${grpcNames(s).service}Client;`);
  if (grpc.length) c.line();
  imports.common.add('Inject');
  c.block(
    'constructor(',
    () => {
      for (const s of cc.targets) {
        imports.micro.add(clientType(s));
        c.line(
          `@Inject(${q(clientToken(s))}) private readonly ${clientProp(s)}: ${clientType(s)},`,
        );
      }
    },
    ') {}',
  );
  if (grpc.length === 0 && kafka.length === 0) return;
  imports.common.add('type OnModuleInit');
  c.line();
  c.block('async onModuleInit() {', () => {
    for (const s of grpc)
      c.line(
        `this.${camel(s.id)}Service = this.${clientProp(s)}.getService<${grpcNames(s).service}Client>(${q(grpcNames(s).service)});`,
      );
    for (const s of kafka) {
      const sent = sentTo(cc.caller, s);
      if (sent.length) c.comment(t.kafkaSubscribe);
      for (const p of sent) c.line(`this.${clientProp(s)}.subscribeToResponseOf(${q(p)});`);
      c.line(`await this.${clientProp(s)}.connect();`);
    }
  });
}

/** The interfaces of the gRPC services the caller calls (`getService()` returns them). */
export function grpcClientInterfaces(cc: CallClients): string[] {
  const out: string[] = [];
  for (const s of cc.targets.filter((x) => x.transport.kind === 'grpc')) {
    const g = grpcNames(s);
    const methods = [
      ...new Map(
        s.handlers.filter((h) => h.kind === 'request').map((h) => [grpcMethodName(h), h]),
      ).values(),
    ];
    out.push(`/** ${g.package}.${g.service} from ${g.protoFile}, as getService() returns it. */`);
    out.push(`interface ${g.service}Client {`);
    for (const h of methods)
      out.push(`  ${lowerFirst(grpcMethodName(h))}(request: GrpcRequest): Observable<GrpcReply>;`);
    out.push('}', '');
  }
  return out;
}

/** The handler's calls, after its work: `await firstValueFrom(send)` / `emit`, marked by pattern. */
export function writeCalls(
  c: Code,
  h: HandlerSpec,
  cc: CallClients,
  payload: string,
  t: Texts,
  rxjs: Set<string>,
): void {
  for (const call of h.calls ?? []) {
    const s = cc.targets.find((x) => x.id === call.to);
    if (!s) continue;
    const pattern = stripShare(call.pattern);
    if (call.action === 'emit') {
      if (s.transport.kind === 'grpc') {
        c.comment(t.callGrpcEmit(s.id));
        c.line(
          `throw new Error(${q('Method is not supported in gRPC mode. Use ClientGrpc instead (learn more in the documentation).')});`,
          call.pattern,
        );
        return;
      }
      c.comment(t.callEmit(call.pattern, s.id));
      c.line(`this.${clientProp(s)}.emit(${q(pattern)}, ${payload});`, call.pattern);
      continue;
    }
    c.comment(t.callSend(call.pattern, s.id));
    rxjs.add('firstValueFrom');
    let source: string;
    if (s.transport.kind === 'grpc') {
      const target = s.handlers.find((x) => x.kind === 'request' && x.pattern === call.pattern);
      const m = lowerFirst(grpcMethodName(target ?? { pattern: call.pattern }));
      source = `this.${camel(s.id)}Service.${m}({ params: {}, body: JSON.stringify(${payload}) })`;
    } else source = `this.${clientProp(s)}.send(${q(pattern)}, ${payload})`;
    if (call.timeoutMs !== undefined) {
      rxjs.add('timeout');
      source += `.pipe(timeout(${call.timeoutMs}))`;
    }
    c.line(`await firstValueFrom(${source});`, call.pattern);
  }
}
