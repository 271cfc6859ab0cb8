/**
 * EventBridge Scheduler schedule expressions, checked the way AWS documents them, so that a bad
 * value fails at `cdk synth` instead of at deploy time:
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 * Cron field table and wildcards: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
 * Rate units (singular for 1, plural above): https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html
 */

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names standing for min, min + 1, ... (case-insensitive). */
  readonly names?: readonly string[];
  /** The wildcards AWS allows in this field. */
  readonly wildcards: string;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const MINUTES: CronField = { name: 'minutes', min: 0, max: 59, wildcards: ', - * /' };
const HOURS: CronField = { name: 'hours', min: 0, max: 23, wildcards: ', - * /' };
const DAY_OF_MONTH: CronField = { name: 'day-of-month', min: 1, max: 31, wildcards: ', - * ? / L W' };
const MONTH: CronField = { name: 'month', min: 1, max: 12, names: MONTHS, wildcards: ', - * /' };
const DAY_OF_WEEK: CronField = { name: 'day-of-week', min: 1, max: 7, names: DAYS, wildcards: ', - * ? L #' };
const YEAR: CronField = { name: 'year', min: 1970, max: 2199, wildcards: ', - * /' };
const CRON_FIELDS = [MINUTES, HOURS, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR];

/** What is wrong with one part (`token`) of a field. */
interface Problem {
  readonly token: string;
  readonly says: string;
}

/** Why Scheduler would reject `expression` (echoed in the message), or undefined when it is fine. */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const problem = expressionProblem(expression);
  return problem === undefined ? undefined : `"${expression}": ${problem}`;
}

function expressionProblem(expression: string): string | undefined {
  const call = /^(cron|rate|at)\((.*)\)$/s.exec(expression);
  if (!call) {
    return 'must be an EventBridge Scheduler expression cron(minutes hours day-of-month month day-of-week year) or rate(value unit), e.g. "cron(0 2 * * ? *)" or "rate(1 day)"';
  }
  const [, kind, body = ''] = call;
  if (kind === 'at')
    return 'a one-time at(...) schedule would run the janitor only once; use a recurring cron(...) or rate(...) expression';
  return kind === 'rate' ? rateProblem(body) : cronProblem(body);
}

function rateProblem(body: string): string | undefined {
  const parts = /^(\S+)\s+(\S+)$/.exec(body);
  if (!parts) return 'a rate expression is rate(value unit), e.g. "rate(1 day)" or "rate(12 hours)"';
  const [, value = '', unit = ''] = parts;
  if (!/^[1-9]\d*$/.test(value)) return `rate value "${value}" must be a positive whole number such as 1 or 12`;
  const singular = unit.replace(/s$/, '');
  if (!['minute', 'hour', 'day'].includes(singular)) return `rate unit "${unit}" must be minute(s), hour(s) or day(s)`;
  const expected = value === '1' ? singular : `${singular}s`;
  if (unit !== expected)
    return `rate unit "${unit}" must be "${expected}" for the value ${value} (singular for 1, plural above), e.g. "rate(${value} ${expected})"`;
  return undefined;
}

function cronProblem(body: string): string | undefined {
  if (body.trim() !== body) return 'remove the spaces just inside the parentheses';
  const fields = body === '' ? [] : body.split(/\s+/);
  if (fields.length !== CRON_FIELDS.length) {
    return `a cron expression has six fields (minutes hours day-of-month month day-of-week year); this one has ${fields.length}`;
  }
  for (const [i, field] of CRON_FIELDS.entries()) {
    const text = fields[i] ?? '';
    const problem = fieldProblem(field, text);
    if (problem) {
      const where = problem.token === text ? `"${text}"` : `"${text}": "${problem.token}"`;
      return `${field.name} field ${where} ${problem.says}`;
    }
  }
  return dayFieldsProblem(fields);
}

/** Exactly one of day-of-month and day-of-week must be "?". */
function dayFieldsProblem(fields: readonly string[]): string | undefined {
  const [dayOfMonth, dayOfWeek] = [fields[2], fields[4]];
  if (dayOfMonth === '?' && dayOfWeek === '?') {
    return `day-of-month and day-of-week cannot both be "?"; set one of them (e.g. "cron(${withField(fields, 2, '*')})")`;
  }
  if (dayOfMonth !== '?' && dayOfWeek !== '?') {
    const example = dayOfWeek === '*' || dayOfMonth !== '*' ? withField(fields, 4, '?') : withField(fields, 2, '?');
    return `day-of-month and day-of-week cannot both be set; make one of them "?" (e.g. "cron(${example})")`;
  }
  return undefined;
}

function withField(fields: readonly string[], index: number, value: string): string {
  return fields.map((f, i) => (i === index ? value : f)).join(' ');
}

function fieldProblem(field: CronField, text: string): Problem | undefined {
  if (text.includes('?')) return questionMarkProblem(field, text);
  for (const wildcard of [',', '-', '*', '/', '#']) {
    if (text.includes(wildcard) && !field.wildcards.includes(wildcard)) {
      return { token: text, says: `uses "${wildcard}", which the ${field.name} field does not allow (allowed: ${field.wildcards})` };
    }
  }
  const items = text.split(',');
  for (const item of items) {
    const form = specialDayForm(item);
    const problem = form ? specialDayProblem(field, form, item, items.length) : itemProblem(field, item);
    if (problem) return problem;
  }
  return undefined;
}

function questionMarkProblem(field: CronField, text: string): Problem | undefined {
  if (!field.wildcards.includes('?')) return { token: text, says: `uses "?", which is only allowed in day-of-month or day-of-week` };
  return text === '?' ? undefined : { token: text, says: 'can use "?" only on its own' };
}

/** `*`, `v`, `v-v`, each optionally with an increment `/n`. */
function itemProblem(field: CronField, item: string): Problem | undefined {
  if (item === '') return { token: item, says: 'is an empty list entry' };
  const [range = '', step, ...rest] = item.split('/');
  if (rest.length > 0) return { token: item, says: 'has more than one "/"' };
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1 && Number(step) <= field.max - field.min + 1)) {
    return { token: item, says: `has increment "${step}"; it must be a whole number 1-${field.max - field.min + 1}` };
  }
  if (range === '*') return undefined;
  const ends = range.split('-');
  if (ends.length > 2) return { token: item, says: 'is not a range from-to (e.g. 1-5)' };
  for (const end of ends) {
    const problem = valueProblem(field, end);
    if (problem) return problem;
  }
  return undefined;
}

function valueProblem(field: CronField, token: string): Problem | undefined {
  const index = field.names?.indexOf(token.toUpperCase()) ?? -1;
  if (index >= 0) return undefined;
  if (!/^\d+$/.test(token)) {
    const names = field.names ? ` or a name ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
    return { token, says: `is not a number${names}` };
  }
  const value = Number(token);
  return value < field.min || value > field.max ? { token, says: `is out of range ${field.min}-${field.max}` } : undefined;
}

/** The day forms: `L` (last day), `nW` (weekday nearest day n), `nL` (last weekday n of the month), `n#k` (k-th weekday n). */
interface SpecialDayForm {
  readonly what: string;
  readonly fields: readonly CronField[];
  readonly day?: string;
  readonly nth?: string;
}

function specialDayForm(item: string): SpecialDayForm | undefined {
  if (/^L$/i.test(item)) return { what: '"L"', fields: [DAY_OF_MONTH, DAY_OF_WEEK] };
  const weekday = /^(\d+)W$/i.exec(item);
  if (weekday) return { what: '"W"', fields: [DAY_OF_MONTH], day: weekday[1] };
  const last = /^(\d+|[A-Z]{3})L$/i.exec(item);
  if (last) return { what: '"L" after a day', fields: [DAY_OF_WEEK], day: last[1] };
  const nth = /^(\w+)#(\w*)$/.exec(item);
  if (nth) return { what: '"#"', fields: [DAY_OF_WEEK], day: nth[1], nth: nth[2] };
  return undefined;
}

function specialDayProblem(field: CronField, form: SpecialDayForm, item: string, itemCount: number): Problem | undefined {
  if (!form.fields.includes(field)) {
    return { token: item, says: `uses ${form.what}, which is only allowed in ${form.fields.map((f) => f.name).join(' or ')}` };
  }
  if (itemCount > 1) return { token: item, says: `uses ${form.what}, which must stand alone in the field (not in a list)` };
  if (form.nth !== undefined && !/^[1-5]$/.test(form.nth)) {
    return { token: item, says: `must be day#n with n 1-5 (e.g. "6#3", the third Friday of the month)` };
  }
  return form.day === undefined ? undefined : valueProblem(field, form.day);
}
