import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambda/config';
import { scheduleExpressionProblem } from '../../lambda/config/schedule-expression';
import { MINIMAL_CONFIG, problemsOf } from '../support/config';

describe('schedule expressions: what Scheduler accepts', () => {
  it.each([
    'cron(0 2 * * ? *)',
    'cron(0 2 ? * MON-FRI *)',
    'cron(0 2 ? * mon-fri *)',
    'cron(0/15 * * * ? *)',
    'cron(*/5 * * * ? *)',
    'cron(0 2 1,15 * ? *)',
    'cron(0 2 L * ? *)',
    'cron(0 2 3W * ? *)',
    'cron(0 2 ? * 6#3 *)',
    'cron(15 10 ? * 6L 2026-2030)',
    'cron(0 2 ? JAN,JUL SUN *)',
    'cron(0 8-18/2 ? * 2-6 *)',
    'rate(1 day)',
    'rate(1 minute)',
    'rate(12 hours)',
  ])('%s', (expression) => {
    expect(scheduleExpressionProblem(expression)).toBeUndefined();
  });
});

describe('schedule expressions: what Scheduler rejects, and why', () => {
  it.each([
    ['cron(60 2 * * ? *)', 'minutes field "60" is out of range 0-59'],
    ['cron(0 25 * * ? *)', 'hours field "25" is out of range 0-23'],
    ['cron(0 2 0 * ? *)', 'day-of-month field "0" is out of range 1-31'],
    ['cron(0 2 32 * ? *)', 'day-of-month field "32" is out of range 1-31'],
    ['cron(0 2 * 13 ? *)', 'month field "13" is out of range 1-12'],
    ['cron(0 2 ? * 8 *)', 'day-of-week field "8" is out of range 1-7'],
    ['cron(0 2 ? * 0 *)', 'day-of-week field "0" is out of range 1-7'],
    ['cron(0 2 * * ? 1969)', 'year field "1969" is out of range 1970-2199'],
    ['cron(0 2 * * ? 2200)', 'year field "2200" is out of range 1970-2199'],
    ['cron(0 2,24 * * ? *)', 'hours field "2,24": "24" is out of range 0-23'],
    ['cron(0 2 ? * MON-FRY *)', 'day-of-week field "MON-FRY": "FRY" is not a number or a name SUN-SAT'],
  ])('%s: out of range or unknown', (expression, says) => {
    expect(scheduleExpressionProblem(expression)).toBe(`"${expression}": ${says}`);
  });

  it('both day fields set: says to make one of them "?" and shows how', () => {
    expect(scheduleExpressionProblem('cron(0 2 * * * *)')).toBe(
      '"cron(0 2 * * * *)": day-of-month and day-of-week cannot both be set; make one of them "?" (e.g. "cron(0 2 * * ? *)")',
    );
    expect(scheduleExpressionProblem('cron(0 2 * * MON *)')).toMatch(/cannot both be set; .*"cron\(0 2 \? \* MON \*\)"/);
  });

  it('neither day field set ("?" in both)', () => {
    expect(scheduleExpressionProblem('cron(0 2 ? * ? *)')).toBe(
      '"cron(0 2 ? * ? *)": day-of-month and day-of-week cannot both be "?"; set one of them (e.g. "cron(0 2 * * ? *)")',
    );
  });

  it('wildcards outside the fields AWS allows them in', () => {
    expect(scheduleExpressionProblem('cron(? 2 * * ? *)')).toBe(
      '"cron(? 2 * * ? *)": minutes field "?" uses "?", which is only allowed in day-of-month or day-of-week',
    );
    expect(scheduleExpressionProblem('cron(0 L * * ? *)')).toMatch(
      /hours field "L" uses "L", which is only allowed in day-of-month or day-of-week$/,
    );
    expect(scheduleExpressionProblem('cron(0 2 ? * 5W *)')).toMatch(
      /day-of-week field "5W" uses "W", which is only allowed in day-of-month$/,
    );
    expect(scheduleExpressionProblem('cron(0 2 3#1 * ? *)')).toMatch(
      /day-of-month field "3#1" uses "#", which the day-of-month field does not allow/,
    );
    expect(scheduleExpressionProblem('cron(0 2 ? * */2 *)')).toMatch(
      /day-of-week field "\*\/2" uses "\/", which the day-of-week field does not allow/,
    );
    expect(scheduleExpressionProblem('cron(0 2 ? * 3#1,6#3 *)')).toMatch(/"3#1" uses "#", which must stand alone in the field/);
    expect(scheduleExpressionProblem('cron(0 2 ? * 6#6 *)')).toMatch(/day-of-week field "6#6" must be day#n with n 1-5/);
  });

  it('cron needs exactly six fields', () => {
    expect(scheduleExpressionProblem('cron(0 2 * * ?)')).toBe(
      '"cron(0 2 * * ?)": a cron expression has six fields (minutes hours day-of-month month day-of-week year); this one has 5',
    );
    expect(scheduleExpressionProblem('cron(0 0 2 * * ? *)')).toMatch(/this one has 7$/);
  });

  it('rate needs a positive whole value and a unit that agrees with it', () => {
    expect(scheduleExpressionProblem('rate(0 days)')).toBe(
      '"rate(0 days)": rate value "0" must be a positive whole number such as 1 or 12',
    );
    expect(scheduleExpressionProblem('rate(1.5 hours)')).toMatch(/rate value "1.5" must be a positive whole number/);
    expect(scheduleExpressionProblem('rate(1 days)')).toBe(
      '"rate(1 days)": rate unit "days" must be "day" for the value 1 (singular for 1, plural above), e.g. "rate(1 day)"',
    );
    expect(scheduleExpressionProblem('rate(12 hour)')).toMatch(/must be "hours" for the value 12/);
    expect(scheduleExpressionProblem('rate(2 weeks)')).toMatch(/rate unit "weeks" must be minute\(s\), hour\(s\) or day\(s\)/);
  });

  it('a one-time at(...) schedule is refused: the janitor must recur', () => {
    expect(scheduleExpressionProblem('at(2026-01-01T02:00:00)')).toBe(
      '"at(2026-01-01T02:00:00)": a one-time at(...) schedule would run the janitor only once; use a recurring cron(...) or rate(...) expression',
    );
  });

  it.each(['0 2 * * *', 'nightly', '', 'cron 0 2 * * ? *', 'CRON(0 2 * * ? *)'])('garbage %j', (expression) => {
    expect(scheduleExpressionProblem(expression)).toMatch(/must be an EventBridge Scheduler expression cron\(.*\) or rate\(value unit\)/);
  });
});

describe('schedule expressions through the configuration', () => {
  const minimal = MINIMAL_CONFIG;

  it('a bad expression fails naming janitor.schedule.expression and echoing the value', () => {
    expect(problemsOf({ ...minimal, schedule: { expression: 'cron(0 25 * * ? *)' } })).toEqual([
      'janitor.schedule.expression: "cron(0 25 * * ? *)": hours field "25" is out of range 0-23',
    ]);
  });

  it('rate expressions and the default are accepted', () => {
    expect(parseConfig({ ...minimal, schedule: { expression: 'rate(12 hours)' } }).schedule.expression).toBe('rate(12 hours)');
    expect(parseConfig(minimal).schedule.expression).toBe('cron(0 2 * * ? *)');
  });
});
