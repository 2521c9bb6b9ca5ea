import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What an adopter installs carries no test double: the local cluster and
 * the throwaway PostgreSQL are for this package's own tests and the demo.
 */
const DOUBLES = /@supabase-backstage\/local-(cluster|postgres)/;

// A test of this package, run from its source: __dirname is src/.
// eslint-disable-next-line no-restricted-syntax
const PACKAGE_DIR = path.resolve(__dirname, '..');

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(file, keep);
    return keep(file) ? [file] : [];
  });
}

function mentioningDoubles(files: string[]): string[] {
  return files
    .filter(file => DOUBLES.test(fs.readFileSync(file, 'utf8')))
    .map(file => path.relative(PACKAGE_DIR, file));
}

describe('the published package', () => {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'),
  );

  it('depends on no test double, in any form but its own devDependencies', () => {
    const shipped = [
      'dependencies',
      'peerDependencies',
      'optionalDependencies',
      'bundleDependencies',
      'bundledDependencies',
    ].flatMap(field => Object.keys(manifest[field] ?? {}));
    expect(shipped.filter(name => DOUBLES.test(name))).toEqual([]);
    expect(manifest.peerDependenciesMeta ?? {}).toEqual({});
  });

  it('imports no test double from its source, tests aside', () => {
    const source = filesUnder(
      path.join(PACKAGE_DIR, 'src'),
      file =>
        /\.tsx?$/.test(file) &&
        !/\.test\.tsx?$/.test(file) &&
        !file.includes(`${path.sep}__testUtils__${path.sep}`),
    );
    expect(source.length).toBeGreaterThan(10);
    expect(mentioningDoubles(source)).toEqual([]);
  });

  it('builds a dist that imports no test double', () => {
    // TEST_REUSE_BUILD=1: `yarn build:all` has just built every package from
    // this source (scripts/test.sh), so its dist is the one to check. The
    // build bundles the type declarations `yarn tsc` wrote to dist-types.
    const build = process.env.TEST_REUSE_BUILD
      ? { status: 0, stderr: 'built by yarn build:all' }
      : spawnSync(
          process.execPath,
          [
            require.resolve('@backstage/cli/bin/backstage-cli'),
            'package',
            'build',
          ],
          { cwd: PACKAGE_DIR, encoding: 'utf8' },
        );
    expect({ status: build.status, output: build.stderr }).toEqual({
      status: 0,
      output: expect.any(String),
    });
    const dist = filesUnder(path.join(PACKAGE_DIR, 'dist'), file =>
      /\.(js|ts)$/.test(file),
    );
    expect(dist).toContain(path.join(PACKAGE_DIR, 'dist/index.cjs.js'));
    expect(mentioningDoubles(dist)).toEqual([]);
  }, 300_000);
});
