import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

/**
 * A new folder in the system's temporary folder, removed once the test file
 * that asked for it is done.
 */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Makes a folder and what it holds writable again (a set copy is read-only, as a ConfigMap mount is). */
function makeWritable(dir: string) {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(entryPath);
    else fs.chmodSync(entryPath, 0o644);
  }
}

afterAll(() => {
  for (const dir of made.splice(0)) {
    if (!fs.existsSync(dir)) continue;
    makeWritable(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
