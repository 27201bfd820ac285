import { describe, expect, it } from 'vitest';
import { bindNamedParameters, placeholders } from '../../electron/core/dashboards/sql-parameters.js';

describe('named SQL parameters', () => {
  it('numbers each distinct name once, in order of first use', () => {
    expect(bindNamedParameters('select * from t where a = $x and b between $d_start and $d_end or c = $x')).toEqual({
      sql: 'select * from t where a = $1 and b between $2 and $3 or c = $1',
      names: ['x', 'd_start', 'd_end'],
    });
  });

  it('leaves strings, quoted identifiers, comments and dollar-quoted text alone', () => {
    const sql = `select '$not' as "$col", $$ $nope $$, $tag$ $nor $tag$ -- $comment\nfrom t /* $block */ where x = $yes and y = 'it''s $no'`;
    expect(bindNamedParameters(sql)).toEqual({ sql: sql.replace('$yes', '$1'), names: ['yes'] });
  });

  it('finds placeholders with their lines, positional ones included', () => {
    expect(placeholders('select $a\nfrom t\nwhere b = $1 and c = x$y')).toEqual([{ name: 'a', line: 1 }, { name: '1', line: 3 }]);
  });
});
