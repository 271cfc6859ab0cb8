import { DeleteStateMachineCommand, SFNClient, paginateListStateMachines } from '@aws-sdk/client-sfn';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';

/**
 * Step Functions state machines. Tagging API type `states:stateMachine` (AWS Organizations,
 * "Services and resource types that support enforcement"); ARN
 * `arn:aws:states:{region}:{account}:stateMachine:{name}` as ListStateMachines returns it.
 */
export const stateMachine: ResourceType = {
  id: 'states:stateMachine',
  label: 'Step Functions state machine',
  tagsFromList: false,
  // Before the Lambda functions and queues its states call, so no execution fails half-way on them.
  deletionOrder: 30,
  iam: {
    read: ['states:ListStateMachines'],
    tag: ['states:TagResource', 'states:UntagResource'],
    delete: ['states:DeleteStateMachine'],
  },

  async *list(clients) {
    const { region, accountId } = clients.target;
    for await (const page of paginateListStateMachines({ client: clients.get(SFNClient), pageSize: 1000 }, {})) {
      for (const machine of page.stateMachines ?? []) {
        if (!machine.stateMachineArn || !machine.name) continue;
        yield {
          type: 'states:stateMachine',
          arn: machine.stateMachineArn,
          id: machine.stateMachineArn,
          name: machine.name,
          region,
          accountId,
          createdAt: machine.creationDate,
          tags: {},
          details: { workflowType: machine.type },
        } satisfies Resource;
      }
    }
  },

  async delete(clients, resource) {
    // Executions still running are stopped at their next state transition.
    await clients.get(SFNClient).send(new DeleteStateMachineCommand({ stateMachineArn: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/states/home?region=${r.region}#/statemachines/view/${encodeURIComponent(r.arn)}`,

  // Billed per state transition (standard) or per request and duration (express): an idle one is free.
  costHint: () => 'nothing while idle (billed per execution)',
};
