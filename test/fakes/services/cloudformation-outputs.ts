import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { type FakeAccount, FakeAwsError, fakeService, handle } from '../fake-account';
import { type FakeStack, stacksOf } from './cloudformation';

/**
 * DescribeStacks of one stack, with its outputs (what the janitor's CLI reads the state machine
 * and schedule from), for the stacks seeded in cloudformation.ts. As CloudFormation does, a stack
 * that does not exist is a ValidationError, not an empty list.
 */

const OUTPUTS = new WeakMap<FakeStack, Record<string, string>>();

export function setStackOutputs(stack: FakeStack, outputs: Record<string, string>): void {
  OUTPUTS.set(stack, outputs);
}

export function installCloudFormationOutputs(account: FakeAccount) {
  const stub = fakeService(CloudFormationClient, account);

  handle(stub, account, 'cloudformation', DescribeStacksCommand, (input, region) => {
    const name = input.StackName;
    if (name === undefined) throw new FakeAwsError('ValidationError', 'this fake describes one named stack only');
    const stack = stacksOf(account).find(
      (s) => s.region === region && (s.stackId === name || (s.stackName === name && s.status !== 'DELETE_COMPLETE')),
    );
    if (!stack) throw new FakeAwsError('ValidationError', `Stack with id ${name} does not exist`);
    return {
      Stacks: [
        {
          StackId: stack.stackId,
          StackName: stack.stackName,
          StackStatus: stack.status,
          CreationTime: stack.createdAt,
          Outputs: Object.entries(OUTPUTS.get(stack) ?? {}).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
        },
      ],
    };
  });

  return stub;
}
