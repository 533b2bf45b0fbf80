/**
 * `npm run schema`: writes docs/scenario.schema.json and docs/run.schema.json from the zod schemas, formatted with the
 * project's Prettier settings so `format:check` stays green. Node only (not part of the engine
 * build). Teachers point their files at it with `"$schema": "../docs/scenario.schema.json"`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { runJsonSchema, scenarioJsonSchema } from './index';

for (const [name, schema] of [
  ['scenario', scenarioJsonSchema()],
  ['run', runJsonSchema()],
] as const) {
  const target = fileURLToPath(new URL(`../../docs/${name}.schema.json`, import.meta.url));
  const config = (await resolveConfig(target)) ?? {};
  const text = await format(JSON.stringify(schema, null, 2), { ...config, parser: 'json' });
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
