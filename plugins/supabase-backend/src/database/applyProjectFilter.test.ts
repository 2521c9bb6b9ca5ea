import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import { RESOURCE_TYPE_SUPABASE_PROJECT } from '@supabase-backstage/plugin-supabase-common';
import {
  supabaseProjectConditions,
  supabaseProjectPermissionRules,
} from '../permissions';
import { DatabaseProjectStore } from './DatabaseProjectStore';
import { ProjectRecord } from './ProjectStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const rules = Object.values(supabaseProjectPermissionRules);
const toFilter = createConditionTransformer(rules);
const admits = createConditionAuthorizer(rules);

const PROJECTS = 1_000;
const OWNERS = [
  'group:default/team-a',
  'group:default/team-b',
  'user:default/alice',
  'group:default/team-c',
];

async function storeWithProjects(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await DatabaseProjectStore.create({
    database: { getClient: async () => knex },
  });
  for (let i = 0; i < PROJECTS; i++) {
    await store.createProject({
      namespace: `ns-${i % 5}`,
      name: `p-${String(i).padStart(4, '0')}`,
      spec: { database: { secretRef: 'db' } },
      owner: OWNERS[i % OWNERS.length],
    });
  }
  return store;
}

/** Every page of a filtered list, `limit` at a time. */
async function readAllPages(
  store: DatabaseProjectStore,
  filter: PermissionCriteria<any>,
  limit: number,
) {
  const seen: ProjectRecord[] = [];
  const counts = new Set<number>();
  for (let offset = 0; ; offset += limit) {
    const page = await store.listProjects({ limit, offset }, filter);
    counts.add(page.totalCount);
    seen.push(...page.items);
    if (page.items.length < limit) break;
  }
  return { seen, counts };
}

describe.each(databases.eachSupportedId())(
  'a conditional decision as a list filter on %p',
  id => {
    let store: DatabaseProjectStore;
    let all: ProjectRecord[];
    beforeAll(async () => {
      store = await storeWithProjects(id);
      all = (await store.listProjects({ limit: 500 })).items.concat(
        (await store.listProjects({ limit: 500, offset: 500 })).items,
      );
    });

    it('holds every project', () => {
      expect(all).toHaveLength(PROJECTS);
    });

    const cases: Array<[string, PermissionCriteria<any>]> = [
      [
        "the caller's ownership refs",
        supabaseProjectConditions.isProjectOwner({
          claims: ['User:default/Alice', 'group:default/team-a'],
        }),
      ],
      [
        'owned, or in a namespace, but not in another',
        {
          allOf: [
            {
              anyOf: [
                supabaseProjectConditions.isProjectOwner({
                  claims: ['group:default/team-b'],
                }),
                supabaseProjectConditions.hasNamespace({ namespace: 'ns-1' }),
              ],
            },
            {
              not: supabaseProjectConditions.hasNamespace({
                namespace: 'ns-2',
              }),
            },
          ],
        },
      ],
      [
        'no ownership at all',
        supabaseProjectConditions.isProjectOwner({ claims: [] }),
      ],
    ];

    it.each(cases)(
      'pages through exactly the projects the rules admit: %s',
      async (_what, conditions) => {
        const decision = {
          result: 'CONDITIONAL' as const,
          pluginId: 'supabase',
          resourceType: RESOURCE_TYPE_SUPABASE_PROJECT,
          conditions,
        };
        const expected = all
          .filter(project => admits(decision as any, project))
          .map(p => p.uid)
          .sort();
        const { seen, counts } = await readAllPages(
          store,
          toFilter(conditions as any),
          37,
        );
        const uids = seen.map(p => p.uid);
        expect(new Set(uids).size).toBe(uids.length); // no project twice
        expect(uids.sort()).toEqual(expected);
        expect([...counts]).toEqual([expected.length]);
      },
    );
  },
);
