/**
 * The workspace around the apps: root and per-app package.json (NestJS 12 pinned, ESM), the
 * tsconfig files, docker-compose.yml for the brokers and the script that starts N instances.
 */
import { callTargets } from './calls';
import type { ServiceSpec, SimModel } from '../engine/types';
import { brokerKinds, usedPackages } from './deps';
import { appDir, GATEWAY_DIR, kebab, type PortPlan } from './names';
import { IMAGES, VERSIONS, type PackageName } from './versions';
import type { ProjectFile } from './types';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const pin = (names: readonly PackageName[]) =>
  Object.fromEntries([...names].sort().map((n) => [n, VERSIONS[n]]));

/** Compiler options every app shares: NestJS 12 is ESM-only, decorators need metadata. */
export const TSCONFIG_BASE = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    skipLibCheck: true,
    types: ['node'],
    sourceMap: true,
  },
};

export const projectName = (model: SimModel) => kebab(model.title.en);

export function rootFiles(model: SimModel, plans: Map<string, PortPlan>): ProjectFile[] {
  const name = projectName(model);
  const scripts: Record<string, string> = {
    build: `tsc -b ${[GATEWAY_DIR, ...model.services.map(appDir)].join(' ')}`,
    'start:gateway': `node ${GATEWAY_DIR}/dist/main.js`,
  };
  for (const s of model.services) {
    const plan = plans.get(s.id);
    const args = [s.id, String(Math.max(1, s.replicas))];
    if (plan) args.push('--port', String(plan.base), '--step', String(plan.step));
    scripts[`start:${kebab(s.id)}`] = `node scripts/instances.mjs ${args.join(' ')}`;
  }
  if (brokerKinds(model).length) {
    scripts['broker:up'] = 'docker compose up -d';
    scripts['broker:down'] = 'docker compose down';
  }
  const files: ProjectFile[] = [
    {
      path: 'package.json',
      contents: json({
        name,
        private: true,
        type: 'module',
        workspaces: [GATEWAY_DIR, ...model.services.map(appDir)],
        scripts,
        devDependencies: pin(['typescript', '@types/node']),
        engines: { node: '>=20.19' },
      }),
    },
    { path: 'tsconfig.base.json', contents: json(TSCONFIG_BASE) },
    { path: 'scripts/instances.mjs', contents: INSTANCES_SCRIPT },
    { path: '.gitignore', contents: 'node_modules/\ndist/\n*.tsbuildinfo\n' },
  ];
  const compose = composeFile(model);
  if (compose) files.push({ path: 'docker-compose.yml', contents: compose });
  return files;
}

function appPackage(name: string, deps: readonly PackageName[]): string {
  return json({
    name,
    private: true,
    type: 'module',
    main: 'dist/main.js',
    scripts: { build: 'tsc -b', start: 'node dist/main.js' },
    dependencies: pin(deps),
  });
}

const appTsconfig = json({
  extends: '../../tsconfig.base.json',
  compilerOptions: { rootDir: 'src', outDir: 'dist' },
  include: ['src'],
});

export function gatewayPackageFiles(model: SimModel): ProjectFile[] {
  const kinds = model.services.filter((s) => model.routes.some((r) => r.to.includes(s.id)));
  return [
    {
      path: `${GATEWAY_DIR}/package.json`,
      contents: appPackage(`${projectName(model)}-gateway`, [
        ...usedPackages(kinds),
        '@nestjs/platform-express',
      ]),
    },
    { path: `${GATEWAY_DIR}/tsconfig.json`, contents: appTsconfig },
  ];
}

export function servicePackageFiles(model: SimModel, s: ServiceSpec): ProjectFile[] {
  return [
    {
      path: `${appDir(s)}/package.json`,
      // A service that calls others needs their transports' client libraries too.
      contents: appPackage(
        `${projectName(model)}-${kebab(s.id)}`,
        usedPackages([s, ...callTargets(model, s)]),
      ),
    },
    { path: `${appDir(s)}/tsconfig.json`, contents: appTsconfig },
  ];
}

/** docker-compose.yml with one container per broker the services use (null: tcp/grpc only). */
export function composeFile(model: SimModel): string | null {
  const kinds = brokerKinds(model);
  if (kinds.length === 0) return null;
  const partitions = Math.max(
    1,
    ...model.services
      .filter((s) => s.transport.kind === 'kafka')
      .map((s) => s.transport.options.partitions ?? 1),
  );
  const blocks: Record<(typeof kinds)[number], string[]> = {
    redis: [`  redis:`, `    image: ${IMAGES.redis}`, `    ports: ['6379:6379']`],
    nats: [`  nats:`, `    image: ${IMAGES.nats}`, `    ports: ['4222:4222']`],
    rmq: [
      `  rabbitmq:`,
      `    image: ${IMAGES.rmq}`,
      `    ports: ['5672:5672', '15672:15672'] # management UI: http://localhost:15672 (guest/guest)`,
    ],
    mqtt: [
      `  mosquitto:`,
      `    image: ${IMAGES.mqtt}`,
      `    command: mosquitto -c /mosquitto-no-auth.conf`,
      `    ports: ['1883:1883']`,
    ],
    kafka: [
      `  kafka:`,
      `    image: ${IMAGES.kafka}`,
      `    ports: ['9092:9092']`,
      `    environment:`,
      `      KAFKA_NUM_PARTITIONS: ${partitions} # partitions of each auto-created topic`,
    ],
  };
  return ['services:', ...kinds.flatMap((k) => blocks[k])].join('\n') + '\n';
}

/**
 * Starts N processes of one service's app, each with INSTANCE=<service>#i and, for tcp/grpc,
 * PORT = base + (i − 1) × step. Prints each pid so a learner can kill one instance.
 */
const INSTANCES_SCRIPT = `// usage: node scripts/instances.mjs <service> <count> [--port <base> --step <0|1>]
// Starts <count> processes of apps/<service>, named INSTANCE=<service>#1…#<count>.
// tcp/grpc: instance i listens on PORT = base + (i - 1) * step (PORT_STEP overrides step).
// Kill one with the pid it prints (kill <pid>); Ctrl+C stops them all.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [service, countText = '1', ...rest] = process.argv.slice(2);
if (!service) {
  console.error('usage: node scripts/instances.mjs <service> <count> [--port <base> --step <0|1>]');
  process.exit(2);
}
const flag = (name) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const count = Number(countText);
const base = flag('--port') === undefined ? undefined : Number(flag('--port'));
const step = Number(process.env.PORT_STEP ?? flag('--step') ?? 1);
const main = fileURLToPath(new URL(\`../apps/\${service.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}/dist/main.js\`, import.meta.url));

const children = [];
for (let i = 1; i <= count; i++) {
  const env = { ...process.env, INSTANCE: \`\${service}#\${i}\` };
  if (base !== undefined) env.PORT = String(base + (i - 1) * step);
  const child = spawn(process.execPath, [main], { env, stdio: 'inherit' });
  children.push(child);
  console.log(\`\${env.INSTANCE} pid \${child.pid}\${env.PORT ? \` port \${env.PORT}\` : ''}  (kill \${child.pid} to stop it)\`);
  child.on('exit', (code, signal) => console.log(\`\${env.INSTANCE} exited (\${signal ?? code})\`));
}
process.on('SIGINT', () => {
  for (const c of children) c.kill();
  process.exit(0);
});
`;
