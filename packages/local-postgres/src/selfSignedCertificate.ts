import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Where a self-signed certificate and its key were written. @public */
export interface SelfSignedCertificate {
  certFile: string;
  keyFile: string;
  /** The certificate, PEM: also the CA that clients trust. */
  cert: string;
}

/**
 * Writes a fresh self-signed certificate for `127.0.0.1`, `::1` and
 * `localhost` (and any `altNames`) into `dir`, made with the machine's
 * `openssl`. For local servers only: nothing verifies who made it.
 *
 * @public
 */
export function createSelfSignedCertificate(
  dir: string,
  options: { commonName: string; altNames?: string[] },
): SelfSignedCertificate {
  const keyFile = path.join(dir, 'server.key');
  const certFile = path.join(dir, 'server.crt');
  const altNames = [
    'IP:127.0.0.1',
    'IP:0:0:0:0:0:0:0:1',
    'DNS:localhost',
    ...(options.altNames ?? []),
  ];
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
        `/CN=${options.commonName}`,
        '-addext',
        `subjectAltName=${altNames.join(',')}`,
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
      `A local TLS certificate needs openssl (Debian: apt-get install openssl): ${
        (error as Error).message
      } ${detail}`.trim(),
    );
  }
  fs.chmodSync(keyFile, 0o600);
  return { certFile, keyFile, cert: fs.readFileSync(certFile, 'utf8') };
}
