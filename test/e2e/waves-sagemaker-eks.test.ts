import { beforeEach, describe, expect, it } from 'vitest';
import type { FakeAccount, FakeResource } from '../fakes/fake-account';
import { seedEksCluster, seedFargateProfile, seedNodegroup } from '../fakes/services/eks';
import { seedEndpoint, seedEndpointConfig, seedModel } from '../fakes/services/sagemaker';
import { DUE_MARK, LONG_AGO, NIGHT_1, NIGHT_2, useJanitorScenario } from './scenario';

/**
 * Dependents first, over the waves and nights the engine runs: a SageMaker endpoint before the
 * configuration it runs on, that before the model it names (SageMaker itself checks none of it);
 * an EKS cluster's node groups and Fargate profiles before the cluster.
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

const EKS = { resourceTypes: ['eks:cluster', 'eks:nodegroup', 'eks:fargateprofile'] };

describe('deletion waves: EKS', () => {
  const scenario = useJanitorScenario();
  let account: FakeAccount;
  beforeEach(() => {
    account = scenario.account;
  });

  const due = { tags: DUE_MARK, createdAt: LONG_AGO };
  const callIndex = (command: string) => account.calls.findIndex((c) => c.command === command);

  it('deletes the node group and Fargate profile first, the cluster in a later wave once they are gone', async () => {
    const cluster = seedEksCluster(account, { name: 'experiments', ...due });
    const group = seedNodegroup(account, { cluster, ...due });
    const profile = seedFargateProfile(account, { cluster, ...due });
    await scenario.announce(cluster, group, profile);

    const { report } = await scenario.night(NIGHT_1, EKS);

    expect(report.started.map((l) => l.arn).sort()).toEqual([cluster.arn, group.arn, profile.arn].sort());
    expect(report.failed).toEqual([]);
    expect(account.callsOf('DeleteCluster')).toHaveLength(1);
    expect(callIndex('DeleteNodegroup')).toBeLessThan(callIndex('DeleteCluster'));
    expect(callIndex('DeleteFargateProfile')).toBeLessThan(callIndex('DeleteCluster'));
    // The cluster's first wave found them still deleting, and made no DeleteCluster call then.
    expect(account.callsOf('ListNodegroups').filter((c) => c.input.clusterName === 'experiments').length).toBeGreaterThan(1);
  });

  it('with one wave a night: the node group one night, the cluster the next', async () => {
    const cluster = seedEksCluster(account, { name: 'experiments', ...due });
    const group = seedNodegroup(account, { cluster, name: 'workers', ...due });
    await scenario.announce(cluster, group);
    const oneWave = { ...EKS, deletion: { maxWaves: 1 } };

    const first = await scenario.night(NIGHT_1, oneWave);
    expect(first.report.started.map((l) => l.arn)).toEqual([group.arn]);
    expect(first.report.skipped.map((l) => [l.arn, l.reason])).toEqual([
      [cluster.arn, 'node group workers still attached; deleted once they are gone; the next run continues'],
    ]);
    expect(account.callsOf('DeleteCluster')).toEqual([]);

    // During the day EKS finishes draining and deleting the node group.
    account.settle();
    const second = await scenario.night(NIGHT_2, oneWave);
    expect(second.report.started.map((l) => l.arn)).toEqual([cluster.arn]);
    expect(account.get(cluster.arn).data.status).toBe('DELETING');
  });

  it('never deletes a cluster whose node group is kept', async () => {
    const cluster = seedEksCluster(account, due);
    const kept = seedNodegroup(account, { cluster, tags: { ManagedBy: 'terraform' }, createdAt: LONG_AGO });
    await scenario.announce(cluster);

    const { report } = await scenario.night(NIGHT_1, EKS);

    expect(report.skipped.map((l) => l.arn)).toEqual([cluster.arn]);
    expect(account.callsOf('DeleteCluster').concat(account.callsOf('DeleteNodegroup'))).toEqual([]);
    expect(account.exists(kept.arn) && account.exists(cluster.arn)).toBe(true);
  });
});
