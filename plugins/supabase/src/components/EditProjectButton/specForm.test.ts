import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';
import {
  applyForm,
  formFromSpec,
  parseSpecJson,
  validateForm,
} from './specForm';

const spec: ProjectSpec = {
  database: { secretRef: 'shop-db' },
  ingress: { host: 'shop.example.com', className: 'nginx' },
  dbInit: { holdUpgrades: true },
  functions: { enabled: false, configMapRef: 'shop-functions' },
  components: { rest: { replicas: 2 } },
};

describe('specForm', () => {
  it('leaves the spec as it is when nothing changed', () => {
    expect(applyForm(spec, formFromSpec(spec))).toEqual(spec);
  });

  it('removes what is cleared, and objects left empty', () => {
    const values = formFromSpec(spec);
    values.components.rest.replicas = '';
    values.holdUpgrades = false;
    values.ingressHost = '';
    expect(applyForm(spec, values)).toEqual({
      database: { secretRef: 'shop-db' },
      functions: { enabled: false, configMapRef: 'shop-functions' },
    });
  });

  it('sets what is typed, creating the objects it needs', () => {
    const values = formFromSpec(spec);
    values.components.studio.image = ' supabase/studio:1.2 ';
    values.components.meta.replicas = '0';
    values.functionsEnabled = true;
    values.ingressTlsSecretRef = 'shop-tls';
    values.studioPublicUrl = 'https://studio.example.com';
    expect(applyForm(spec, values)).toEqual({
      ...spec,
      ingress: { ...spec.ingress, tlsSecretRef: 'shop-tls' },
      functions: { enabled: true, configMapRef: 'shop-functions' },
      studio: { publicUrl: 'https://studio.example.com' },
      components: {
        rest: { replicas: 2 },
        studio: { image: 'supabase/studio:1.2' },
        meta: { replicas: 0 },
      },
    });
  });

  it('switches the legacy keys; a spec without the switch has them on', () => {
    const values = formFromSpec(spec);
    expect(values.legacyApiKeys).toBe(true);
    values.legacyApiKeys = false;
    expect(applyForm(spec, values)).toEqual({
      ...spec,
      apiKeys: { legacy: false },
    });
    const off = { ...spec, apiKeys: { legacy: false } };
    const on = formFromSpec(off);
    expect(on.legacyApiKeys).toBe(false);
    on.legacyApiKeys = true;
    expect(applyForm(off, on).apiKeys).toEqual({ legacy: true });
  });

  it('names the fields that are out of bounds', () => {
    const values = formFromSpec({ database: { secretRef: 'db' } });
    values.components.kong.replicas = '1.5';
    values.components.auth.replicas = '-1';
    values.ingressTlsSecretRef = 'tls';
    expect(validateForm(values)).toEqual([
      'components.kong.replicas must be a whole number from 0 to 10',
      'components.auth.replicas must be a whole number from 0 to 10',
      'ingress.tlsSecretRef needs ingress.host',
    ]);
  });

  it('accepts only a JSON object as the spec', () => {
    expect(parseSpecJson('{"database":{"secretRef":"db"}}')).toEqual({
      spec: { database: { secretRef: 'db' } },
    });
    expect(parseSpecJson('[]')).toEqual({
      error: 'The spec must be a JSON object',
    });
    expect(parseSpecJson('{')).toHaveProperty(
      'error',
      expect.stringMatching(/^The spec is not valid JSON/),
    );
  });
});
