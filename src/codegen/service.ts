/**
 * One NestJS microservice per scenario service: `main.ts` (`createMicroservice` with the
 * transport's server options), the controller (`@MessagePattern`, `@EventPattern` or
 * `@GrpcMethod`, `@Ctx()` with the transport's context, manual acks on rmq `noAck: false`) and a
 * `work()` helper that simulates the scenario's latency and failure rate.
 */
import type { HandlerSpec, ServiceSpec, SimModel } from '../engine/types';
import { grpcMethodName } from '../shared';
import { Code, literal, q } from './code';
import {
  appDir,
  controllerClass,
  controllerFile,
  grpcNames,
  grpcRpcs,
  methodName,
  type PortPlan,
} from './names';
import { writeOptions } from './options';
import { CONTEXT_TYPE, CONTEXT_WHERE, serverOptions, TRANSPORT_ENUM } from './transports';
import type { Texts } from './texts';
import type { CodeFile } from './types';
import {
  grpcClientInterfaces,
  writeCalls,
  writeClientMembers,
  writeClientsModule,
  type CallClients,
} from './calls';

const byName = (a: string, b: string) =>
  a.replace(/^type /, '').localeCompare(b.replace(/^type /, ''));

export function serviceMain(s: ServiceSpec, plan: PortPlan | undefined, t: Texts): CodeFile {
  const c = new Code(`${appDir(s)}/src/main.ts`);
  const opts = serverOptions(s, plan, t);
  const uses = (name: string) => opts.some((o) => new RegExp(`\\b${name}\\b`).test(o.code));
  const envNames = ['INSTANCE', ...(uses('PORT') ? ['PORT'] : [])];
  c.line("import 'reflect-metadata';");
  if (s.transport.kind === 'grpc') c.line("import { fileURLToPath } from 'node:url';");
  c.line("import { NestFactory } from '@nestjs/core';");
  c.line("import { Transport, type MicroserviceOptions } from '@nestjs/microservices';");
  c.line("import { AppModule } from './app.module.js';");
  c.line(`import { ${envNames.join(', ')} } from './env.js';`);
  c.line();
  c.comment(t.serviceMain);
  c.block(
    'const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {',
    () => {
      c.line(`transport: Transport.${TRANSPORT_ENUM[s.transport.kind]},`);
      writeOptions(c, opts);
    },
    '});',
  );
  c.line('await app.listen();');
  c.line(`console.log(\`\${INSTANCE} is listening (${s.transport.kind})\`);`);
  return c.file();
}

export function serviceEnv(s: ServiceSpec, plan: PortPlan | undefined): CodeFile {
  const c = new Code(`${appDir(s)}/src/env.ts`);
  c.line(`export const INSTANCE = process.env.INSTANCE ?? ${q(`${s.id}#1`)};`);
  if (plan) c.line(`export const PORT = Number(process.env.PORT ?? ${plan.base});`);
  return c.file();
}

export function serviceModule(s: ServiceSpec, t: Texts, cc?: CallClients): CodeFile {
  const c = new Code(`${appDir(s)}/src/app.module.ts`);
  c.line("import { Module } from '@nestjs/common';");
  if (cc?.targets.some((x) => x.transport.kind === 'grpc'))
    c.line("import { fileURLToPath } from 'node:url';");
  if (cc) c.line("import { ClientsModule, Transport } from '@nestjs/microservices';");
  c.line(`import { ${controllerClass(s)} } from './${controllerFile(s)}.js';`);
  c.line();
  if (cc)
    c.block(
      '@Module({',
      () => {
        writeClientsModule(c, cc, t);
        c.line(`controllers: [${controllerClass(s)}],`);
      },
      '})',
    );
  else c.line(`@Module({ controllers: [${controllerClass(s)}] })`);
  c.line('export class AppModule {}');
  return c.file();
}

export function workHelper(s: ServiceSpec, t: Texts): CodeFile {
  const c = new Code(`${appDir(s)}/src/work.ts`);
  c.comment(t.work);
  c.block(
    'export async function work(spec: { meanMs: number; jitterMs: number; failureRate?: number; fail?: () => Error }): Promise<void> {',
    () => {
      c.line('const ms = Math.max(0, spec.meanMs + spec.jitterMs * (Math.random() * 2 - 1));');
      c.line('await new Promise((resolve) => setTimeout(resolve, ms));');
      c.line('if (spec.fail && Math.random() < (spec.failureRate ?? 0)) throw spec.fail();');
    },
  );
  return c.file();
}

const fails = (h: HandlerSpec) => h.failureRate > 0;
const workCall = (h: HandlerSpec) =>
  fails(h)
    ? `await work({ meanMs: ${h.latency.mean}, jitterMs: ${h.latency.jitter}, failureRate: ${h.failureRate}, fail: () => new ${h.failure.type === 'rpc' ? 'RpcException' : 'Error'}(${q(h.failure.message)}) });`
    : `await work({ meanMs: ${h.latency.mean}, jitterMs: ${h.latency.jitter} });`;

/** Unique method names for the handlers (two handlers of one pattern get a suffix). */
function handlerMethods(handlers: readonly HandlerSpec[]): string[] {
  const seen = new Map<string, number>();
  return handlers.map((h) => {
    const base =
      h.kind === 'event'
        ? `on${methodName(h.pattern).replace(/^./, (x) => x.toUpperCase())}`
        : methodName(h.pattern);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}${n}`;
  });
}

export function serviceController(s: ServiceSpec, t: Texts, cc?: CallClients): CodeFile {
  const kind = s.transport.kind;
  const c = new Code(`${appDir(s)}/src/${controllerFile(s)}.ts`);
  const grpc = kind === 'grpc';
  const ctxType = CONTEXT_TYPE[kind];
  const manualAck = kind === 'rmq' && s.transport.options.noAck === false;
  const handlers = grpc ? s.handlers.filter((h) => h.kind === 'request') : s.handlers;
  const names = handlerMethods(handlers);
  const rxjs = new Set<string>();
  const common = new Set(['Controller']);
  const clients = new Set<string>();
  const calls = (h: HandlerSpec, payload: string) => {
    if (cc) writeCalls(c, h, cc, payload, t, rxjs);
  };

  c.line('@Controller()');
  c.block(
    `export class ${controllerClass(s)}${cc && cc.targets.some((x) => x.transport.kind === 'grpc' || x.transport.kind === 'kafka') ? ' implements OnModuleInit' : ''} {`,
    () => {
      if (cc) {
        writeClientMembers(c, cc, t, { common, micro: clients });
        if (handlers.length) c.line();
      }
      if (s.capacity)
        c.comment(
          t.capacity(
            s.capacity.concurrency,
            Number.isFinite(s.capacity.queue) ? s.capacity.queue : null,
          ),
        );
      if (grpc)
        for (const h of s.handlers.filter((x) => x.kind === 'event'))
          c.comment(t.grpcEventSkipped(h.pattern));
      handlers.forEach((h, i) => {
        if (i > 0 || s.capacity || (grpc && handlers.length !== s.handlers.length)) c.line();
        c.comment(
          t.handler(
            h.kind === 'request' ? '@MessagePattern' : '@EventPattern',
            h.latency.mean,
            h.latency.jitter,
            h.failureRate,
          ),
        );
        if (h.idempotent) c.comment(t.idempotent);
        if (grpc) {
          const g = grpcNames(s);
          c.line(`@GrpcMethod(${q(g.service)}, ${q(grpcMethodName(h))})`, h.pattern);
          if (h.stream && h.stream > 1) {
            rxjs.add('concatMap').add('from').add('type Observable');
            const values = literal(Array.from({ length: h.stream }, (_, k) => k + 1));
            c.comment(t.stream(h.stream));
            c.block(`${names[i]}(request: GrpcRequest): Observable<GrpcReply> {`, () => {
              c.line(grpcLog(g.service, h));
              c.line(
                `return from(${workCall(h)
                  .replace(/^await /, '')
                  .replace(/;$/, '')}).pipe(`,
              );
              c.line(
                `  concatMap(() => ${values}.map((n) => ({ instance: INSTANCE, json: JSON.stringify(n) }))),`,
              );
              c.line(');');
            });
          } else
            c.block(`async ${names[i]}(request: GrpcRequest): Promise<GrpcReply> {`, () => {
              c.line(grpcLog(g.service, h));
              c.line(workCall(h));
              calls(h, 'request');
              c.line(
                `return { instance: INSTANCE, json: JSON.stringify({ pattern: ${q(h.pattern)}, request }) };`,
              );
            });
          return;
        }
        if (h.kind === 'event' && handlers.findIndex((x) => x.kind === 'event') === i)
          c.comment(t.eventTyping);
        const decorator = h.kind === 'request' ? 'MessagePattern' : 'EventPattern<string>';
        c.line(`@${decorator}(${q(h.pattern)})`, h.pattern);
        c.block(`async ${names[i]}(@Payload() data: unknown, @Ctx() context: ${ctxType}) {`, () => {
          c.line(
            `console.log(\`\${INSTANCE} handles ${h.pattern.replace(/[`$\\]/g, '')} from \${${CONTEXT_WHERE[kind]}}\`);`,
          );
          if (manualAck && h.ack) {
            c.comment(t.ack);
            c.line('const channel = context.getChannelRef();');
            c.line('const message = context.getMessage();');
            if (h.requeueOnFailure) {
              c.block(
                'try {',
                () => {
                  c.line(workCall(h));
                  calls(h, 'data');
                },
                '} catch (error) {',
              );
              c.depthIn(() => {
                c.comment(t.requeue);
                c.line('channel.nack(message, false, true);');
                c.line('throw error;');
              });
              c.line('}');
              c.line('channel.ack(message);');
            } else {
              c.block(
                'try {',
                () => {
                  c.line(workCall(h));
                  calls(h, 'data');
                },
                '} finally {',
              );
              c.depthIn(() => c.line('channel.ack(message);'));
              c.line('}');
            }
          } else {
            if (manualAck) c.comment(t.neverAcked);
            c.line(workCall(h));
            calls(h, 'data');
          }
          if (h.kind === 'event') return;
          if (h.stream && h.stream > 1) {
            rxjs.add('of');
            c.comment(t.stream(h.stream));
            c.line(`return of(${Array.from({ length: h.stream }, (_, k) => k + 1).join(', ')});`);
          } else c.line(`return { instance: INSTANCE, pattern: ${q(h.pattern)}, data };`);
        });
      });
    },
  );

  const micro = grpc
    ? [
        'GrpcMethod',
        ...(handlers.some((h) => fails(h) && h.failure.type === 'rpc') ? ['RpcException'] : []),
      ]
    : [
        'Ctx',
        ...(handlers.some((h) => h.kind === 'event') ? ['EventPattern'] : []),
        ...(handlers.some((h) => h.kind === 'request') ? ['MessagePattern'] : []),
        'Payload',
        ...(handlers.some((h) => fails(h) && h.failure.type === 'rpc') ? ['RpcException'] : []),
        ctxType!,
      ];
  const header = [`import { ${[...common].sort(byName).join(', ')} } from '@nestjs/common';`];
  const microAll = [...(handlers.length > 0 ? micro : []), ...clients];
  if (microAll.length > 0)
    header.push(
      `import { ${[...new Set(microAll)].sort(byName).join(', ')} } from '@nestjs/microservices';`,
    );
  const grpcClients = cc ? grpcClientInterfaces(cc) : [];
  if (grpcClients.length) rxjs.add('type Observable');
  if (rxjs.size > 0) header.push(`import { ${[...rxjs].sort(byName).join(', ')} } from 'rxjs';`);
  if (handlers.length > 0) header.push("import { INSTANCE } from './env.js';");
  if ((handlers.length > 0 && grpc) || grpcClients.length)
    header.push("import type { GrpcReply, GrpcRequest } from './grpc.js';");
  if (handlers.length > 0) header.push("import { work } from './work.js';");
  c.prepend([...header, '', ...grpcClients]);
  return c.file();
}

/** The request and reply messages of the .proto, as TypeScript (one copy per app). */
export function grpcTypes(dir: string, t: Texts): CodeFile {
  const c = new Code(`${dir}/src/grpc.ts`);
  c.comment(t.grpcTypes);
  c.line('export interface GrpcRequest {');
  c.line('  params: Record<string, string>;');
  c.line('  body: string;');
  c.line('}');
  c.comment(t.grpcReply);
  c.line('export interface GrpcReply {');
  c.line('  instance: string;');
  c.line('  json: string;');
  c.line('}');
  return c.file();
}

/** The log line every generated handler writes (the conformance harness counts them). */
const grpcLog = (service: string, h: HandlerSpec) =>
  `console.log(\`\${INSTANCE} handles ${h.pattern.replace(/[`$\\]/g, '')} from ${service}/${grpcMethodName(h)}\`);`;

export function protoFile(model: SimModel, s: ServiceSpec, t: Texts): CodeFile {
  const g = grpcNames(s);
  const c = new Code(g.protoFile);
  c.line('syntax = "proto3";');
  c.line();
  c.line(`package ${g.package};`);
  c.line();
  c.block(`service ${g.service} {`, () => {
    for (const rpc of grpcRpcs(model, s)) {
      if (!rpc.implemented) c.comment(t.grpcUnimplemented(rpc.method, s.id));
      c.line(
        `rpc ${rpc.method} (Request) returns (${rpc.streams ? 'stream ' : ''}Reply);`,
        rpc.pattern,
      );
    }
  });
  c.line();
  c.line('message Request {');
  c.line('  map<string, string> params = 1;');
  c.line('  string body = 2;');
  c.line('}');
  c.line();
  c.line('message Reply {');
  c.line('  string instance = 1;');
  c.line('  string json = 2;');
  c.line('}');
  return c.file();
}
