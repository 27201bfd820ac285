/**
 * agate's MappedSequence: values reached by position or by key, iterated as values. A table's
 * `columns` (keyed by column name) and `rows` are ones, and so is each row (keyed by column name),
 * so that macros can write `table.columns['city']`, `columns.items()` and `row.table_schema`.
 */
export class MappedSequence<T> {
  constructor(
    private readonly entries: readonly T[],
    private readonly names: readonly string[] | null = null,
  ) {}

  __iter__(): T[] {
    return [...this.entries];
  }
  __len__(): number {
    return this.entries.length;
  }
  __getitem__(key: unknown): T {
    if (typeof key === 'number') return this.entries.at(key) as T;
    const at = this.names?.indexOf(String(key)) ?? -1;
    if (at < 0) throw new Error(`KeyError: '${String(key)}'`);
    return this.entries[at] as T;
  }

  keys = () => (this.names ? [...this.names] : null);
  values = () => [...this.entries];
  items = () => (this.names ?? []).map((name, i) => [name, this.entries[i]]);
  get = (key: unknown, fallback: unknown = null) => {
    const at = this.names?.indexOf(String(key)) ?? -1;
    return at < 0 ? fallback : this.entries[at];
  };
  dict = () => Object.fromEntries(this.items());

  toString(): string {
    const sample = this.entries.slice(0, 5).map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
    return `<agate.${this.pythonType}: (${sample.join(', ')}${this.entries.length > 5 ? ', ...' : ''})>`;
  }
  protected get pythonType(): string {
    return 'MappedSequence';
  }
}

export class Row extends MappedSequence<unknown> {
  protected override get pythonType(): string {
    return 'Row';
  }
}

/** A column: its cells, as a sequence, with its name. */
export class AgateColumn extends MappedSequence<unknown> {
  constructor(
    readonly name: string,
    private readonly cells: unknown[],
  ) {
    super(cells);
  }
  values_distinct = () => [...new Set(this.cells)];
  values_without_nulls = () => this.cells.filter((c) => c !== null && c !== undefined);
  protected override get pythonType(): string {
    return 'Column';
  }
}

/**
 * What dbt's `run_query` returns (an agate Table), as far as macros read it: `table.columns[0].values()`,
 * `table.columns['name']`, `table.rows[0][0]`, `for row in table`, `table.column_names`,
 * `len(table.rows)`, `table.print_table()`. Like agate's, an empty table is false in an `if`.
 */
export class AgateTable {
  readonly columns: MappedSequence<AgateColumn>;
  readonly rows: MappedSequence<Row>;

  constructor(
    readonly column_names: string[],
    /** The rows as plain lists of values: what `load_result(name)['data']` holds. */
    readonly matrix: unknown[][],
    private readonly print: (text: string) => void = () => {},
  ) {
    this.rows = new MappedSequence(matrix.map((r) => new Row(r, column_names)));
    this.columns = new MappedSequence(column_names.map((name, i) => new AgateColumn(name, matrix.map((r) => r[i]))), column_names);
  }

  get column_types() {
    return this.column_names.map(() => 'unknown');
  }

  print_table = (..._args: unknown[]) => {
    const widths = this.column_names.map((name, i) => Math.max(name.length, ...this.matrix.map((r) => String(r[i] ?? '').length)));
    const line = (cells: unknown[]) => `| ${cells.map((c, i) => String(c ?? '').padEnd(widths[i] ?? 0)).join(' | ')} |`;
    this.print([line(this.column_names), ...this.matrix.map(line)].join('\n'));
    return '';
  };

  __iter__(): Row[] {
    return this.rows.__iter__();
  }
  __len__(): number {
    return this.rows.__len__();
  }
  __getitem__(key: unknown): Row {
    return this.rows.__getitem__(key);
  }
  toString(): string {
    return `<agate.Table: ${this.matrix.length} rows>`;
  }
}
