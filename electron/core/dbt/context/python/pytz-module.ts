/** The part of `pytz` templates use: zones by name, usable wherever a `tzinfo` is, and `pytz.utc`. */
import { pyFunction } from '../../jinja/python-call.js';
import { namedTimezone, utc } from './timezones.js';
import { requireString } from './values.js';

export const pytzModule = {
  timezone: pyFunction({ name: 'timezone', params: ['zone'] }, ({ zone }) => namedTimezone(requireString(zone, 'timezone() zone'))),
  utc,
  UTC: utc,
};
