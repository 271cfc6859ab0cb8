import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambda/config';
import { requiredSlackScopes, slackAppManifest } from '../../lambda/slack/slack-scopes';

const ROOT = path.join(__dirname, '..', '..');
const base = { slack: { channel: '#janitor', tokenSecretName: 'janitor/slack' } };
const everything = parseConfig({
  ...base,
  slack: { ...base.slack, keepButtons: { signingSecretName: 'janitor/signing', allowedUserGroupId: 'S0PLATFORM' } },
  owners: { emailDomains: ['corp.example'] },
});

/** The scope each Web API method the runtime calls needs (https://docs.slack.dev/reference/methods). */
const METHOD_SCOPES: Readonly<Record<string, string>> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'files.uploadV2': 'files:write',
  'users.lookupByEmail': 'users:read.email',
  'usergroups.users.list': 'usergroups:read',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('the Slack scopes the janitor needs', () => {
  it('covers every Web API method the runtime calls (read from the code, so a new call cannot go unlisted)', () => {
    // lambda/cli runs on a laptop, not in the runtime: `janitor doctor` calls auth.test (no scope) and
    // conversations.* (channels:read, which it does without when the token lacks it).
    const runtime = sources(path.join(ROOT, 'lambda')).filter((file) => !file.startsWith(path.join(ROOT, 'lambda', 'cli')));
    const called = new Set(
      runtime.flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/\.(chat|files|users|usergroups|conversations|auth|reactions)\.(\w+(?:\.\w+)?)\(/g)].map(
          (m) => `${m[1]}.${m[2]}`,
        ),
      ),
    );
    expect(called.size).toBeGreaterThanOrEqual(6);
    const scopes = requiredSlackScopes(everything).map((n) => n.scope);
    for (const method of called) {
      expect(METHOD_SCOPES[method], `${method} has no scope in METHOD_SCOPES`).toBeDefined();
      expect(scopes, `${method} needs ${METHOD_SCOPES[method]}`).toContain(METHOD_SCOPES[method]);
    }
  });

  it('asks for no more than the enabled features need', () => {
    expect(requiredSlackScopes(parseConfig(base)).map((n) => n.scope)).toEqual(['chat:write', 'files:write']);
    expect(requiredSlackScopes(everything).map((n) => n.scope)).toEqual([
      'chat:write',
      'files:write',
      'users:read',
      'users:read.email',
      'usergroups:read',
    ]);
  });

  it('the manifest turns interactivity on, at the Keep endpoint, only with Keep buttons', () => {
    expect(slackAppManifest(everything, 'https://abc.lambda-url.eu-west-1.on.aws/')).toMatchObject({
      settings: { interactivity: { is_enabled: true, request_url: 'https://abc.lambda-url.eu-west-1.on.aws/' } },
    });
    expect(JSON.stringify(slackAppManifest(parseConfig(base)))).not.toContain('interactivity');
  });

  it('bin/janitor-slack-manifest.ts refuses --keep-url without Keep buttons rather than drop it', () => {
    const run = spawnSync('npx', ['tsx', 'bin/janitor-slack-manifest.ts', '--keep-url', 'https://abc.lambda-url.eu-west-1.on.aws/'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--keep-url needs slack\.keepButtons in .*cdk\.json: set it, run npx cdk deploy/);
  });

  it('the committed docs/slack-app-manifest.json is what bin/janitor-slack-manifest.ts renders for cdk.json', () => {
    const cdkJson = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: { janitor: unknown } };
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'docs', 'slack-app-manifest.json'), 'utf8'));
    expect(committed).toEqual(slackAppManifest(parseConfig(cdkJson.context.janitor)));
  });
});
