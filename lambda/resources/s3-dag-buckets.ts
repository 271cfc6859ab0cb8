import { GetEnvironmentCommand, MWAAClient, paginateListEnvironments } from '@aws-sdk/client-mwaa';
import { bucketOfArn } from '../aws/arn';
import type { AwsClients } from '../aws/clients';
import { noneIf } from './configuration';

/**
 * The MWAA environments of the target's region whose DAG bucket this is. MWAA reads the bucket
 * through its execution role, so no bucket policy shows it, and the bucket must be in the
 * environment's region (https://docs.aws.amazon.com/mwaa/latest/userguide/mwaa-s3-bucket.html).
 * Every environment counts, whatever its status: one being deleted still reads it until it is gone.
 */
export async function mwaaEnvironmentsUsing(clients: AwsClients, bucket: string): Promise<string[]> {
  const client = clients.get(MWAAClient);
  const names: string[] = [];
  for await (const page of paginateListEnvironments({ client }, {})) names.push(...(page.Environments ?? []));
  const users: string[] = [];
  for (const name of names) {
    const environment = await noneIf(
      ['ResourceNotFoundException'],
      async () => (await client.send(new GetEnvironmentCommand({ Name: name }))).Environment,
    );
    if (bucketOfArn(environment?.SourceBucketArn) === bucket) users.push(name);
  }
  return users;
}
