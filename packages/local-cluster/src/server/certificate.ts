import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A self-signed serving certificate: it is also the CA clients trust. */
export interface ServingCertificate {
  cert: string;
  key: string;
}

/**
 * Makes a fresh certificate for `127.0.0.1` and `localhost` with the
 * machine's `openssl` (Kubernetes clients refuse plain HTTP, and send
 * tokens only over TLS).
 */
export function createServingCertificate(dir: string): ServingCertificate {
  const keyFile = path.join(dir, 'serving.key');
  const certFile = path.join(dir, 'serving.crt');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '365',
        '-subj',
        '/CN=local-cluster',
        '-addext',
        'subjectAltName=IP:127.0.0.1,IP:0:0:0:0:0:0:0:1,DNS:localhost',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(
      `local-cluster needs openssl to make its TLS certificate (Debian: apt-get install openssl): ${
        (error as Error).message
      } ${detail}`.trim(),
    );
  }
  const cert = fs.readFileSync(certFile, 'utf8');
  const key = fs.readFileSync(keyFile, 'utf8');
  fs.rmSync(keyFile);
  return { cert, key };
}
