import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configVariables } from './config.schema';

describe('README configuration table', () => {
  const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');

  it.each(Object.keys(configVariables))('documents %s', (name) => {
    expect(readme).toMatch(new RegExp(`\\| \`${name}\` \\|`));
  });
});
