#!/usr/bin/env node
/*
 * What each plugin would publish: for every package under plugins/, runs
 * `backstage-cli package prepack`, lists the tarball with
 * `npm pack --dry-run --json` and restores package.json with
 * `backstage-cli package postpack`. Fails unless the tarball has the built
 * `dist`, the config schema and the migrations where the package has them,
 * and no test code. Run after `yarn build:all`, and beside nothing that reads
 * the plugins' package.json (prepack rewrites it until postpack). The
 * packages are checked at once: each touches only its own folder, and most
 * of the time is spent starting processes.
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');

const root = path.resolve(__dirname, '..');
const cli = require.resolve('@backstage/cli/bin/backstage-cli', {
  paths: [root],
});

/** Paths that are test code, never shipped. */
const TEST_CODE = [
  /\.test\.[cm]?[jt]sx?$/,
  /(^|\/)__testUtils__\//,
  /(^|\/)__fixtures__\//,
  /(^|\/)dev\//,
  /(^|\/)setupTests\.[jt]s$/,
];

const execFileAsync = promisify(execFile);

async function run(command, args, cwd) {
  const { stdout } = await execFileAsync(command, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/**
 * The package.json as published (prepack compiles a `config.d.ts` schema
 * into `config.schema.json` and points `configSchema` there) and the files
 * `npm pack` would put in the tarball.
 */
async function packed(dir) {
  const manifest = path.join(dir, 'package.json');
  const { atime, mtime } = fs.statSync(manifest);
  await run(process.execPath, [cli, 'package', 'prepack'], dir);
  try {
    const pkg = JSON.parse(fs.readFileSync(manifest));
    const [report] = JSON.parse(
      await run(
        'npm',
        ['pack', '--dry-run', '--json', '--ignore-scripts'],
        dir,
      ),
    );
    return { pkg, files: report.files.map(file => file.path) };
  } finally {
    await run(process.execPath, [cli, 'package', 'postpack'], dir);
    // postpack restores the content; the time too, or the next
    // `scripts/start.sh` takes the manifest for changed and installs again.
    fs.utimesSync(manifest, atime, mtime);
  }
}

/** What is wrong with one package's tarball; empty when nothing is. */
async function problems(dir) {
  const { pkg, files } = await packed(dir);
  const found = [];
  if (!files.some(f => /^dist\/index\.(cjs\.js|esm\.js|d\.ts)$/.test(f))) {
    found.push('no built dist/index (run yarn build:all first)');
  }
  if (!files.includes('dist/index.d.ts')) {
    found.push('no type declarations (dist/index.d.ts)');
  }
  if (
    fs.existsSync(path.join(dir, 'config.d.ts')) &&
    !(pkg.configSchema && files.includes(pkg.configSchema))
  ) {
    found.push('its config schema (config.d.ts) is not packed');
  }
  const migrations = path.join(dir, 'migrations');
  if (fs.existsSync(migrations)) {
    for (const file of fs.readdirSync(migrations)) {
      if (!files.includes(`migrations/${file}`)) {
        found.push(`migration migrations/${file} is not packed`);
      }
    }
  }
  for (const file of files) {
    if (TEST_CODE.some(pattern => pattern.test(file))) {
      found.push(`test code is packed: ${file}`);
    }
  }
  if (!files.includes('README.md')) found.push('no README.md');
  return { name: pkg.name, count: files.length, found };
}

// The plugins named on the command line (their folders), else all of them.
const plugins =
  process.argv.length > 2
    ? process.argv.slice(2).map(dir => path.resolve(dir))
    : fs
        .readdirSync(path.join(root, 'plugins'), { withFileTypes: true })
        .filter(entry =>
          fs.existsSync(path.join(root, 'plugins', entry.name, 'package.json')),
        )
        .map(entry => path.join(root, 'plugins', entry.name));

// Every package settles (its postpack done) before the process exits, even
// when another failed.
Promise.allSettled(plugins.map(problems)).then(results => {
  let failed = false;
  results.forEach((result, index) => {
    if (result.status === 'rejected') {
      failed = true;
      const error = result.reason;
      console.error(`✗ ${plugins[index]}:\n${error.stderr || error}`);
    } else if (result.value.found.length) {
      failed = true;
      const { name, found } = result.value;
      console.error(`✗ ${name}:\n  - ${found.join('\n  - ')}`);
    } else {
      console.log(`✓ ${result.value.name}: ${result.value.count} files`);
    }
  });
  process.exit(failed ? 1 : 0);
});
