import { DeleteStateMachineCommand, ListStateMachinesCommand, ListTagsForResourceCommand, SFNClient } from '@aws-sdk/client-sfn';
import { buildArn } from '../../../lambda/aws/arn';
import {
  type FakeAccount,
  FakeAwsError,
  type FakeResource,
  fakeService,
  handle,
  paginate,
  required,
  type SeedOptions,
  seedResource,
} from '../fake-account';

/** Step Functions state machines. */

const TYPE = 'states:stateMachine';

export interface SeedStateMachineOptions extends SeedOptions {
  workflowType?: 'STANDARD' | 'EXPRESS';
}

export function seedStateMachine(account: FakeAccount, options: SeedStateMachineOptions = {}): FakeResource {
  return seedResource(account, { type: TYPE, namePrefix: 'machine-' }, options, ({ name, region, createdAt }) => ({
    arn: buildArn('states', region, account.accountId, `stateMachine:${name}`),
    data: { name, createdAt, workflowType: options.workflowType ?? 'STANDARD' },
  }));
}

/** Step Functions checks the ARN's shape before anything else. */
function requireStateMachineArn(arn: unknown): asserts arn is string {
  if (typeof arn !== 'string' || !/^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:[^:]+$/.test(arn)) {
    throw new FakeAwsError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${String(arn)}'`);
  }
}

function machineIn(account: FakeAccount, arn: string, region: string): FakeResource | undefined {
  const machine = account.find(arn);
  return machine && machine.type === TYPE && machine.region === region ? machine : undefined;
}

export function installStepFunctions(account: FakeAccount) {
  const stub = fakeService(SFNClient, account);

  handle(stub, account, 'states', ListStateMachinesCommand, (input, region) => {
    const { maxResults } = input;
    if (maxResults !== undefined && (maxResults < 0 || maxResults > 1000)) {
      throw new FakeAwsError(
        'ValidationException',
        `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`,
      );
    }
    // 0 means "the service's default", like leaving it out.
    const asked = maxResults || account.defaultPageSize;
    const { page, next } = paginate(account.list(TYPE, region), input.nextToken, Math.min(asked, account.defaultPageSize));
    return {
      stateMachines: page.map((m) => ({
        stateMachineArn: m.arn,
        name: m.data.name,
        type: m.data.workflowType,
        creationDate: m.data.createdAt,
      })),
      nextToken: next,
    };
  });

  // Idempotent, as in Step Functions: deleting a machine that is gone is not an error.
  handle(stub, account, 'states', DeleteStateMachineCommand, (input, region) => {
    requireStateMachineArn(input.stateMachineArn);
    const machine = machineIn(account, input.stateMachineArn, region);
    if (machine) account.remove(machine.arn);
    return {};
  });

  // Handled so that a per-machine tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'states', ListTagsForResourceCommand, (input, region) => {
    const machine = machineIn(account, required(input, 'resourceArn'), region);
    if (!machine) throw new FakeAwsError('ResourceNotFound', `Resource not found: '${input.resourceArn}'`);
    return { tags: Object.entries(machine.tags).map(([key, value]) => ({ key, value })) };
  });

  return stub;
}
