/** The ARN partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `arn:{partition}:{service}:{region}:{account}:{resource}`; region/account may be empty (S3). */
export function buildArn(service: string, region: string, accountId: string, resource: string, partitionRegion = region): string {
  return `arn:${partitionOf(partitionRegion)}:${service}:${region}:${accountId}:${resource}`;
}

/** Account part of an ARN (empty for S3 buckets). */
export function accountOfArn(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** Region part of an ARN (empty for S3 buckets). */
export function regionOfArn(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/** The bucket of an S3 bucket ARN (`arn:aws:s3:::my-bucket`); undefined for any other ARN. */
export function bucketOfArn(arn: string | undefined): string | undefined {
  return arn?.split(':::')[1];
}

export function consoleBase(region: string): string {
  if (region.startsWith('cn-')) return `https://${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `https://${region}.console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
}
