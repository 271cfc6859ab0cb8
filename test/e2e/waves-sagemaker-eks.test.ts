import { beforeEach, describe, expect, it } from 'vitest';
import type { FakeAccount, FakeResource } from '../fakes/fake-account';
import { seedEndpoint, seedEndpointConfig, seedModel } from '../fakes/services/sagemaker';
import { DUE_MARK, LONG_AGO, NIGHT_1, NIGHT_2, useJanitorScenario } from './scenario';

/**
 * Dependents first, over the waves and nights the engine runs: a SageMaker endpoint before the
 * configuration it runs on, that before the model it names. SageMaker itself checks none of it.
 */

const SAGEMAKER = { resourceTypes: ['sagemaker:endpoint', 'sagemaker:endpoint-config', 'sagemaker:model'] };

describe('deletion waves: SageMaker', () => {
  const scenario = useJanitorScenario();
  let account: FakeAccount;
  beforeEach(() => {
    account = scenario.account;
  });

  /** An endpoint with its configuration and model, all never tagged, announced and due. */
  async function dueInference(): Promise<{ endpoint: FakeResource; config: FakeResource; model: FakeResource }> {
    const model = seedModel(account, { tags: DUE_MARK, createdAt: LONG_AGO });
    const config = seedEndpointConfig(account, { models: [model], tags: DUE_MARK, createdAt: LONG_AGO });
    const endpoint = seedEndpoint(account, { config, tags: DUE_MARK, createdAt: LONG_AGO });
    await scenario.announce(endpoint, config, model);
    return { endpoint, config, model };
  }

  const callIndex = (command: string) => account.calls.findIndex((c) => c.command === command);

  it('deletes the endpoint, then its configuration once the endpoint is gone, then its model', async () => {
    const { endpoint, config, model } = await dueInference();

    const { report } = await scenario.night(NIGHT_1, SAGEMAKER);

    expect(report.started.map((l) => l.arn)).toEqual([endpoint.arn]);
    expect(report.deleted.map((l) => l.arn)).toEqual([config.arn, model.arn]);
    expect(report.failed).toEqual([]);
    // The configuration waited for the endpoint's deletion to finish (the pause between waves), the model for the configuration.
    expect(callIndex('DeleteEndpoint')).toBeLessThan(callIndex('DeleteEndpointConfig'));
    expect(callIndex('DeleteEndpointConfig')).toBeLessThan(callIndex('DeleteModel'));
    expect(account.callsOf('DeleteEndpointConfig')).toHaveLength(1);
    for (const r of [endpoint, config, model]) expect(account.exists(r.arn), r.arn).toBe(false);
  });

  it('with one wave a night: the endpoint one night, its configuration and model the next', async () => {
    const { endpoint, config, model } = await dueInference();
    const oneWave = { ...SAGEMAKER, deletion: { maxWaves: 1 } };

    const first = await scenario.night(NIGHT_1, oneWave);
    expect(first.report.started.map((l) => l.arn)).toEqual([endpoint.arn]);
    expect(first.report.skipped.map((l) => [l.arn, l.reason])).toEqual([
      [config.arn, `used by endpoint ${endpoint.data.name}; deleted once no endpoint uses it; the next run continues`],
      [model.arn, `named by endpoint configuration ${config.data.name}; deleted once no configuration names it; the next run continues`],
    ]);
    expect(account.callsOf('DeleteEndpointConfig').concat(account.callsOf('DeleteModel'))).toEqual([]);
    expect(scenario.markOf(config.arn)).toBe(DUE_MARK['janitor:delete-after']);

    // During the day SageMaker finishes deleting the endpoint.
    account.settle();
    const second = await scenario.night(NIGHT_2, oneWave);
    expect(second.report.deleted.map((l) => l.arn)).toEqual([config.arn, model.arn]);
    expect(account.exists(config.arn) || account.exists(model.arn)).toBe(false);
  });

  it('never deletes a configuration or model a kept endpoint still runs on', async () => {
    const model = seedModel(account, { tags: DUE_MARK, createdAt: LONG_AGO });
    const config = seedEndpointConfig(account, { models: [model], tags: DUE_MARK, createdAt: LONG_AGO });
    const kept = seedEndpoint(account, { config, tags: { ManagedBy: 'terraform' }, createdAt: LONG_AGO });
    await scenario.announce(config, model);

    const { report } = await scenario.night(NIGHT_1, SAGEMAKER);

    expect(report.skipped.map((l) => l.arn)).toEqual([config.arn, model.arn]);
    expect(account.mutatingCalls().filter((c) => c.service === 'sagemaker')).toEqual([]);
    for (const r of [kept, config, model]) expect(account.exists(r.arn), r.arn).toBe(true);
  });
});
