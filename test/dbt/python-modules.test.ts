import { describe, expect, it } from 'vitest';
import { Kwargs } from '../../electron/core/dbt/jinja/python-call.js';
import { PyDate, PyDatetime, PyMatch, PyPattern, PyTimedelta, pythonModules, runStartedAt } from '../../electron/core/dbt/context/python-modules.js';

const { datetime: dt, pytz, re, itertools } = pythonModules;
const kw = (values: Record<string, unknown>) => new Kwargs(values);
const str = (value: unknown) => (value as { __str__(): string }).__str__();

describe('datetime.timedelta', () => {
  it('takes every unit as a keyword and normalises to days, seconds and microseconds', () => {
    const delta = dt.timedelta(kw({ days: 1 }));
    expect([delta.days, delta.seconds, delta.microseconds]).toEqual([1, 0, 0]);
    const mixed = dt.timedelta(kw({ weeks: 1, hours: 36, minutes: 1, seconds: 2, milliseconds: 3, microseconds: 4 }));
    expect([mixed.days, mixed.seconds, mixed.microseconds]).toEqual([8, 12 * 3600 + 62, 3004]);
    expect(dt.timedelta(kw({ hours: 1.5 })).total_seconds()).toBe(5400);
    expect(dt.timedelta(0, 90).total_seconds()).toBe(90);
  });

  it('prints as Python does', () => {
    expect(str(dt.timedelta(kw({ hours: 36 })))).toBe('1 day, 12:00:00');
    expect(str(dt.timedelta(kw({ days: 2, microseconds: 5 })))).toBe('2 days, 0:00:00.000005');
    expect(str(dt.timedelta(kw({ seconds: -1 })))).toBe('-1 day, 23:59:59');
    expect(str(dt.timedelta())).toBe('0:00:00');
  });

  it('adds, subtracts and compares', () => {
    const day = dt.timedelta(kw({ days: 1 }));
    const hour = dt.timedelta(kw({ hours: 1 }));
    expect(str(day.__add__(hour))).toBe('1 day, 1:00:00');
    expect(str(day.__sub__(hour))).toBe('23:00:00');
    expect(day.__gt__(hour)).toBe(true);
    expect(day.__eq__(dt.timedelta(kw({ hours: 24 })))).toBe(true);
    expect(() => day.__lt__(3)).toThrow("'<' not supported between instances of 'datetime.timedelta' and 'int'");
  });
});

describe('datetime.datetime', () => {
  const moment = dt.datetime(2024, 1, 31, 13, 5, 9, 123);

  it('has Python attributes and prints like Python', () => {
    expect([moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second, moment.microsecond]).toEqual([2024, 1, 31, 13, 5, 9, 123]);
    expect(moment.tzinfo).toBeNull();
    expect(str(moment)).toBe('2024-01-31 13:05:09.000123');
    expect(moment.isoformat()).toBe('2024-01-31T13:05:09.000123');
    expect(moment.isoformat(kw({ sep: ' ', timespec: 'seconds' }))).toBe('2024-01-31 13:05:09');
    expect(str(dt.datetime(2024, 1, 1))).toBe('2024-01-01 00:00:00');
  });

  it('formats with strftime directives', () => {
    expect(moment.strftime('%Y-%m-%d %H:%M:%S')).toBe('2024-01-31 13:05:09');
    expect(moment.strftime('%a %A %b %B %d %j %p %I %y %f %%')).toBe('Wed Wednesday Jan January 31 031 PM 01 24 000123 %');
    expect(moment.strftime('%-d/%-m %H%M')).toBe('31/1 1305');
    expect(dt.datetime(2024, 12, 30).strftime('%G-W%V-%u %U %W')).toBe('2025-W01-1 52 53');
    expect(moment.strftime('%c')).toBe('Wed Jan 31 13:05:09 2024');
    expect(moment.strftime('[%z][%Z]')).toBe('[][]');
  });

  it('adds and subtracts timedeltas and datetimes', () => {
    expect(str(moment.__add__(dt.timedelta(kw({ days: 1 }))))).toBe('2024-02-01 13:05:09.000123');
    expect(str(dt.datetime(2024, 2, 28).__add__(dt.timedelta(kw({ days: 1 }))))).toBe('2024-02-29 00:00:00');
    expect(str(dt.datetime(2024, 3, 1).__sub__(dt.timedelta(kw({ hours: 1 }))))).toBe('2024-02-29 23:00:00');
    expect(str(dt.timedelta(kw({ days: 366 })).__add__(dt.datetime(2024, 1, 1)))).toBe('2025-01-01 00:00:00');
    const gap = dt.datetime(2024, 3, 1).__sub__(dt.datetime(2024, 1, 1)) as PyTimedelta;
    expect(gap).toBeInstanceOf(PyTimedelta);
    expect(gap.days).toBe(60);
  });

  it('compares', () => {
    expect(moment.__lt__(moment.__add__(dt.timedelta(kw({ microseconds: 1 }))))).toBe(true);
    expect(moment.__eq__(dt.datetime(2024, 1, 31, 13, 5, 9, 123))).toBe(true);
    expect(moment.__eq__(moment.replace(kw({ tzinfo: pytz.utc })))).toBe(false);
    expect(() => moment.__lt__(moment.replace(kw({ tzinfo: pytz.utc })))).toThrow("can't compare offset-naive and offset-aware datetimes");
  });

  it('replaces fields, and gives its date, weekday and ordinal', () => {
    expect(str(moment.replace(kw({ day: 1, hour: 0, microsecond: 0 })))).toBe('2024-01-01 00:05:09');
    const date = moment.date();
    expect(date).toBeInstanceOf(PyDate);
    expect(str(date)).toBe('2024-01-31');
    expect([moment.weekday(), moment.isoweekday(), moment.toordinal()]).toEqual([2, 3, 738916]);
    expect(() => moment.replace(kw({ month: 2 }))).toThrow('day is out of range for month');
  });

  it('parses with strptime and fromisoformat', () => {
    const parsed = dt.datetime.strptime('2024-03-05 07:08:09', '%Y-%m-%d %H:%M:%S');
    expect(str(parsed)).toBe('2024-03-05 07:08:09');
    expect(str(dt.datetime.strptime('5 March 24, 7:08 pm', '%d %B %y, %I:%M %p'))).toBe('2024-03-05 19:08:00');
    expect(str(dt.datetime.strptime('2024-03-05T07:08:09.5+0530', '%Y-%m-%dT%H:%M:%S.%f%z'))).toBe('2024-03-05 07:08:09.500000+05:30');
    expect(str(dt.datetime.strptime('2024-060', '%Y-%j'))).toBe('2024-02-29 00:00:00');
    expect(() => dt.datetime.strptime('2024/03/05', '%Y-%m-%d')).toThrow("time data '2024/03/05' does not match format '%Y-%m-%d'");
    expect(() => dt.datetime.strptime('2024-03-05 extra', '%Y-%m-%d')).toThrow('unconverted data remains:  extra');
    expect(str(dt.datetime.fromisoformat('2024-01-31T12:30:00Z'))).toBe('2024-01-31 12:30:00+00:00');
    expect(str(dt.datetime.fromisoformat('2024-01-31 12:30:00.25-03:00'))).toBe('2024-01-31 12:30:00.250000-03:00');
    expect(str(dt.datetime.fromisoformat('2024-01-31'))).toBe('2024-01-31 00:00:00');
    expect(() => dt.datetime.fromisoformat('31/01/2024')).toThrow("Invalid isoformat string: '31/01/2024'");
  });

  it('reads and gives Unix timestamps', () => {
    const epoch = dt.datetime.fromtimestamp(0, kw({ tz: dt.timezone.utc }));
    expect(str(epoch)).toBe('1970-01-01 00:00:00+00:00');
    expect(str(dt.datetime.utcfromtimestamp(86_400.5))).toBe('1970-01-02 00:00:00.500000');
    expect(dt.datetime(2024, 1, 1, kw({ tzinfo: dt.timezone.utc })).timestamp()).toBe(1_704_067_200);
  });

  it('now, utcnow and today are the current time', () => {
    const before = Date.now();
    const now = dt.datetime.now(pytz.utc);
    expect(now.tzinfo).toBe(pytz.utc);
    expect(Math.abs(now.timestamp() * 1000 - before)).toBeLessThan(2000);
    const utcnow = dt.datetime.utcnow();
    expect(utcnow.tzinfo).toBeNull();
    expect(Math.abs(utcnow.replace(kw({ tzinfo: pytz.utc })).timestamp() * 1000 - before)).toBeLessThan(2000);
    expect(dt.datetime.now().tzinfo).toBeNull();
    expect(dt.datetime.today()).toBeInstanceOf(PyDatetime);
  });

  it('names a missing or wrong argument', () => {
    expect(() => dt.datetime(2024)).toThrow("datetime() missing required argument 'month'");
    expect(() => dt.datetime(2024, 13, 1)).toThrow('month must be in 1..12');
    expect(() => dt.datetime(2024, 1, 1, 24)).toThrow('hour must be in 0..23');
    expect(() => dt.datetime('2024', 1, 1)).toThrow('year: integer argument expected, got str');
    expect(() => dt.datetime(2024, 1, 1, kw({ tzinfo: 'UTC' }))).toThrow('tzinfo argument must be None or of a tzinfo subclass');
  });
});

describe('datetime.date and datetime.timezone', () => {
  it('builds, parses, formats and does arithmetic on dates', () => {
    const date = dt.date(2024, 2, 28);
    expect(str(date)).toBe('2024-02-28');
    expect(date.strftime('%d/%m/%Y %H:%M')).toBe('28/02/2024 00:00');
    expect(str(date.__add__(dt.timedelta(kw({ days: 2, hours: 23 }))))).toBe('2024-03-01');
    expect(str(date.__sub__(dt.timedelta(kw({ weeks: 1 }))))).toBe('2024-02-21');
    expect(str(dt.date.fromisoformat('2024-12-31').__sub__(date))).toBe('307 days, 0:00:00');
    expect(dt.date.fromisoformat('20240101').isoformat()).toBe('2024-01-01');
    expect(date.__lt__(dt.date(2024, 3, 1))).toBe(true);
    expect(date.isocalendar()).toEqual([2024, 9, 3]);
    expect(str(dt.date.fromordinal(738916))).toBe('2024-01-31');
    expect(() => dt.date(2023, 2, 29)).toThrow('day is out of range for month');
  });

  it('today is a date', () => {
    const today = dt.date.today();
    const now = new Date();
    expect([today.year, today.month, today.day]).toEqual([now.getFullYear(), now.getMonth() + 1, now.getDate()]);
  });

  it('has fixed-offset zones', () => {
    expect(str(dt.timezone.utc)).toBe('UTC');
    const india = dt.timezone(dt.timedelta(kw({ hours: 5, minutes: 30 })));
    expect(str(india)).toBe('UTC+05:30');
    const local = dt.datetime(2024, 1, 1, 12, kw({ tzinfo: india }));
    expect(str(local)).toBe('2024-01-01 12:00:00+05:30');
    expect(local.strftime('%z %Z')).toBe('+0530 UTC+05:30');
    expect(str(local.astimezone(dt.timezone.utc))).toBe('2024-01-01 06:30:00+00:00');
  });
});

describe('pytz', () => {
  const newYork = pytz.timezone('America/New_York');

  it('converts between zones with the offset in force, daylight saving included', () => {
    const winter = dt.datetime(2024, 1, 15, 12, kw({ tzinfo: pytz.utc })).astimezone(newYork);
    expect(str(winter)).toBe('2024-01-15 07:00:00-05:00');
    expect(winter.strftime('%Y-%m-%d %H:%M %Z %z')).toBe('2024-01-15 07:00 EST -0500');
    const summer = dt.datetime(2024, 7, 15, 12, kw({ tzinfo: pytz.utc })).astimezone(newYork);
    expect(str(summer)).toBe('2024-07-15 08:00:00-04:00');
    expect(str(summer.astimezone(pytz.timezone('Asia/Kolkata')))).toBe('2024-07-15 17:30:00+05:30');
    expect(str(summer.utcoffset())).toBe('-1 day, 20:00:00');
    expect(summer.tzname()).toBe('EDT');
  });

  it('localizes naive times, taking the first of a repeated hour and the old offset in a skipped one', () => {
    expect(str(newYork.localize(dt.datetime(2024, 7, 1, 9)))).toBe('2024-07-01 09:00:00-04:00');
    expect(str(newYork.localize(dt.datetime(2024, 11, 3, 1, 30)))).toBe('2024-11-03 01:30:00-04:00');
    expect(str(newYork.localize(dt.datetime(2024, 3, 10, 2, 30)))).toBe('2024-03-10 02:30:00-05:00');
    expect(() => newYork.localize(dt.datetime.now(pytz.utc))).toThrow('Not naive datetime');
    expect(str(pytz.utc.localize(dt.datetime(2024, 1, 1)))).toBe('2024-01-01 00:00:00+00:00');
  });

  it('subtracts and compares aware datetimes as instants', () => {
    const inNewYork = newYork.localize(dt.datetime(2024, 1, 1, 7));
    const inUtc = dt.datetime(2024, 1, 1, 12, kw({ tzinfo: pytz.utc }));
    expect(str(inNewYork.__sub__(inUtc))).toBe('0:00:00');
    expect(inNewYork.__eq__(inUtc)).toBe(true);
    expect(() => inNewYork.__sub__(dt.datetime(2024, 1, 1))).toThrow("can't subtract offset-naive and offset-aware datetimes");
  });

  it('now takes a pytz zone, and unknown zones are an error', () => {
    const now = dt.datetime.now(newYork);
    expect(now.tzinfo).toBe(newYork);
    expect(Math.abs(now.timestamp() * 1000 - Date.now())).toBeLessThan(2000);
    expect(str(newYork)).toBe('America/New_York');
    expect(pytz.timezone('UTC')).toBe(pytz.utc);
    expect(() => pytz.timezone('Mars/Olympus')).toThrow("'Mars/Olympus'");
  });
});

describe('run_started_at', () => {
  it('is the given moment as an aware UTC datetime', () => {
    const started = runStartedAt(new Date('2024-05-06T07:08:09.123Z'));
    expect(str(started)).toBe('2024-05-06 07:08:09.123000+00:00');
    expect(started.strftime('%Y%m%d%H%M%S')).toBe('20240506070809');
    expect(str(started.tzinfo)).toBe('UTC');
    expect(str(started.astimezone(pytz.timezone('Europe/Berlin')))).toBe('2024-05-06 09:08:09.123000+02:00');
  });
});

describe('re', () => {
  it('substitutes with numbered and named groups', () => {
    expect(re.sub('(\\w+)@(\\w+)', '\\2 at \\1', 'me@host, you@there')).toBe('host at me, there at you');
    expect(re.sub('(?P<user>\\w+)@(?P<host>\\w+)', '\\g<host>/\\g<user>', 'me@host')).toBe('host/me');
    expect(re.sub('a', 'b', 'aaa', kw({ count: 2 }))).toBe('bba');
    expect(re.sub('x*', '-', 'abxd')).toBe('-a-b--d-');
    expect(re.sub('(a)|b', '[\\1]', 'ab')).toBe('[a][]');
    expect(re.subn('\\d', '#', 'a1b22')).toEqual(['a#b##', 3]);
    expect(re.sub('\\d+', (match: PyMatch) => String(Number(match.group()) * 2), 'a1b22')).toBe('a2b44');
    expect(() => re.sub('a', '\\2', 'a')).toThrow('invalid group reference 2');
  });

  it('matches at the start, anywhere, or the whole string', () => {
    expect(re.match('\\d+', 'abc123')).toBeNull();
    const found = re.search('(\\d)(\\d)?', 'abc1x')!;
    expect(found.group()).toBe('1');
    expect(found.group(0, 1, 2)).toEqual(['1', '1', null]);
    expect(found.groups()).toEqual(['1', null]);
    expect(found.groups(kw({ default: '' }))).toEqual(['1', '']);
    expect([found.start(), found.end(), found.span(2)]).toEqual([3, 4, [-1, -1]]);
    expect(str(found)).toBe("<re.Match object; span=(3, 4), match='1'>");
    expect(re.fullmatch('\\d+', '123')?.group()).toBe('123');
    expect(re.fullmatch('a|ab', 'ab')?.group()).toBe('ab');
    expect(re.fullmatch('\\d+', '123a')).toBeNull();
    const named = re.match('(?P<year>\\d{4})-(?P<month>\\d{2})', '2024-05-06')!;
    expect(named.group('month')).toBe('05');
    expect(named.groupdict()).toEqual({ year: '2024', month: '05' });
    expect(() => named.group(3)).toThrow('no such group');
  });

  it('findall, finditer and split', () => {
    expect(re.findall('\\d+', 'a1b22c333')).toEqual(['1', '22', '333']);
    expect(re.findall('(\\w)=(\\d)', 'a=1, b=2')).toEqual([['a', '1'], ['b', '2']]);
    expect(re.findall('(\\w)=\\d', 'a=1, b=2')).toEqual(['a', 'b']);
    expect(re.finditer('\\d', 'a1b2').map((match) => match.start())).toEqual([1, 3]);
    expect(re.split(',\\s*', 'a, b,c')).toEqual(['a', 'b', 'c']);
    expect(re.split('(,)', 'a,b,c', kw({ maxsplit: 1 }))).toEqual(['a', ',', 'b,c']);
    expect(re.split('x*', 'axbc')).toEqual(['', 'a', '', 'b', 'c', '']);
  });

  it('takes flags as arguments and inline at the start', () => {
    expect(re.search('hello', 'HELLO', re.IGNORECASE)?.group()).toBe('HELLO');
    expect(re.search('(?i)hello', 'HeLLo')?.group()).toBe('HeLLo');
    expect(re.findall('^\\w', 'ab\ncd', kw({ flags: re.M }))).toEqual(['a', 'c']);
    expect(re.findall('(?m)^\\w', 'ab\ncd')).toEqual(['a', 'c']);
    expect(re.search('a.b', 'a\nb')).toBeNull();
    expect(re.search('a.b', 'a\nb', re.S)?.group()).toBe('a\nb');
    expect(re.search('a.b', 'a\rb')?.group()).toBe('a\rb');
    expect(re.match('a b # the letters', 'ab', re.X)?.group()).toBe('ab');
    expect(re.compile('a', re.I + re.M).flags).toBe(2 + 8 + 32);
    expect(() => re.compile('a(?i)b')).toThrow('inline flags are only supported at the start');
  });

  it('reads Python-only syntax: \\A, \\Z, $ before a final newline, (?P=name), comments', () => {
    expect(re.search('a$', 'a\n')?.group()).toBe('a');
    expect(re.search('a\\Z', 'a\n')).toBeNull();
    expect(re.search('\\Aa', 'ba')).toBeNull();
    expect(re.search('(?P<quote>[\'"]).*?(?P=quote)', `say "hi" now`)?.group()).toBe('"hi"');
    expect(re.search('a(?#comment)b', 'ab')?.group()).toBe('ab');
    expect(re.search('[]a]+', 'x]a]')?.group()).toBe(']a]');
  });

  it('compiles patterns with their groups, and escapes text', () => {
    const pattern = re.compile('(?P<key>\\w+):(\\d+)');
    expect(pattern).toBeInstanceOf(PyPattern);
    expect([pattern.groups, pattern.groupindex]).toEqual([2, { key: 1 }]);
    expect(pattern.search('x key:42')?.group('key')).toBe('key');
    expect(pattern.match('x key:42', 2)?.group(2)).toBe('42');
    expect(re.search(pattern, 'a:1')?.group(0)).toBe('a:1');
    expect(str(pattern)).toBe("re.compile('(?P<key>\\\\w+):(\\\\d+)')");
    expect(re.escape('a.b*c (1) - x')).toBe('a\\.b\\*c\\ \\(1\\)\\ \\-\\ x');
    expect(re.search(re.escape('1+1=2'), 'is 1+1=2?')?.group()).toBe('1+1=2');
  });
});

describe('itertools', () => {
  it('product, chain, combinations and permutations return lists', () => {
    expect(itertools.product([1, 2], ['a', 'b'])).toEqual([[1, 'a'], [1, 'b'], [2, 'a'], [2, 'b']]);
    expect(itertools.product('ab', kw({ repeat: 2 }))).toEqual([['a', 'a'], ['a', 'b'], ['b', 'a'], ['b', 'b']]);
    expect(() => itertools.product([1], kw({ times: 2 }))).toThrow("product() got an unexpected keyword argument 'times'");
    expect(itertools.chain([1, 2], [3], 'ab')).toEqual([1, 2, 3, 'a', 'b']);
    expect(itertools.chain.from_iterable([[1], [2, 3]])).toEqual([1, 2, 3]);
    expect(itertools.combinations([1, 2, 3], 2)).toEqual([[1, 2], [1, 3], [2, 3]]);
    expect(itertools.combinations([1, 2], 3)).toEqual([]);
    expect(itertools.permutations([1, 2, 3], 2)).toEqual([[1, 2], [1, 3], [2, 1], [2, 3], [3, 1], [3, 2]]);
    expect(itertools.permutations('ab')).toEqual([['a', 'b'], ['b', 'a']]);
  });

  it('groupby groups consecutive runs, by the item or by a key function', () => {
    expect(itertools.groupby([1, 1, 2, 1])).toEqual([[1, [1, 1]], [2, [2]], [1, [1]]]);
    const rows = [{ kind: 'a', n: 1 }, { kind: 'a', n: 2 }, { kind: 'b', n: 3 }];
    expect(itertools.groupby(rows, kw({ key: (row: { kind: string }) => row.kind }))).toEqual([['a', [rows[0], rows[1]]], ['b', [rows[2]]]]);
    expect(() => itertools.groupby(null)).toThrow("'NoneType' object is not iterable");
  });
});
