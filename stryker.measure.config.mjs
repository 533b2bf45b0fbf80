import base from './stryker.config.mjs';
export default {
  ...base,
  vitest: { configFile: 'vitest.measure.config.ts' },
  timeoutMS: 15000,
  timeoutFactor: 2,
  reporters: ['progress', 'json', 'html', 'clear-text'],
};
