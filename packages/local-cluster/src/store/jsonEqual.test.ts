import { jsonEqual } from './jsonEqual';

describe('jsonEqual', () => {
  it('is true for values that serialize to the same JSON', () => {
    expect(
      jsonEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }),
    ).toBe(true);
    expect(jsonEqual({ a: 1, gone: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual(null, null)).toBe(true);
    expect(jsonEqual('x', 'x')).toBe(true);
  });

  it('is false for values that serialize differently', () => {
    expect(jsonEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
  });
});
