import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import { RESOURCE_TYPE_IDS, RESOURCE_TYPES } from '../../lambda/resources/registry';
import type { ResourceType } from '../../lambda/resources/resource-type';
import { FakeAccount } from '../fakes/fake-account';
import { SERVED_TYPE_IDS, SERVED_TYPE_SEEDERS } from '../fakes/http/served-types';
import { installFakeAws } from '../fakes/install';

/**
 * "Adding a type" is the plug-in, its registry line, its fake and its spec; this keeps the rest
 * from being forgotten: every registered type is faked, has a spec on the shared contract, a README
 * row and a seeder for the loopback endpoint (which the benchmark seeds with).
 */
const ROOT = join(__dirname, '..', '..');
const RESOURCES = join(ROOT, 'lambda', 'resources');
const SPECS = join(ROOT, 'test', 'resources');

/** Each registered type with the name it is exported under and its file, read from the registry's imports. */
async function registeredTypes(): Promise<{ type: ResourceType; exportName: string; file: string }[]> {
  const registry = readFileSync(join(RESOURCES, 'registry.ts'), 'utf8');
  const imports = [...registry.matchAll(/^import \{ (\w+) \} from '\.\/([\w-]+)';$/gm)].map(([, exportName, file]) => ({
    exportName: exportName!,
    file: file!,
  }));
  const found: { type: ResourceType; exportName: string; file: string }[] = [];
  for (const { exportName, file } of imports) {
    const module = (await import(join(RESOURCES, `${file}.ts`))) as Record<string, unknown>;
    const type = RESOURCE_TYPES.find((t) => t === module[exportName]);
    if (type) found.push({ type, exportName, file });
  }
  return found;
}

describe('the registry is complete', () => {
  it('reads every registered type from the registry imports (so the checks below cover them all)', async () => {
    expect((await registeredTypes()).map((t) => t.type.id).sort()).toEqual([...RESOURCE_TYPE_IDS].sort());
    expect(new Set(RESOURCE_TYPE_IDS).size).toBe(RESOURCE_TYPE_IDS.length);
  });

  describe('every type has a fake: listing an empty account with every fake installed calls only faked operations', () => {
    let account: FakeAccount;
    let restore: () => void;
    beforeEach(() => {
      account = new FakeAccount();
      restore = installFakeAws(account);
    });
    afterEach(() => restore());

    for (const type of RESOURCE_TYPES) {
      it(type.id, async () => {
        const clients = new AwsClients({ accountId: account.accountId, region: 'eu-west-1' });
        const listed = [];
        // An operation no fake answers fails here: the mocked client returns nothing, an unmocked one has no network.
        for await (const resource of type.list(clients)) listed.push(resource);
        expect(listed).toEqual([]);
        expect(account.calls.length, `${type.id}: no faked operation was called`).toBeGreaterThan(0);
      });
    }
  });

  it('a type that reads its own tags on completion has a complete() and takes no tags from the list or the sweep', () => {
    for (const type of RESOURCE_TYPES.filter((t) => t.completeReadsTags)) {
      expect(type.complete, type.id).toBeTypeOf('function');
      expect(type.tagsFromList, type.id).toBe(false);
    }
  });

  it('every type has a spec under test/resources that runs the shared contract on it (describePlugin)', async () => {
    const specs = readdirSync(SPECS)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(SPECS, f), 'utf8'));
    const missing = (await registeredTypes()).filter(
      ({ exportName, file }) =>
        !specs.some(
          (spec) =>
            spec.includes(`from '../../lambda/resources/${file}'`) &&
            new RegExp(`describePlugin\\(\\s*\\{[^}]*?\\btype: ${exportName}\\b`).test(spec),
        ),
    );
    expect(missing.map((t) => t.type.id)).toEqual([]);
  });

  it('every type has a row in the README\'s "Supported resource types" table, and the table no other', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Supported resource types'));
    const table = section
      .slice(0, section.indexOf('\n## '))
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
    const ids = table.slice(1).map((row) => /^\| [^|]*\(`([^`]+)`\)/.exec(row)?.[1]);
    expect(ids.sort()).toEqual([...RESOURCE_TYPE_IDS].sort());
    expect(section).toContain(`${RESOURCE_TYPE_IDS.length} types, one plug-in file each`);
  });

  it('every type has a seeder for the loopback fake endpoint, which serves every protocol (the bench and every-type-over-http seed with them)', () => {
    expect([...SERVED_TYPE_IDS].sort()).toEqual([...RESOURCE_TYPE_IDS].sort());
    for (const id of RESOURCE_TYPE_IDS) expect(SERVED_TYPE_SEEDERS[id], id).toBeTypeOf('function');
  });
});
