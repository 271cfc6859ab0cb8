import { DeleteStateMachineCommand, paginateListStateMachines, SFNClient } from '@aws-sdk/client-sfn';
import { consoleBase } from '../aws/arn';
import { pagedType } from './paged-list';

/**
 * Step Functions state machines. Tagging API type `states:stateMachine` (AWS Organizations,
 * "Services and resource types that support enforcement"); ARN
 * `arn:aws:states:{region}:{account}:stateMachine:{name}` as ListStateMachines returns it.
 */
export const stateMachine = pagedType({
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

  listing: {
    pages: (clients) => paginateListStateMachines({ client: clients.get(SFNClient), pageSize: 1000 }, {}),
    items: (page) => page.stateMachines,
    resource: (machine) =>
      machine.stateMachineArn && machine.name
        ? {
            arn: machine.stateMachineArn,
            id: machine.stateMachineArn,
            name: machine.name,
            createdAt: machine.creationDate,
            details: { workflowType: machine.type },
          }
        : undefined,
  },

  async delete(clients, resource) {
    // Executions still running are stopped at their next state transition.
    await clients.get(SFNClient).send(new DeleteStateMachineCommand({ stateMachineArn: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/states/home?region=${r.region}#/statemachines/view/${encodeURIComponent(r.arn)}`,

  // Billed per state transition (standard) or per request and duration (express): an idle one is free.
  costHint: () => 'nothing while idle (billed per execution)',
});
