import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'testing' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * `npm run simulate` runs the sources with tsx, which does not see the workspace's path aliases
 * (there is no root tsconfig.json). So the lib may use the contracts' types but must not need them at run time.
 */
describe('runtime imports', () => {
  it.each(
    sourceFiles(__dirname).map((f) => [f.slice(__dirname.length + 1), f]),
  )('%s imports @mailpulse/contracts for types only', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const valueImports =
      source.match(
        /^import\s+(?!type\b)[^;]*from\s+'@mailpulse\/contracts';/gm,
      ) ?? [];
    expect(valueImports).toEqual([]);
  });
});
