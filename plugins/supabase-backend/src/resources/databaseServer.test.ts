import { databaseServerId } from './databaseServer';

describe('databaseServerId', () => {
  const server = { host: 'db.example.com', port: '5432' };

  it('names one server the same from every namespace, and another port as another server', () => {
    expect(databaseServerId(server, 'team-a')).toBe(
      databaseServerId({ host: 'DB.example.com', port: '5432' }, 'team-b'),
    );
    expect(databaseServerId(server, 'team-a')).not.toBe(
      databaseServerId({ ...server, port: '5433' }, 'team-a'),
    );
    expect(databaseServerId(server, 'team-a')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('tells apart Services of one name in two namespaces', () => {
    const service = { host: 'postgres', port: '5432' };
    expect(databaseServerId(service, 'team-a')).not.toBe(
      databaseServerId(service, 'team-b'),
    );
    expect(databaseServerId(service, 'team-a')).toBe(
      databaseServerId({ host: 'postgres.team-a', port: '5432' }, 'team-b'),
    );
  });
});
