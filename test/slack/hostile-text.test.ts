import { describe, expect, it } from 'vitest';
import { NO_COUNTS, type ResourceLine } from '../../lambda/core/report';
import type { SlackMessage } from '../../lambda/slack/block-kit';
import { failureMessage, reportMessages, warningMessages } from '../../lambda/slack/messages';
import { accountSummaryMessages } from '../../lambda/slack/run-summary-messages';
import { clip, escapeMrkdwn, visibleText } from '../../lambda/slack/slack-text';
import { reportOf, resourceLine, warningOf } from './fixtures';

/** Bidi embeddings/overrides, isolates, marks, zero-width characters, BOM, soft hyphen, tag characters, Hangul filler. */
const INVISIBLES = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u00AD',
  '\u{E0041}',
  '\u3164',
  '\uFE0F',
];
const RLO = '\u202E';
const ZWJ = '\u200D';
/** What must never reach Slack: a control (other than the line breaks the janitor writes itself) or a format character. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this pattern looks for.
const HIDDEN = /[\p{Cf}\p{Cs}\u0000-\u0009\u000B-\u001F\u007F-\u009F]/u;

/** Every `text` string anywhere in the messages, with the fallback texts. */
function texts(messages: readonly SlackMessage[]): string[] {
  const out: string[] = [];
  const walk = (value: unknown, key?: string): void => {
    if (typeof value === 'string') {
      if (key === 'text') out.push(value);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  for (const m of messages) {
    out.push(m.text);
    walk(m.blocks);
  }
  return out;
}

function lines(messages: readonly SlackMessage[]): string[] {
  return texts(messages).flatMap((t) => t.split('\n'));
}

function expectNothingHidden(messages: readonly SlackMessage[]): void {
  for (const text of texts(messages)) expect(HIDDEN.test(text), JSON.stringify(text)).toBe(false);
}

describe('visibleText', () => {
  it.each(INVISIBLES.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))('removes %s', (_name, c) => {
    expect(visibleText(`a${c}b`)).toBe('ab');
  });

  it('turns line breaks into spaces, drops other controls and lone surrogates, keeps visible Unicode', () => {
    expect(visibleText('a\nb\r\nc\td\u2028e\u0085f')).toBe('a b  c d e f');
    expect(visibleText('a\u0000b\u001Bc\u007Fd\u009Be')).toBe('abcde');
    expect(visibleText('x\uD800y\uDC00z')).toBe('xyz');
    expect(visibleText('Grüße 日本 مرحبا 🙂 ~$7.59')).toBe('Grüße 日本 مرحبا 🙂 ~$7.59');
  });

  it('is applied before escaping, so a hidden character cannot smuggle an entity or a mention past it', () => {
    expect(escapeMrkdwn(`&${ZWJ}lt;!channel&${ZWJ}gt;`)).toBe('&amp;lt;!channel&amp;gt;');
    expect(escapeMrkdwn(`<${ZWJ}!channel>`)).toBe('&lt;!channel&gt;');
    expect(clip(`${RLO}${'\u200B'.repeat(500)}`, 10)).toBe('');
  });
});

describe('hostile resource names and ids in a warning', () => {
  it('a name ending in U+202E cannot reverse the rest of its line: the line reads exactly as built', () => {
    // Rendered with the override, "...) · 3d · missing" would read backwards: "gnissim · d3 · (...".
    const r = resourceLine(1, { name: `invoice-${RLO}fdp.exe`, reason: `missing IaC tags (ManagedBy)${RLO}` });
    const messages = warningMessages(warningOf([r]));
    expectNothingHidden(messages);
    expect(lines(messages)).toContain(`• *EC2 instance* <${r.consoleUrl}|invoice-fdp.exe (${r.id})> · 3d · missing IaC tags (ManagedBy)`);
  });

  it('a name cannot start a line of its own, nor pose as another resource line', () => {
    const fake = `real-db\n• *RDS instance* prod-db · 1d · missing IaC tags (ManagedBy)`;
    const messages = warningMessages(warningOf([resourceLine(1, { name: fake })]));
    const bullets = lines(messages).filter((l) => l.startsWith('• *'));
    expect(bullets).toHaveLength(1);
    expect(bullets[0]).toMatch(/^• \*EC2 instance\* <[^>]+\|real-db • \*RDS instance\* prod-db/);
  });

  it('a name of format characters only shows the id, as if it had no name', () => {
    const r = resourceLine(2, { name: `${RLO}${ZWJ}\u2066\uFEFF` });
    const [message] = warningMessages(warningOf([r]));
    expect(lines([message!])).toContain(`• *EC2 instance* <${r.consoleUrl}|${r.id}> · 3d · missing IaC tags (ManagedBy)`);
  });

  it('an id with zero-width joiners inside is shown without them, and its console link is not offered', () => {
    const id = `i-0abc${ZWJ}def${'\u200B'}0123456789`;
    const r = resourceLine(3, {
      id,
      name: undefined,
      consoleUrl: `https://eu-west-1.console.aws.amazon.com/ec2/home#InstanceDetails:instanceId=${id}`,
    });
    const messages = warningMessages(warningOf([r]));
    expectNothingHidden(messages);
    expect(lines(messages)).toContain('• *EC2 instance* i-0abcdef0123456789 · 3d · missing IaC tags (ManagedBy)');
  });

  it('an id of format characters only falls back to the ARN', () => {
    const r = resourceLine(4, { id: `${ZWJ}${ZWJ}`, name: RLO });
    const [message] = warningMessages(warningOf([r]));
    expect(lines([message!]).join('\n')).toContain(`|${r.arn}>`);
  });

  it('shows mentions, broadcasts and mrkdwn links in names, reasons and tag values literally', () => {
    const r = resourceLine(5, {
      name: '<!channel> <@U0CFO1234> <https://evil.example|click here>',
      reason: 'janitor:exempt="<!here>" is neither "true" nor a date',
      backup: 'snapshot <https://evil.example|snap-1>',
      cost: '<!subteam^S0123|@everyone>',
    });
    const text = texts(warningMessages(warningOf([r]))).join('\n');
    expect(text).toContain('&lt;!channel&gt; &lt;@U0CFO1234&gt; &lt;https://evil.example|click here&gt;');
    expect(text).toContain('janitor:exempt="&lt;!here&gt;"');
    for (const injected of ['<!channel>', '<@U0CFO1234>', '<https://evil.example', '<!here>', '<!subteam'])
      expect(text).not.toContain(injected);
  });
});

describe('hostile owners in a warning', () => {
  const owned = (n: number, owner: ResourceLine['owner']) => resourceLine(n, { owner });
  const titles = (messages: SlackMessage[]) => lines(messages).filter((l) => /Owner/.test(l));

  it('an owner name is text: mention, broadcast and link syntax are escaped, hidden characters removed', () => {
    const messages = warningMessages(
      warningOf(
        [
          owned(1, { name: '<!channel>', source: 'tag' }),
          owned(2, { name: `<@U0CFO1234>${RLO}`, source: 'tag' }),
          owned(3, { name: '<https://evil.example|re-authenticate here>', source: 'tag' }),
          owned(4, { name: 'U0CFO1234', source: 'tag' }),
        ],
        { ownersResolved: true },
      ),
    );
    expectNothingHidden(messages);
    const shown = titles(messages).join('\n');
    expect(shown).toContain('*Owner:* &lt;!channel&gt; (no Slack user found)');
    expect(shown).toContain('*Owner:* &lt;@U0CFO1234&gt; (no Slack user found)');
    expect(shown).toContain('*Owner:* &lt;https://evil.example|re-authenticate here&gt; (no Slack user found)');
    // A bare user id in a tag is a name like any other, not a mention.
    expect(shown).toContain('*Owner:* U0CFO1234 (no Slack user found)');
    expect(shown).not.toMatch(/<[@!h]/);
  });

  it('mentions only a well-formed Slack user id, whatever the owner object says', () => {
    const messages = warningMessages(
      warningOf(
        [
          owned(1, { name: 'alice', slackUserId: 'U0ALICE', source: 'tag' }),
          owned(2, { name: 'x', slackUserId: 'U0X>|<!channel', source: 'tag' }),
        ],
        {
          ownersResolved: true,
        },
      ),
    );
    const shown = titles(messages).join('\n');
    expect(shown).toContain('*Owner:* <@U0ALICE> (alice)');
    expect(shown).toContain('*Owner:* x (no Slack user found)');
    expect(shown).not.toContain('<!channel');
  });

  it('owners who look alike once hidden characters are gone share one group; an invisible owner is unknown', () => {
    const messages = warningMessages(
      warningOf(
        [
          owned(1, { name: 'alice', source: 'tag' }),
          owned(2, { name: `ali${ZWJ}ce`, source: 'tag' }),
          owned(3, { name: `${ZWJ}${RLO}`, source: 'tag' }),
        ],
        { ownersResolved: true },
      ),
    );
    expect(titles(messages)).toEqual([
      ':bust_in_silhouette: *Owner:* alice (no Slack user found) — 2 resources',
      ':grey_question: *Owner unknown* — 1 resource',
    ]);
  });

  it('owner lookup problems quoting a tag value are shown clean', () => {
    const messages = warningMessages(
      warningOf([resourceLine(1)], { ownerProblems: [`Slack users.lookupByEmail failed: <!channel>${RLO}\nnext`] }),
    );
    expectNothingHidden(messages);
    expect(texts(messages).join('\n')).toContain('Slack users.lookupByEmail failed: &lt;!channel&gt; next');
  });
});

describe('hostile text in reports, failures, keeps and account summaries', () => {
  it('errors, cap alerts, listing errors and keepers are one visible, escaped line each', () => {
    const messages = reportMessages(
      reportOf({
        failed: [{ ...resourceLine(1), error: `AccessDenied: no ec2:TerminateInstances on ${RLO}1-i\n<!channel>` }],
        capAlerts: [`42 resources due${ZWJ}`],
        listingErrors: [{ type: `s3:bucket${RLO}`, error: 'Throttling:\u0000 <@U0CFO1234>' }],
        keptFromSlack: [
          {
            arn: `arn:aws:ec2:eu-west-1:1:instance/i-1${ZWJ}`,
            keptBy: `<!channel>${RLO}`,
            until: 'forever',
            at: new Date('2026-11-21T00:00:00Z'),
          },
        ],
        auditError: `AccessDenied${RLO} <!here>`,
      }),
    );
    expectNothingHidden(messages);
    const text = lines(messages).join('\n');
    expect(text).toContain('error: `AccessDenied: no ec2:TerminateInstances on 1-i &lt;!channel&gt;`');
    expect(text).toContain('`s3:bucket` `Throttling: &lt;@U0CFO1234&gt;`');
    expect(text).toContain('`arn:aws:ec2:eu-west-1:1:instance/i-1` · kept by &lt;!channel&gt; for good');
    expect(text).toContain('`AccessDenied &lt;!here&gt;`');
  });

  it('a run failure and a failed region in the account summary are cleaned the same way', () => {
    const failure = failureMessage({ accountId: '123456789012', region: 'eu-west-1', error: `boom${RLO}\n<!channel>` });
    const summary = accountSummaryMessages({
      accountId: '123456789012',
      runId: `run-1${ZWJ}`,
      dryRun: false,
      regions: [{ region: 'eu-west-1', status: 'failed', error: `cannot assume role${RLO}\nsecond line <!channel>` }],
      totals: NO_COUNTS,
      reports: [],
    });
    expectNothingHidden([failure, ...summary]);
    expect(texts([failure]).join('\n')).toContain('`boom &lt;!channel&gt;`');
    expect(lines(summary)).toContain(':x: `eu-west-1` — *sweep failed:* cannot assume role second line &lt;!channel&gt;');
    expect(texts(summary).join('\n')).toContain('Run `run-1`');
  });
});
