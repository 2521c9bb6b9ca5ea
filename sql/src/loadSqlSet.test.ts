import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadSqlSet } from './loadSqlSet';
import { tempDir } from './__testUtils__/tempDir';

describe('loadSqlSet', () => {
  it('loads the upstream-named files after the baseline, in order', () => {
    const set = loadSqlSet();
    expect(set.files.map(f => f.name)).toEqual([
      '00-baseline.sql',
      '00-initial-schema.sql',
      '01-roles.sql',
      '02-jwt.sql',
      '03-logs.sql',
      '04-webhooks.sql',
      '05-realtime.sql',
      '06-pooler.sql',
    ]);
    expect(set.runner).toMatch(/^#!\/bin\/sh/);
    for (const file of set.files) {
      expect(set.initSql).toContain(file.content.trim());
    }
  });

  it('changes its version when a file or the runner changes, and only then', () => {
    const dir = tempDir('sql-set-');
    fs.writeFileSync(path.join(dir, 'run-migrations.sh'), '#!/bin/sh\n');
    fs.writeFileSync(path.join(dir, '01-a.sql'), 'select 1;\n');
    const first = loadSqlSet(dir);
    expect(loadSqlSet(dir).version).toBe(first.version);
    expect(first.files[0].checksum).toBe(
      createHash('sha256').update('select 1;\n').digest('hex'),
    );
    fs.writeFileSync(path.join(dir, '01-a.sql'), 'select 2;\n');
    const second = loadSqlSet(dir);
    expect(second.version).not.toBe(first.version);
    fs.writeFileSync(path.join(dir, 'run-migrations.sh'), '#!/bin/sh\n# new\n');
    expect(loadSqlSet(dir).version).not.toBe(second.version);
  });
});
