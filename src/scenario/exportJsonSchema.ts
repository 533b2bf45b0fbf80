/**
 * `npm run schema`: writes docs/scenario.schema.json from the zod schema, formatted with the
 * project's Prettier settings so `format:check` stays green. Node only (not part of the engine
 * build). Teachers point their files at it with `"$schema": "../docs/scenario.schema.json"`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { scenarioJsonSchema } from './index';

const target = fileURLToPath(new URL('../../docs/scenario.schema.json', import.meta.url));
const config = (await resolveConfig(target)) ?? {};
const text = await format(JSON.stringify(scenarioJsonSchema(), null, 2), {
  ...config,
  parser: 'json',
});
writeFileSync(target, text);
console.log(`wrote ${target}`);
