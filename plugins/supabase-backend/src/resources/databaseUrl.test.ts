import { databaseUrl } from './databaseUrl';

describe('databaseUrl', () => {
  const db = {
    host: 'db.example.com',
    port: '5432',
    database: 'shop db',
    sslMode: 'verify-full',
  };

  it('percent-encodes user, password and database, so any characters work', () => {
    const password = `p'a"s@s:w/o?r#d$x\`y\\z ü%`;
    const url = new URL(databaseUrl(db, 'app@team', password));
    expect(decodeURIComponent(url.username)).toBe('app@team');
    expect(decodeURIComponent(url.password)).toBe(password);
    expect(url.hostname).toBe('db.example.com');
    expect(url.port).toBe('5432');
    expect(decodeURIComponent(url.pathname)).toBe('/shop db');
    expect(url.searchParams.get('sslmode')).toBe('verify-full');
  });

  it('puts an IPv6 host in brackets', () => {
    const url = new URL(databaseUrl({ ...db, host: '::1' }, 'u', 'p'));
    expect(url.hostname).toBe('[::1]');
  });
});
