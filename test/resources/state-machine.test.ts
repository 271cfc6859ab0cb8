import { describe, expect, it } from 'vitest';
import { stateMachine } from '../../lambda/resources/state-machine';
import { FakeAwsError } from '../fakes/fake-account';
import { installStepFunctions, seedStateMachine } from '../fakes/services/sfn';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: stateMachine,
    installers: [installStepFunctions],
    seed: seedStateMachine,
    deleteCommand: 'DeleteStateMachine',
    tagActions: ['states:TagResource', 'states:UntagResource'],
  },
  (h) => {
    describe('listing', () => {
      it('describes a state machine by its ARN, with its name, workflow type and creation time', async () => {
        const createdAt = new Date('2024-06-10T16:45:00Z');
        const seeded = seedStateMachine(h.account, { name: 'order-fulfilment', createdAt, workflowType: 'EXPRESS' });
        const arn = `arn:aws:states:${REGION}:${h.account.accountId}:stateMachine:order-fulfilment`;

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'states:stateMachine',
          arn,
          id: arn,
          name: 'order-fulfilment',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: {},
          details: { workflowType: 'EXPRESS' },
        });
      });

      it('makes no per-machine call, for tags or anything else', async () => {
        for (let i = 0; i < 7; i++) seedStateMachine(h.account, { tags: i % 2 ? { team: 'orders' } : {} });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['ListStateMachines']);
      });
    });

    describe('deletion', () => {
      it('deletes the state machine by ARN with DeleteStateMachine', async () => {
        const seeded = seedStateMachine(h.account);

        expect(await h.deleteListed(seeded.arn)).toEqual({ status: 'deleted' });
        expect(h.account.callsOf('DeleteStateMachine').map((c) => c.input)).toEqual([{ stateMachineArn: seeded.arn }]);
      });

      it('throws a failing DeleteStateMachine with its AWS name', async () => {
        const seeded = seedStateMachine(h.account);
        const listed = await h.listed(seeded.arn);
        h.account.failNext('DeleteStateMachine', () => new FakeAwsError('ValidationException', 'state machine is being updated'));

        await expect(stateMachine.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'ValidationException' });
        expect(h.account.exists(seeded.arn)).toBe(true);
      });
    });

    describe('declarations', () => {
      it('links to the state machine in the Step Functions console', async () => {
        const listed = await h.listed(seedStateMachine(h.account, { name: 'order-fulfilment' }).arn);

        expect(stateMachine.consoleUrl(listed)).toBe(
          `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/statemachines/view/arn%3Aaws%3Astates%3Aeu-west-1%3A${h.account.accountId}%3AstateMachine%3Aorder-fulfilment`,
        );
      });
    });
  },
);
