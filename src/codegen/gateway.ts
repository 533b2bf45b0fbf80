/**
 * The HTTP gateway: `main.ts`, `app.module.ts` (`ClientsModule.register`, one client per called
 * service), the controller (one handler per route: `send(…).pipe(timeout, retry, catchError)`,
 * `emit(…)`, gRPC calls through `getService()`) and `resilience.ts` (backoff, breaker, HTTP errors).
 */
import type { RouteSpec, ServiceSpec, SimModel } from '../engine/types';
import { grpcMethodName, lowerFirst, stripShare } from '../shared';
import { Code, literal, q } from './code';
import {
  camel,
  clientProp,
  clientToken,
  GATEWAY_DIR,
  grpcNames,
  HTTP_PORT,
  methodName,
  pascal,
  type PortPlan,
  grpcRpcs,
} from './names';
import { writeOptions } from './options';
import { clientOptions, TRANSPORT_ENUM } from './transports';
import type { Texts } from './texts';
import type { CodeFile } from './types';

/** Transports where the broker fans an event out to every subscriber of its pattern. */
const PUBLISH_ONCE = new Set(['redis', 'nats', 'mqtt', 'kafka']);

/**
 * The services whose client a route goes through. On a pub/sub broker one publish reaches every
 * subscriber of the pattern, whichever service's client sends it: an emit goes through the first
 * target on each such broker, or every subscriber would handle it twice (observed on real Redis,
 * NATS and MQTT: docs/conformance.md). RabbitMQ (a queue per service), TCP and gRPC need each.
 */
function publishers(targets: ServiceSpec[]): ServiceSpec[] {
  return targets.filter(
    (s, i) =>
      !PUBLISH_ONCE.has(s.transport.kind) ||
      targets.findIndex((o) => o.transport.kind === s.transport.kind) === i,
  );
}

function routeClients(r: RouteSpec, byId: Map<string, ServiceSpec>): ServiceSpec[] {
  const targets = r.to.map((id) => byId.get(id)!);
  return r.action === 'emit' ? publishers(targets) : targets;
}

/** Services the routes call through their own client, in scenario order. */
export function calledServices(model: SimModel): ServiceSpec[] {
  const byId = new Map(model.services.map((s) => [s.id, s]));
  const called = new Set(model.routes.flatMap((r) => routeClients(r, byId)));
  return model.services.filter((s) => called.has(s));
}

export function gatewayMain(t: Texts): CodeFile {
  const c = new Code(`${GATEWAY_DIR}/src/main.ts`);
  c.line("import 'reflect-metadata';");
  c.line("import { NestFactory } from '@nestjs/core';");
  c.line("import { AppModule } from './app.module.js';");
  c.line();
  c.comment(t.gatewayMain);
  c.line('const app = await NestFactory.create(AppModule);');
  c.line(`const port = Number(process.env.PORT ?? ${HTTP_PORT});`);
  c.line('await app.listen(port);');
  c.line('console.log(`gateway on http://localhost:${port}`);');
  return c.file();
}

export function gatewayModule(model: SimModel, plans: Map<string, PortPlan>, t: Texts): CodeFile {
  const c = new Code(`${GATEWAY_DIR}/src/app.module.ts`);
  const services = calledServices(model);
  c.line("import { Module } from '@nestjs/common';");
  if (services.some((s) => s.transport.kind === 'grpc'))
    c.line("import { fileURLToPath } from 'node:url';");
  c.line("import { ClientsModule, Transport } from '@nestjs/microservices';");
  c.line("import { GatewayController } from './gateway.controller.js';");
  c.line();
  c.block(
    '@Module({',
    () => {
      c.block(
        'imports: [',
        () => {
          c.comment(t.gatewayModule);
          c.block(
            'ClientsModule.register([',
            () => {
              for (const s of services) {
                const plan = plans.get(s.id);
                const n = Math.max(1, s.replicas);
                if (plan && n > 1)
                  c.comment(plan.step > 0 ? t.lb(s.id, n, plan.base) : t.noLb(s.id, n, plan.base));
                c.block(
                  '{',
                  () => {
                    c.line(`name: ${q(clientToken(s))},`, undefined);
                    c.line(`transport: Transport.${TRANSPORT_ENUM[s.transport.kind]},`);
                    writeOptions(c, clientOptions(s, plan, t));
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
      c.line('controllers: [GatewayController],');
    },
    '})',
  );
  c.line('export class AppModule {}');
  return c.file();
}

/** One Kafka `subscribeToResponseOf` list per client: every sent pattern, none, or those listed. */
function kafkaSubscriptions(s: ServiceSpec, sent: string[]): { on: string[]; off: string[] } {
  const opt = s.transport.options.subscribeToResponseOf ?? true;
  const on = opt === true ? sent : opt === false ? [] : sent.filter((p) => opt.includes(p));
  return { on, off: sent.filter((p) => !on.includes(p)) };
}

const hasBody = (r: RouteSpec) => ['POST', 'PUT', 'PATCH'].includes(r.method);
const nestDefaultStatus = (r: RouteSpec) => (r.method === 'POST' ? 201 : 200);

/** A TS template literal for a Kafka message key (`customer-{n%3}` → `customer-${n % 3}`). */
const keyTemplate = (key: string) =>
  '`' +
  key
    .replace(/[`\\$]/g, (m) => `\\${m}`)
    .replace(/\{n%(\d+)\}/g, '${n % $1}')
    .replace(/\{n\}/g, '${n}') +
  '`';

export function gatewayController(model: SimModel, t: Texts): CodeFile {
  const c = new Code(`${GATEWAY_DIR}/src/gateway.controller.ts`);
  const services = calledServices(model);
  const byId = new Map(model.services.map((s) => [s.id, s]));
  const common = new Set(['Controller', 'Inject']);
  const micro = new Set<string>();
  const rxjs = new Set<string>();
  const resilience = new Set<string>();
  const grpcServices = services.filter((s) => s.transport.kind === 'grpc');
  const kafka = services.filter((s) => s.transport.kind === 'kafka');

  // One breaker per target service, configured by the first route to it that has one.
  const breakers = new Map<string, NonNullable<RouteSpec['circuitBreaker']>>();
  for (const r of model.routes)
    if (r.action === 'send' && r.circuitBreaker && !breakers.has(r.to[0]!))
      breakers.set(r.to[0]!, r.circuitBreaker);

  const names = new Map<string, number>();
  const routeMethod = (r: RouteSpec) => {
    const base = methodName(r.pattern);
    const n = (names.get(base) ?? 0) + 1;
    names.set(base, n);
    return n === 1 ? base : `${base}${n}`;
  };

  c.line('@Controller()');
  c.block(
    `export class GatewayController${grpcServices.length || kafka.length ? ' implements OnModuleInit' : ''} {`,
    () => {
      for (const s of grpcServices)
        c.line(`private ${camel(s.id)}Service!: ${grpcNames(s).service}Client;`);
      for (const [id, b] of breakers) {
        resilience.add('CircuitBreaker');
        c.comment(t.breaker(id));
        c.line(`private readonly ${camel(id)}Breaker = new CircuitBreaker(${literal(b)});`);
      }
      const counts = model.routes.some(
        (r) => r.messageKey !== undefined && byId.get(r.to[0]!)?.transport.kind === 'kafka',
      );
      if (counts) c.line('private requests = 0;');
      if (grpcServices.length || breakers.size || counts) c.line();

      c.block(
        'constructor(',
        () => {
          for (const s of services) {
            const type =
              s.transport.kind === 'grpc'
                ? 'ClientGrpc'
                : s.transport.kind === 'kafka'
                  ? 'ClientKafka'
                  : 'ClientProxy';
            micro.add(type);
            c.line(`@Inject(${q(clientToken(s))}) private readonly ${clientProp(s)}: ${type},`);
          }
        },
        ') {}',
      );

      if (grpcServices.length || kafka.length) {
        common.add('type OnModuleInit');
        c.line();
        c.block('async onModuleInit() {', () => {
          for (const s of grpcServices)
            c.line(
              `this.${camel(s.id)}Service = this.${clientProp(s)}.getService<${grpcNames(s).service}Client>(${q(grpcNames(s).service)});`,
            );
          for (const s of kafka) {
            const sent = [
              ...new Set(
                model.routes
                  .filter((r) => r.action === 'send' && r.to[0] === s.id)
                  .map((r) => r.pattern),
              ),
            ];
            const sub = kafkaSubscriptions(s, sent);
            if (sub.on.length) c.comment(t.kafkaSubscribe);
            for (const p of sub.on) c.line(`this.${clientProp(s)}.subscribeToResponseOf(${q(p)});`);
            for (const p of sub.off) c.comment(t.kafkaNoSubscribe(p));
            c.line(`await this.${clientProp(s)}.connect();`);
          }
        });
      }

      for (const r of model.routes) {
        c.line();
        const verb = pascal(r.method.toLowerCase());
        common.add(verb);
        c.line(`@${verb}(${q(r.path)})`);
        if (r.okStatus !== nestDefaultStatus(r)) {
          common.add('HttpCode');
          c.line(`@HttpCode(${r.okStatus})`);
        }
        common.add('Param');
        const params = ['@Param() params: Record<string, string>'];
        if (hasBody(r)) {
          common.add('Body');
          params.push('@Body() body: Record<string, unknown>');
        }
        const fallbackStatus =
          r.action === 'send' && r.fallback && r.fallback.status !== r.okStatus;
        if (fallbackStatus) {
          common.add('Res');
          params.push('@Res({ passthrough: true }) res: { status(code: number): unknown }');
        }
        const payload = hasBody(r) ? '{ ...params, ...body }' : '{ ...params }';
        const method = routeMethod(r);
        if (r.action === 'emit') writeEmit(c, r, method, params, payload);
        else writeSend(c, r, method, params, payload, byId.get(r.to[0]!)!, breakers.has(r.to[0]!));
      }
    },
  );

  function writeEmit(c: Code, r: RouteSpec, method: string, params: string[], payload: string) {
    const targets = r.to.map((id) => byId.get(id)!);
    c.block(`async ${method}(${params.join(', ')}) {`, () => {
      if (targets.some((s) => s.transport.kind === 'grpc')) {
        common.add('InternalServerErrorException');
        c.comment(t.grpcNoEvents);
      }
      c.comment(t.emit);
      const sending = publishers(targets);
      for (const s of sending) {
        const also = targets.filter((o) => o !== s && o.transport.kind === s.transport.kind);
        if (PUBLISH_ONCE.has(s.transport.kind) && also.length > 0)
          c.comment(
            t.emitOnce(
              clientProp(s),
              also.map((o) => o.id),
            ),
          );
      }
      c.line(`const payload = ${payload};`);
      rxjs.add('lastValueFrom');
      c.block(
        'await Promise.all([',
        () => {
          for (const s of sending) {
            if (s.transport.kind === 'grpc') {
              c.line(
                `Promise.reject(new InternalServerErrorException(${q('Method is not supported in gRPC mode. Use ClientGrpc instead (learn more in the documentation).')})),`,
                r.pattern,
              );
            } else
              c.line(
                `lastValueFrom(this.${clientProp(s)}.emit(${q(stripShare(r.pattern))}, payload), { defaultValue: null }),`,
                r.pattern,
              );
          }
        },
        ']);',
      );
      c.line(`return { emitted: ${q(r.pattern)} };`);
    });
  }

  function writeSend(
    c: Code,
    r: RouteSpec,
    method: string,
    params: string[],
    payload: string,
    s: ServiceSpec,
    breaker: boolean,
  ) {
    const kind = s.transport.kind;
    const pattern = stripShare(r.pattern);
    let call: string;
    if (kind === 'grpc') {
      const h = s.handlers.find((x) => x.kind === 'request' && x.pattern === r.pattern);
      const m = lowerFirst(grpcMethodName(h ?? { pattern: r.pattern }));
      call = `this.${camel(s.id)}Service.${m}({ params, body: JSON.stringify(${hasBody(r) ? 'body' : '{}'}) })`;
    } else if (kind === 'kafka' && r.messageKey !== undefined) {
      call = `this.${clientProp(s)}.send(${q(pattern)}, { key: ${keyTemplate(r.messageKey)}, value: ${payload} })`;
    } else call = `this.${clientProp(s)}.send(${q(pattern)}, ${payload})`;

    const pipe: string[] = [];
    const notes: string[] = [];
    if (r.timeoutMs !== undefined) {
      rxjs.add('timeout');
      notes.push(r.retry ? t.timeoutPerAttempt(r.timeoutMs) : '');
    } else notes.push(t.noTimeout);
    c.block(`${method}(${params.join(', ')}) {`, () => {
      if (kind === 'grpc') c.comment(t.grpcCall);
      if (kind === 'kafka' && r.messageKey !== undefined) {
        c.comment(t.messageKey);
        c.line('const n = ++this.requests;');
      }
      for (const n of notes) if (n) c.comment(n);
      if (r.retry) c.comment(t.retry(r.retry.count));
      if (r.fallback) c.comment(t.fallback);
      const timeout = r.timeoutMs !== undefined ? `.pipe(timeout(${r.timeoutMs}))` : '';
      if (r.retry) {
        rxjs.add('retry');
        const { count, delayMs, factor, jitter } = r.retry;
        if (factor === 1 && jitter === 0)
          pipe.push(
            delayMs > 0
              ? `retry({ count: ${count}, delay: ${delayMs} })`
              : `retry({ count: ${count} })`,
          );
        else {
          resilience.add('backoff');
          pipe.push(
            `retry({ count: ${count}, delay: backoff({ delayMs: ${delayMs}, factor: ${factor}, jitter: ${jitter} }) })`,
          );
        }
      }
      if (r.fallback) {
        rxjs.add('catchError').add('of');
        const body = literal(r.fallback.body ?? {});
        pipe.push(
          r.fallback.status !== r.okStatus
            ? `catchError(() => { res.status(${r.fallback.status}); return of(${body}); })`
            : `catchError(() => of(${body}))`,
        );
      } else if (r.timeoutMs !== undefined || breaker || r.errorStatus !== 500) {
        rxjs.add('catchError');
        resilience.add('toHttpError');
        pipe.push(
          `catchError(toHttpError({ timeoutStatus: ${r.timeoutStatus}, errorStatus: ${r.errorStatus} }))`,
        );
      }
      if (breaker) {
        c.line(`return this.${camel(s.id)}Breaker`);
        c.depthIn(() => {
          c.line(`.run(${call}${timeout})`, r.pattern);
          writePipe(c, pipe);
        });
      } else {
        const inner = timeout ? [timeout.slice('.pipe('.length, -1), ...pipe] : pipe;
        c.line(`return ${call}${inner.length === 0 ? ';' : ''}`, r.pattern);
        if (inner.length) c.depthIn(() => writePipe(c, inner));
      }
    });
  }

  function writePipe(c: Code, ops: string[]) {
    if (ops.length === 0) {
      c.line(';');
      return;
    }
    c.block('.pipe(', () => ops.forEach((o) => c.line(`${o},`)), ');');
  }

  const header: string[] = [];
  header.push(`import { ${[...common].sort(byName).join(', ')} } from '@nestjs/common';`);
  if (micro.size)
    header.push(`import { ${[...micro].sort(byName).join(', ')} } from '@nestjs/microservices';`);
  if (grpcServices.length) rxjs.add('type Observable');
  if (rxjs.size) header.push(`import { ${[...rxjs].sort(byName).join(', ')} } from 'rxjs';`);
  if (grpcServices.length) header.push("import type { GrpcReply, GrpcRequest } from './grpc.js';");
  if (resilience.size)
    header.push(`import { ${[...resilience].sort(byName).join(', ')} } from './resilience.js';`);
  header.push('');
  for (const s of grpcServices) {
    const g = grpcNames(s);
    header.push(
      `/** ${g.package}.${g.service} from ${g.protoFile}, as getService() returns it. */`,
    );
    header.push(`interface ${g.service}Client {`);
    for (const rpc of grpcRpcs(model, s))
      header.push(`  ${lowerFirst(rpc.method)}(request: GrpcRequest): Observable<GrpcReply>;`);
    header.push('}', '');
  }
  c.prepend(header);
  return c.file();
}

const byName = (a: string, b: string) =>
  a.replace(/^type /, '').localeCompare(b.replace(/^type /, ''));

export function resilienceFile(t: Texts): CodeFile {
  const c = new Code(`${GATEWAY_DIR}/src/resilience.ts`);
  c.line("import { HttpException } from '@nestjs/common';");
  c.line("import { defer, tap, throwError, timer, TimeoutError, type Observable } from 'rxjs';");
  c.line();
  c.comment(t.resilience);
  c.line();
  c.comment(t.backoff);
  c.block(
    'export function backoff(p: { delayMs: number; factor: number; jitter: number }) {',
    () => {
      c.line('return (_error: unknown, retryCount: number) =>');
      c.line(
        '  timer(p.delayMs * p.factor ** (retryCount - 1) * (1 + p.jitter * (Math.random() * 2 - 1)));',
      );
    },
  );
  c.line();
  c.comment(t.httpError);
  c.block(
    'export function toHttpError(s: { timeoutStatus: number; errorStatus: number }) {',
    () => {
      c.block(
        'return (error: unknown): Observable<never> => {',
        () => {
          c.line('if (error instanceof HttpException) return throwError(() => error);');
          c.line(
            "if (error instanceof TimeoutError) return throwError(() => new HttpException('Gateway Timeout', s.timeoutStatus));",
          );
          c.line(
            'const message = error instanceof Error ? error.message : (error as { message?: string } | null)?.message;',
          );
          c.line(
            "return throwError(() => new HttpException(message ?? 'Internal server error', s.errorStatus));",
          );
        },
        '};',
      );
    },
  );
  c.line();
  c.comment(t.breakerClass);
  c.block('export class CircuitBreaker {', () => {
    c.line("private state: 'closed' | 'open' | 'half-open' = 'closed';");
    c.line('private failures = 0;');
    c.line('private openedAt = 0;');
    c.line('private trials = 0;');
    c.line();
    c.line(
      'constructor(private readonly p: { failureThreshold: number; openMs: number; halfOpenCalls: number; status: number }) {}',
    );
    c.line();
    c.block('run<T>(call: Observable<T>): Observable<T> {', () => {
      c.block(
        'return defer(() => {',
        () => {
          c.block("if (this.state === 'open') {", () => {
            c.line(
              "if (Date.now() - this.openedAt < this.p.openMs) return throwError(() => new HttpException('Circuit open', this.p.status));",
            );
            c.line("this.state = 'half-open';");
            c.line('this.trials = 0;');
          });
          c.block("if (this.state === 'half-open') {", () => {
            c.line(
              "if (this.trials >= this.p.halfOpenCalls) return throwError(() => new HttpException('Circuit open', this.p.status));",
            );
            c.line('this.trials++;');
          });
          c.line(
            'return call.pipe(tap({ complete: () => this.succeeded(), error: () => this.failed() }));',
          );
        },
        '});',
      );
    });
    c.line();
    c.block('private succeeded() {', () => {
      c.line("this.state = 'closed';");
      c.line('this.failures = 0;');
    });
    c.line();
    c.block('private failed() {', () => {
      c.line('this.failures++;');
      c.block(
        "if (this.state === 'half-open' || this.failures >= this.p.failureThreshold) {",
        () => {
          c.line("this.state = 'open';");
          c.line('this.openedAt = Date.now();');
          c.line('this.failures = 0;');
        },
      );
    });
  });
  return c.file();
}
