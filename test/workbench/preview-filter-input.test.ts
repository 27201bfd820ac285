import { describe, expect, it } from 'vitest';
import { parseFilterInput } from '../../renderer/preview/filter-input.js';

const amount = { name: 'amount', type: 'DECIMAL(10,2)' };
const region = { name: 'region', type: 'VARCHAR' };
const day = { name: 'day', type: 'DATE' };
const at = { name: 'at', type: 'TIMESTAMP' };
const paid = { name: 'paid', type: 'BOOLEAN' };

describe("what is typed in a preview column's filter box (issue 19)", () => {
  it('reads numbers, bounds and ranges for a numeric column', () => {
    expect(parseFilterInput(amount, ' 5 ')).toEqual({ ok: true, filter: { column: 'amount', op: 'eq', value: 5 } });
    expect(parseFilterInput(amount, '= 2.5')).toEqual({ ok: true, filter: { column: 'amount', op: 'eq', value: 2.5 } });
    expect(parseFilterInput(amount, '>=10')).toEqual({ ok: true, filter: { column: 'amount', op: 'range', min: 10 } });
    expect(parseFilterInput(amount, '<= -1')).toEqual({ ok: true, filter: { column: 'amount', op: 'range', max: -1 } });
    expect(parseFilterInput(amount, '1..10')).toEqual({ ok: true, filter: { column: 'amount', op: 'range', min: 1, max: 10 } });
    expect(parseFilterInput(amount, '')).toEqual({ ok: true, filter: null });
  });

  it('names text that does not fit the column', () => {
    expect(parseFilterInput(amount, 'lots')).toEqual({ ok: false, error: '“lots” is not a number (amount is DECIMAL(10,2)); type 5, >=5, 1..10' });
    expect(parseFilterInput(amount, '..')).toMatchObject({ ok: false, error: expect.stringContaining('“..” has no bound') });
    expect(parseFilterInput(day, 'March')).toMatchObject({ ok: false, error: expect.stringContaining('“March” is not a date (day is DATE)') });
    expect(parseFilterInput(paid, 'yes')).toEqual({ ok: false, error: '“yes” is not true or false (paid is BOOLEAN)' });
  });

  it('searches text, or matches it exactly after =', () => {
    expect(parseFilterInput(region, 'nor')).toEqual({ ok: true, filter: { column: 'region', op: 'contains', value: 'nor' } });
    expect(parseFilterInput(region, "= O'Brien")).toEqual({ ok: true, filter: { column: 'region', op: 'eq', value: "O'Brien" } });
  });

  it('reads dates, a day of a timestamp as the whole day, and booleans', () => {
    expect(parseFilterInput(day, '2024-02-01..2024-02-29')).toEqual({ ok: true, filter: { column: 'day', op: 'range', min: '2024-02-01', max: '2024-02-29' } });
    expect(parseFilterInput(at, '2024-02-10')).toEqual({ ok: true, filter: { column: 'at', op: 'range', min: '2024-02-10', max: '2024-02-10 23:59:59.999999' } });
    expect(parseFilterInput(paid, 'TRUE')).toEqual({ ok: true, filter: { column: 'paid', op: 'eq', value: true } });
  });
});
