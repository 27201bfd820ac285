/**
 * One call of each dispatched dbt_utils macro, as a model of a small project, with what the model
 * must hold once built on DuckDB. The model of macro `X` is `models/call_X.sql`.
 */
export interface MacroCase {
  /** The model's SQL: it calls `dbt_utils.X(...)`. */
  model: string;
  /** What is read back from the built environment; `select * from call_X` when absent. */
  query?: string;
  /** The rows `query` returns. */
  rows?: Record<string, unknown>[];
  /** The model must fail to build with this error instead (dbt raises it too). */
  error?: RegExp;
}

/** The models and seeds the calls read. */
export const fixtureFiles: Record<string, string> = {
  'models/people.sql': [
    "select * from (values (1, 'Ann', 'Paris', 'ann@example.com', true, 48.8566, 2.3522),",
    "  (2, 'Bob', 'Lyon', '', false, 45.7640, 4.8357),",
    "  (3, 'Cid', 'Paris', null, true, 48.8566, 2.3522),",
    "  (4, 'Dee', 'Le Mans', 'dee@example.com', false, 48.0061, 0.1996))",
    '  as t(id, name, city, email, is_active, lat, lon)',
  ].join('\n'),
  'seeds/events.csv': ['user_id,event_at,kind', '1,2024-01-01,open', '1,2024-01-03,close', '1,2024-01-03,close', '2,2024-01-02,open'].join('\n'),
  'models/sales_2023.sql': 'select 1 as sale_id, 10 as qty, cast(\'a\' as varchar) as note',
  'models/sales_2024.sql': 'select 2 as sale_id, 20 as qty',
  'models/returns_2024.sql': 'select 3 as return_id, 5 as qty',
  'models/urls.sql': [
    "select 'https://www.example.com/shop/item?utm_source=news&utm_medium=email' as url",
    "union all select 'http://example.org/about'",
    "union all select 'android-app://com.example.app/open?id=7'",
  ].join('\n'),
};

const peopleCities = `'select city, count(*) as n from ' ~ ref('people') ~ ' group by city order by city'`;

export const macroCases: Record<string, MacroCase> = {
  generate_series: {
    model: '{{ dbt_utils.generate_series(10) }}',
    query: 'select count(*) as n, min(generated_number) as lo, max(generated_number) as hi from call_generate_series',
    rows: [{ n: 10, lo: 1, hi: 10 }],
  },
  get_powers_of_two: {
    model: 'select {{ dbt_utils.get_powers_of_two(5) }} as p5, {{ dbt_utils.get_powers_of_two(1024) }} as p1024',
    rows: [{ p5: 3, p1024: 10 }],
  },
  get_intervals_between: {
    model: "select {{ dbt_utils.get_intervals_between(\"cast('2024-01-01' as date)\", \"cast('2024-03-15' as date)\", 'month') }} as months",
    rows: [{ months: 2 }],
  },
  date_spine: {
    model: "{{ dbt_utils.date_spine('day', \"cast('2024-01-01' as date)\", \"cast('2024-02-01' as date)\") }}",
    query: 'select count(*) as n, cast(min(date_day) as date) as first, cast(max(date_day) as date) as last from call_date_spine',
    rows: [{ n: 31, first: '2024-01-01', last: '2024-01-31' }],
  },
  deduplicate: {
    model: "{{ dbt_utils.deduplicate(ref('events'), 'user_id', 'event_at desc') }}",
    query: 'select user_id, cast(event_at as varchar) as event_at, kind from call_deduplicate order by user_id',
    rows: [{ user_id: 1, event_at: '2024-01-03', kind: 'close' }, { user_id: 2, event_at: '2024-01-02', kind: 'open' }],
  },
  generate_surrogate_key: {
    model: "select id, {{ dbt_utils.generate_surrogate_key(['id', 'email']) }} as person_key from {{ ref('people') }}",
    query: "select k.id, k.person_key = md5(cast(p.id as varchar) || '-' || coalesce(p.email, '_dbt_utils_surrogate_key_null_')) as same from call_generate_surrogate_key k join people p using (id) order by id",
    rows: [1, 2, 3, 4].map((id) => ({ id, same: true })),
  },
  surrogate_key: {
    model: "select {{ dbt_utils.surrogate_key(['id']) }} as k from {{ ref('people') }}",
    error: /`dbt_utils\.surrogate_key` has been replaced by `dbt_utils\.generate_surrogate_key`[\s\S]*The shop\.call_surrogate_key model triggered this warning/,
  },
  get_column_values: {
    model: [
      "select '{{ dbt_utils.get_column_values(ref('people'), 'city', order_by='city') | join(',') }}' as cities,",
      "  '{{ dbt_utils.get_column_values(ref('people'), 'name', where='is_active', max_records=1, order_by='name desc') | join(',') }}' as last_active,",
      "  '{{ dbt_utils.get_column_values(api.Relation.create(schema=target.schema, identifier='no_such_table'), 'x', default=['none']) | join(',') }}' as missing",
    ].join('\n'),
    rows: [{ cities: 'Le Mans,Lyon,Paris', last_active: 'Cid', missing: 'none' }],
  },
  get_filtered_columns_in_relation: {
    model: "select '{{ dbt_utils.get_filtered_columns_in_relation(ref('people'), except=['EMAIL', 'lat']) | join(',') }}' as columns",
    rows: [{ columns: 'id,name,city,is_active,lon' }],
  },
  get_query_results_as_dict: {
    model: [
      `{% set results = dbt_utils.get_query_results_as_dict(${peopleCities}) %}`,
      "select '{{ results['city'] | join(',') }}' as cities, '{{ results['n'] | join(',') }}' as counts",
    ].join('\n'),
    rows: [{ cities: 'Le Mans,Lyon,Paris', counts: '1,1,2' }],
  },
  get_single_value: {
    model: [
      "select {{ dbt_utils.get_single_value('select max(id) from ' ~ ref('people')) }} as max_id,",
      "  {{ dbt_utils.get_single_value('select id from ' ~ ref('people') ~ ' where false', default=-1) }} as none_found",
    ].join('\n'),
    rows: [{ max_id: 4, none_found: -1 }],
  },
  get_relations_by_pattern: {
    model: [
      "-- depends_on: {{ ref('sales_2023') }} {{ ref('sales_2024') }}",
      "{% set relations = dbt_utils.get_relations_by_pattern(target.schema, 'sales%') %}",
      "select '{{ relations | map(attribute='identifier') | sort | join(',') }}' as names, '{{ relations | map(attribute='type') | join(',') }}' as types",
    ].join('\n'),
    rows: [{ names: 'sales_2023,sales_2024', types: 'view,view' }],
  },
  get_relations_by_prefix: {
    model: "-- depends_on: {{ ref('sales_2023') }} {{ ref('sales_2024') }}\n{{ dbt_utils.union_relations(dbt_utils.get_relations_by_prefix(target.schema, 'sales_', exclude='%2023')) }}",
    query: 'select sale_id, qty from call_get_relations_by_prefix',
    rows: [{ sale_id: 2, qty: 20 }],
  },
  get_tables_by_pattern_sql: {
    model: "-- depends_on: {{ ref('sales_2024') }} {{ ref('returns_2024') }}\n{{ dbt_utils.get_tables_by_pattern_sql(target.schema, '%_2024') }}",
    // An environment holds every model as a view over its stored result.
    query: 'select table_schema, table_name, table_type from call_get_tables_by_pattern_sql order by table_name',
    rows: [{ table_schema: 'main', table_name: 'returns_2024', table_type: 'view' }, { table_schema: 'main', table_name: 'sales_2024', table_type: 'view' }],
  },
  get_tables_by_prefix_sql: {
    model: "-- depends_on: {{ ref('sales_2023') }} {{ ref('sales_2024') }}\n{{ dbt_utils.get_tables_by_prefix_sql(target.schema, 'sales_') }}",
    query: 'select table_name from call_get_tables_by_prefix_sql order by table_name',
    rows: [{ table_name: 'sales_2023' }, { table_name: 'sales_2024' }],
  },
  get_table_types_sql: {
    model: "select table_type as listed, {{ dbt_utils.get_table_types_sql() }} from (values ('BASE TABLE'), ('EXTERNAL TABLE'), ('MATERIALIZED VIEW'), ('VIEW')) as t(table_type)",
    query: 'select listed, table_type from call_get_table_types_sql order by listed',
    rows: [
      { listed: 'BASE TABLE', table_type: 'table' },
      { listed: 'EXTERNAL TABLE', table_type: 'external' },
      { listed: 'MATERIALIZED VIEW', table_type: 'materializedview' },
      { listed: 'VIEW', table_type: 'view' },
    ],
  },
  group_by: {
    model: "select city, is_active, count(*) as n from {{ ref('people') }} {{ dbt_utils.group_by(2) }}",
    query: 'select city, is_active, n from call_group_by order by city, is_active',
    rows: [
      { city: 'Le Mans', is_active: false, n: 1 },
      { city: 'Lyon', is_active: false, n: 1 },
      { city: 'Paris', is_active: true, n: 2 },
    ],
  },
  haversine_distance: {
    // Paris to Lyon is about 392 km (243 miles) as the crow flies.
    model: [
      "select {{ dbt_utils.haversine_distance(48.8566, 2.3522, 45.7640, 4.8357, unit='km') }} as km,",
      '  {{ dbt_utils.haversine_distance(48.8566, 2.3522, 45.7640, 4.8357) }} as miles',
    ].join('\n'),
    query: 'select km between 390 and 394 as km_ok, miles between 242 and 245 as miles_ok from call_haversine_distance',
    rows: [{ km_ok: true, miles_ok: true }],
  },
  pretty_time: {
    model: "select '{{ dbt_utils.pretty_time() }}' as clock, '{{ dbt_utils.pretty_time('%Y') }}' as year",
    query: "select regexp_full_match(clock, '\\d\\d:\\d\\d:\\d\\d') as clock_ok, cast(year as int) between 2024 and 2200 as year_ok from call_pretty_time",
    rows: [{ clock_ok: true, year_ok: true }],
  },
  pretty_log_format: {
    model: "select '{{ dbt_utils.pretty_log_format('built') }}' as line",
    query: "select regexp_full_match(line, '\\d\\d:\\d\\d:\\d\\d \\+ built') as ok from call_pretty_log_format",
    rows: [{ ok: true }],
  },
  log_info: {
    // It renders nothing; what it logs is checked through run-operation, as dbt users call it.
    model: "select 1 as x {{ dbt_utils.log_info('hello') }}",
    rows: [{ x: 1 }],
  },
  nullcheck: {
    model: "select {{ dbt_utils.nullcheck(adapter.get_columns_in_relation(ref('people'))) }} from {{ ref('people') }}",
    query: 'select id, email from call_nullcheck order by id',
    rows: [{ id: 1, email: 'ann@example.com' }, { id: 2, email: null }, { id: 3, email: null }, { id: 4, email: 'dee@example.com' }],
  },
  nullcheck_table: {
    model: "{{ dbt_utils.nullcheck_table(ref('people')) }}",
    query: 'select count(*) filter (where email is null) as no_email, count(*) filter (where city is null) as no_city from call_nullcheck_table',
    rows: [{ no_email: 2, no_city: 0 }],
  },
  pivot: {
    model: [
      "select is_active, {{ dbt_utils.pivot('city', dbt_utils.get_column_values(ref('people'), 'city', order_by='city')) }},",
      "  {{ dbt_utils.pivot('city', ['Le Mans'], quote_identifiers=False, prefix='in ') }},",
      "  {{ dbt_utils.pivot('city', ['Paris'], agg='max', then_value='name', else_value='null', suffix='_name') }}",
      "from {{ ref('people') }} group by is_active",
    ].join('\n'),
    query: 'select is_active, "Le Mans", "Lyon", "Paris", in_le_mans, "Paris_name" from call_pivot order by is_active',
    rows: [
      { is_active: false, 'Le Mans': 1, Lyon: 1, Paris: 0, in_le_mans: 1, Paris_name: null },
      { is_active: true, 'Le Mans': 0, Lyon: 0, Paris: 2, in_le_mans: 0, Paris_name: 'Cid' },
    ],
  },
  safe_add: {
    model: "select {{ dbt_utils.safe_add(['1', 'null', '2']) }} as total",
    rows: [{ total: 3 }],
  },
  safe_subtract: {
    model: "select {{ dbt_utils.safe_subtract(['10', 'null', '4']) }} as difference",
    rows: [{ difference: 6 }],
  },
  safe_divide: {
    model: "select {{ dbt_utils.safe_divide('10', '4') }} as quotient, {{ dbt_utils.safe_divide('1', '0') }} as by_zero",
    rows: [{ quotient: 2.5, by_zero: null }],
  },
  star: {
    model: [
      "select {{ dbt_utils.star(ref('people'), except=['email', 'LAT', 'lon'], prefix='p_') }},",
      "  {{ dbt_utils.star(from=ref('people'), relation_alias='people', except=['id', 'name', 'city', 'email', 'lat', 'lon'], quote_identifiers=False) }}",
      "from {{ ref('people') }} as people where id = 1",
    ].join('\n'),
    rows: [{ p_id: 1, p_name: 'Ann', p_city: 'Paris', p_is_active: true, is_active: true }],
  },
  union_relations: {
    model: [
      "{{ dbt_utils.union_relations(relations=[ref('sales_2023'), ref('sales_2024'), ref('returns_2024')],",
      "  exclude=['note'], column_override={'qty': 'bigint'}, where='qty > 1') }}",
    ].join('\n'),
    query: "select split_part(replace(_dbt_source_relation, '\"', ''), '.', -1) as source, sale_id, return_id, qty, typeof(qty) as qty_type from call_union_relations order by qty",
    rows: [
      { source: 'returns_2024', sale_id: null, return_id: 3, qty: 5, qty_type: 'BIGINT' },
      { source: 'sales_2023', sale_id: 1, return_id: null, qty: 10, qty_type: 'BIGINT' },
      { source: 'sales_2024', sale_id: 2, return_id: null, qty: 20, qty_type: 'BIGINT' },
    ],
  },
  unpivot: {
    model: "{{ dbt_utils.unpivot(ref('people'), cast_to='varchar', exclude=['id'], remove=['name', 'email', 'lat', 'lon'], field_name='attribute', value_name='val') }}",
    query: 'select id, attribute, val from call_unpivot where id <= 2 order by id, attribute',
    rows: [
      { id: 1, attribute: 'city', val: 'Paris' },
      { id: 1, attribute: 'is_active', val: 'true' },
      { id: 2, attribute: 'city', val: 'Lyon' },
      { id: 2, attribute: 'is_active', val: 'false' },
    ],
  },
  width_bucket: {
    // Ten buckets of 10 from 0 to 100; an amount on an edge goes up, anything past 100 to bucket 11,
    // except on an edge (250), where dbt_utils' tie-break adds one more.
    model: "select amount, {{ dbt_utils.width_bucket('amount', 0, 100, 10) }} as bucket from (values (5), (10), (99.5), (100), (250), (255)) as t(amount)",
    query: 'select cast(amount as double) as amount, cast(bucket as int) as bucket from call_width_bucket order by amount',
    rows: [
      { amount: 5, bucket: 1 },
      { amount: 10, bucket: 2 },
      { amount: 99.5, bucket: 10 },
      { amount: 100, bucket: 11 },
      { amount: 250, bucket: 12 },
      { amount: 255, bucket: 11 },
    ],
  },
  get_url_host: {
    model: "select url, {{ dbt_utils.get_url_host('url') }} as host from {{ ref('urls') }}",
    query: 'select host from call_get_url_host order by url',
    rows: [{ host: 'com.example.app' }, { host: 'example.org' }, { host: 'www.example.com' }],
  },
  get_url_path: {
    model: "select url, {{ dbt_utils.get_url_path('url') }} as path from {{ ref('urls') }}",
    query: 'select path from call_get_url_path order by url',
    rows: [{ path: '/com.example.app/open' }, { path: 'about' }, { path: 'shop/item' }],
  },
  get_url_parameter: {
    model: "select url, {{ dbt_utils.get_url_parameter('url', 'utm_source') }} as source, {{ dbt_utils.get_url_parameter('url', 'id') }} as id from {{ ref('urls') }}",
    query: 'select source, id from call_get_url_parameter order by url',
    rows: [{ source: null, id: '7' }, { source: null, id: null }, { source: 'news', id: null }],
  },
};
