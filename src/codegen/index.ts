/**
 * NestJS 12 code from a compiled scenario (`SimModel`): the whole runnable project
 * (`generateProject`) and the files behind one canvas node (`codeForNode`, for the code panel).
 * Pure: no DOM, no Node APIs — it runs in a lazy browser chunk and in the CLI alike.
 */
import type { SimModel } from '../engine/types';
import { lbService, parseInstanceId, type Lang } from '../shared';
import {
  calledServices,
  gatewayController,
  gatewayMain,
  gatewayModule,
  resilienceFile,
} from './gateway';
import { callTargets } from './calls';
import { GATEWAY_DIR, portPlan } from './names';
import { gatewayPackageFiles, rootFiles, servicePackageFiles } from './project';
import { readme } from './readme';
import {
  grpcTypes,
  protoFile,
  serviceController,
  serviceEnv,
  serviceMain,
  serviceModule,
  workHelper,
} from './service';
import { texts } from './texts';
import type { CodeFile, CodegenOptions, GeneratedProject, ProjectFile } from './types';

export type { CodeFile, CodegenOptions, GeneratedProject, ProjectFile } from './types';
export { VERSIONS } from './versions';
export { calledServices } from './gateway';

function gatewayFiles(model: SimModel, lang: Lang): CodeFile[] {
  const t = texts(lang);
  const plans = portPlan(model);
  const files = [gatewayModule(model, plans, t), gatewayController(model, t), gatewayMain(t)];
  if (files[1]!.contents.includes("from './resilience.js'")) files.push(resilienceFile(t));
  if (calledServices(model).some((s) => s.transport.kind === 'grpc'))
    files.push(grpcTypes(GATEWAY_DIR, t));
  return files;
}

function serviceFiles(model: SimModel, serviceId: string, lang: Lang): CodeFile[] {
  const s = model.services.find((x) => x.id === serviceId);
  if (!s) return [];
  const t = texts(lang);
  const plans = portPlan(model);
  const plan = plans.get(s.id);
  const targets = callTargets(model, s);
  const cc = targets.length ? { caller: s, targets, plans } : undefined;
  const files = [
    serviceController(s, t, cc),
    serviceMain(s, plan, t),
    serviceModule(s, t, cc),
    serviceEnv(s, plan),
    workHelper(s, t),
  ];
  const dir = files[0]!.path.replace(/\/src\/.*$/, '');
  if (s.transport.kind === 'grpc') files.push(protoFile(model, s, t), grpcTypes(dir, t));
  else if (targets.some((x) => x.transport.kind === 'grpc')) files.push(grpcTypes(dir, t));
  return files;
}

/**
 * The code behind a canvas node, most telling file first: the gateway's module and controller;
 * a service's (or one instance's, `orders#2`, or its balancer's, `lb:orders`) controller, main.ts
 * and .proto; the broker's docker-compose.yml. Unknown ids and the HTTP client give [].
 */
export function codeForNode(model: SimModel, nodeId: string, lang: Lang): CodeFile[] {
  if (nodeId === model.gateway.id) return gatewayFiles(model, lang);
  if (model.broker && nodeId === model.broker.id) {
    const compose = rootFiles(model, portPlan(model)).find((f) => f.path === 'docker-compose.yml');
    return compose ? [compose] : [];
  }
  const service = lbService(nodeId) ?? parseInstanceId(nodeId)?.service ?? nodeId;
  return serviceFiles(model, service, lang);
}

const strip = ({ path, contents }: CodeFile): ProjectFile => ({ path, contents });

/** The whole npm workspace: gateway app, one app per service, compose file, scripts, README. */
export function generateProject(model: SimModel, options: CodegenOptions): GeneratedProject {
  const plans = portPlan(model);
  const files: ProjectFile[] = [
    ...rootFiles(model, plans),
    { path: 'README.md', contents: readme(model, plans, options.lang) },
    ...gatewayPackageFiles(model),
    ...gatewayFiles(model, options.lang).map(strip),
  ];
  const protos = new Set<string>();
  for (const s of model.services) {
    files.push(...servicePackageFiles(model, s));
    for (const f of serviceFiles(model, s.id, options.lang))
      if (!f.path.startsWith('proto/') || !protos.has(f.path)) {
        protos.add(f.path);
        files.push(strip(f));
      }
  }
  return { files };
}
