import {
  DeleteFunctionCommand,
  GetAccountSettingsCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
} from '@aws-sdk/client-lambda';
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

const TYPE = 'lambda:function';
/** ListFunctions never returns more than 50 functions a page, whatever MaxItems asks for. */
const MAX_FUNCTIONS_PER_PAGE = 50;

export interface SeedFunctionOptions extends SeedOptions {
  /** Lambda reports only the last modification; this is what ListFunctions returns as LastModified. */
  createdAt?: Date;
  runtime?: string;
}

export function seedFunction(account: FakeAccount, options: SeedFunctionOptions = {}): FakeResource {
  return seedResource(account, { type: TYPE, namePrefix: 'function-' }, options, ({ name, region, createdAt }) => ({
    arn: buildArn('lambda', region, account.accountId, `function:${name}`),
    data: { functionName: name, lastModified: createdAt, runtime: options.runtime ?? 'nodejs22.x' },
  }));
}

/** Lambda's own timestamp format: `2024-05-01T12:00:00.000+0000`. */
function lambdaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** FunctionName may be a name or an ARN, as in the real API. */
function functionIn(account: FakeAccount, nameOrArn: string, region: string): FakeResource {
  const fn = account.find(nameOrArn) ?? account.findBy(TYPE, 'functionName', nameOrArn, region);
  if (!fn || fn.type !== TYPE || fn.region !== region) {
    throw new FakeAwsError(
      'ResourceNotFoundException',
      `Function not found: ${buildArn('lambda', region, account.accountId, `function:${nameOrArn}`)}`,
    );
  }
  return fn;
}

export function installLambda(account: FakeAccount) {
  const stub = fakeService(LambdaClient, account);

  handle(stub, account, 'lambda', ListFunctionsCommand, (input, region) => {
    if (input.MaxItems !== undefined && (input.MaxItems < 1 || input.MaxItems > 10000)) {
      throw new FakeAwsError('InvalidParameterValueException', 'MaxItems must be 1-10000');
    }
    const pageSize = Math.min(input.MaxItems ?? MAX_FUNCTIONS_PER_PAGE, MAX_FUNCTIONS_PER_PAGE, account.defaultPageSize);
    const { page, next } = paginate(account.list(TYPE, region), input.Marker, pageSize);
    return {
      Functions: page.map((fn) => ({
        FunctionName: fn.data.functionName,
        FunctionArn: fn.arn,
        Runtime: fn.data.runtime,
        PackageType: 'Zip',
        LastModified: lambdaTimestamp(fn.data.lastModified),
      })),
      NextMarker: next,
    };
  });

  handle(stub, account, 'lambda', DeleteFunctionCommand, (input, region) => {
    account.remove(functionIn(account, required(input, 'FunctionName'), region).arn);
    return { StatusCode: 204 };
  });

  handle(stub, account, 'lambda', GetAccountSettingsCommand, () => ({
    AccountLimit: {
      ConcurrentExecutions: account.lambdaConcurrency.total,
      UnreservedConcurrentExecutions: account.lambdaConcurrency.unreserved,
    },
    AccountUsage: { FunctionCount: account.list('lambda:function').length },
  }));

  // Handled so that a per-function tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'lambda', ListTagsCommand, (input, region) => ({
    Tags: { ...functionIn(account, required(input, 'Resource'), region).tags },
  }));

  return stub;
}
