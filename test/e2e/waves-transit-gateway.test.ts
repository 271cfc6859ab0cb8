import { describe, expect, it } from 'vitest';
import { seedTransitGateway, seedTransitGatewayAttachment, seedVpnConnection } from '../fakes/services/ec2';
import { DUE_MARK, LONG_AGO, NIGHT_1, useJanitorScenario } from './scenario';

/**
 * A due transit gateway and its due attachments, through the nightly run: the attachments go first
 * (their deletion is asynchronous), the gateway in a later wave once EC2 no longer lists them.
 */
describe('transit gateway waves, end to end', () => {
  const scenario = useJanitorScenario();
  const TYPES = { resourceTypes: ['ec2:transit-gateway-attachment', 'ec2:transit-gateway'] };

  it('deletes the attachments before the gateway, in the same night', async () => {
    const { account } = scenario;
    const gateway = seedTransitGateway(account, { tags: DUE_MARK, creationTime: LONG_AGO });
    const attachments = [0, 1].map(() =>
      seedTransitGatewayAttachment(account, { transitGateway: gateway, tags: DUE_MARK, creationTime: LONG_AGO }),
    );
    await scenario.announce(gateway, ...attachments);

    const { report } = await scenario.night(NIGHT_1, TYPES);

    const deleteCalls = account.calls.filter((c) => /^Delete(TransitGateway|TransitGatewayVpcAttachment)$/.test(c.command));
    expect(deleteCalls.map((c) => c.command)).toEqual([
      'DeleteTransitGatewayVpcAttachment',
      'DeleteTransitGatewayVpcAttachment',
      'DeleteTransitGateway',
    ]);
    expect(report.started.map((l) => l.arn).sort()).toEqual([gateway.arn, ...attachments.map((a) => a.arn)].sort());
    expect(report.failed).toEqual([]);
    account.settle();
    expect([gateway, ...attachments].some((r) => account.exists(r.arn))).toBe(false);
  });

  it('skips the gateway, saying the next run continues, while an attachment it holds is kept', async () => {
    const { account } = scenario;
    const gateway = seedTransitGateway(account, { tags: DUE_MARK, creationTime: LONG_AGO });
    const kept = seedTransitGatewayAttachment(account, {
      transitGateway: gateway,
      creationTime: LONG_AGO,
      tags: { ManagedBy: 'terraform' },
    });
    await scenario.announce(gateway);

    const { report } = await scenario.night(NIGHT_1, TYPES);

    expect(account.callsOf('DeleteTransitGateway')).toEqual([]);
    expect(account.exists(gateway.arn)).toBe(true);
    expect(account.exists(kept.arn)).toBe(true);
    expect(report.skipped.map((l) => [l.arn, l.reason])).toEqual([
      [gateway.arn, expect.stringMatching(/still has 1 attachment\(s\).*the next run continues/)],
    ]);
    // Still marked: once the attachment is removed, a later night deletes the gateway.
    expect(scenario.markOf(gateway.arn)).toBe(DUE_MARK['janitor:delete-after']);
  });

  it("a VPN connection's attachment goes with the connection, then the gateway", async () => {
    const { account } = scenario;
    const gateway = seedTransitGateway(account, { tags: DUE_MARK, creationTime: LONG_AGO });
    const vpn = seedVpnConnection(account, { tags: DUE_MARK, transitGatewayId: gateway.data.transitGatewayId });
    seedTransitGatewayAttachment(account, { transitGateway: gateway, resourceType: 'vpn', resourceId: vpn.data.vpnConnectionId });
    await scenario.announce(gateway, vpn);

    const { report } = await scenario.night(NIGHT_1, { resourceTypes: [...TYPES.resourceTypes, 'ec2:vpn-connection'] });

    expect(account.calls.filter((c) => /^Delete(TransitGateway|VpnConnection)$/.test(c.command)).map((c) => c.command)).toEqual([
      'DeleteVpnConnection',
      'DeleteTransitGateway',
    ]);
    expect(report.started.map((l) => l.arn).sort()).toEqual([gateway.arn, vpn.arn].sort());
    account.settle();
    expect(account.exists(gateway.arn)).toBe(false);
    expect(account.exists(vpn.arn)).toBe(false);
  });
});
