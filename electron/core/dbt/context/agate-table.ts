/**
 * What dbt's `run_query` returns (an agate Table), as far as macros read it: `table.columns[0].values()`,
 * `table.rows[0][0]`, `table.column_names`, `len(table.rows)`, `table.print_table()`.
 */
export class AgateColumn {
  constructor(
    readonly name: string,
    private readonly cells: unknown[],
  ) {}
  values = () => [...this.cells];
  values_distinct = () => [...new Set(this.cells)];
}

export class AgateTable {
  readonly columns: AgateColumn[];
  readonly rows: unknown[][];

  constructor(
    readonly column_names: string[],
    rows: unknown[][],
    private readonly print: (text: string) => void = () => {},
  ) {
    this.rows = rows;
    this.columns = column_names.map((name, i) => new AgateColumn(name, rows.map((r) => r[i])));
  }

  get column_types() {
    return this.column_names.map(() => 'unknown');
  }

  print_table = (..._args: unknown[]) => {
    const widths = this.column_names.map((name, i) => Math.max(name.length, ...this.rows.map((r) => String(r[i] ?? '').length)));
    const line = (cells: unknown[]) => `| ${cells.map((c, i) => String(c ?? '').padEnd(widths[i] ?? 0)).join(' | ')} |`;
    this.print([line(this.column_names), ...this.rows.map(line)].join('\n'));
    return '';
  };

  __len__(): number {
    return this.rows.length;
  }
  __bool__(): boolean {
    return true;
  }
  toString(): string {
    return `<agate.Table: ${this.rows.length} rows>`;
  }
}
