import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** A template that runs the action once with `input`, as YAML. */
function createExample(
  input: Record<string, unknown>,
  output?: Record<string, unknown>,
): string {
  return yaml.stringify({
    steps: [
      {
        id: 'create',
        action: 'supabase:project:create',
        name: 'Create Supabase project',
        input,
      },
    ],
    ...(output ? { output } : {}),
  });
}

export const examples: TemplateExample[] = [
  {
    description:
      'Creates a project with a database of its own, which the backend creates on the server that the Secret `pg-server` logs in to.',
    example: createExample({
      name: 'todo-db',
      namespace: 'team-a',
      databaseServerSecret: 'pg-server',
    }),
  },
  {
    description:
      'Creates a project and returns at once, in phase Pending; the backend provisions it in the background.',
    example: createExample({
      name: 'todo-db',
      namespace: 'team-a',
      databaseSecret: 'todo-postgres',
    }),
  },
  {
    description:
      'Creates a project and waits up to 15 minutes for it to be Running, so the template can link to its endpoints.',
    example: createExample(
      {
        name: '${{ parameters.name }}',
        namespace: '${{ parameters.namespace }}',
        databaseSecret: '${{ parameters.databaseSecret }}',
        waitFor: 'Running',
        timeoutSeconds: 900,
      },
      {
        links: [
          {
            title: 'Open project',
            url: '${{ steps.create.output.projectUrl }}',
          },
          { title: 'Studio', url: '${{ steps.create.output.studioUrl }}' },
        ],
      },
    ),
  },
  {
    description:
      'Creates a project with S3 storage, custom SQL run after the Supabase set, strict db-init and a longer JWT lifetime.',
    example: createExample({
      name: 'shop',
      namespace: 'team-b',
      databaseSecret: 'shop-postgres',
      databaseSslMode: 'require',
      storageSecret: 'shop-s3',
      customSqlConfigMap: 'shop-schema',
      dbInitStrict: true,
      jwtExpirySeconds: 7200,
      waitFor: 'Running',
    }),
  },
  {
    description:
      'Overrides component images, replicas, resources and environment.',
    example: createExample({
      name: 'analytics',
      namespace: 'data',
      databaseSecret: 'analytics-postgres',
      components: {
        rest: {
          replicas: 3,
          resources: {
            requests: { cpu: '250m', memory: '256Mi' },
            limits: { memory: '512Mi' },
          },
        },
        auth: {
          image: 'supabase/gotrue:v2.170.0',
          env: { GOTRUE_DISABLE_SIGNUP: 'true' },
        },
        studio: { replicas: 0 },
      },
    }),
  },
  {
    description:
      'Publishes the API on a host over HTTPS, enables edge functions from a ConfigMap, and configures Studio and auth for that host.',
    example: createExample({
      name: 'todo-db',
      namespace: 'team-a',
      databaseSecret: 'todo-postgres',
      ingressHost: 'todo.apps.example.com',
      ingressClassName: 'nginx',
      ingressTlsSecret: 'todo-tls',
      ingressAnnotations: {
        'cert-manager.io/cluster-issuer': 'letsencrypt',
      },
      functionsEnabled: true,
      functionsConfigMap: 'todo-functions',
      studioPublicUrl: 'https://todo.apps.example.com',
      studioBasicAuthSecret: 'todo-dashboard',
      authSiteUrl: 'https://todo.example.com',
      authSmtpSecret: 'todo-smtp',
      authOAuthProviders: { github: { secretRef: 'todo-github-oauth' } },
      dbInitHoldUpgrades: true,
      components: { functions: { replicas: 2 } },
      waitFor: 'Running',
    }),
  },
  {
    description:
      'Waits only until the database is initialized, e.g. to run a data import step next.',
    example: createExample({
      name: 'reports',
      namespace: 'team-a',
      databaseSecret: 'reports-postgres',
      waitFor: 'DeployingSecrets',
      timeoutSeconds: 300,
    }),
  },
];
