import {
  impliesSelector,
  matchesLabels,
  parseLabelSelector,
} from './labelSelector';

const labels = { app: 'web', tier: 'front', 'example.com/team': 'a' };

function matches(selector: string, on: Record<string, string> = labels) {
  return matchesLabels(parseLabelSelector(selector)!, on);
}

describe('label selectors', () => {
  it('matches equality, set and existence requirements as the API server does', () => {
    expect(matches('')).toBe(true);
    expect(matches('app=web')).toBe(true);
    expect(matches('app==web,tier=front')).toBe(true);
    expect(matches('app=web,tier=back')).toBe(false);
    expect(matches('app!=web')).toBe(false);
    expect(matches('missing!=x')).toBe(true);
    expect(matches('tier in (back, front)')).toBe(true);
    expect(matches('tier notin (back,front)')).toBe(false);
    expect(matches('example.com/team')).toBe(true);
    expect(matches('!example.com/team')).toBe(false);
    expect(matches('!missing,app in (web),tier')).toBe(true);
  });

  it('leaves what it cannot read to the API server', () => {
    expect(parseLabelSelector('app=web,=x')).toBeUndefined();
    expect(parseLabelSelector('app in web')).toBeUndefined();
    expect(parseLabelSelector('app>1')).toBeUndefined();
  });

  it('knows a narrower selector from one that may select more', () => {
    const wide = parseLabelSelector('part=s,managed=b')!;
    expect(
      impliesSelector(parseLabelSelector('managed=b,part=s,x=1')!, wide),
    ).toBe(true);
    expect(impliesSelector(parseLabelSelector('part=s')!, wide)).toBe(false);
    expect(
      impliesSelector(parseLabelSelector('part in (s,t),managed=b')!, wide),
    ).toBe(false);
    expect(impliesSelector(parseLabelSelector('job-name=x')!, wide)).toBe(
      false,
    );
  });
});
