/**
 * Which deletion errors mean "something else must go first". Those are retried in a later wave
 * (an instance before its security group, a NAT gateway before its Elastic IP); anything else is
 * final for this run and reported with the AWS error.
 */
const DEPENDENCY_ERROR_NAMES = new Set([
  'RetryLater',
  'DependencyViolation',
  'InvalidIPAddress.InUse',
  'VolumeInUse',
  'InvalidSnapshot.InUse',
  'ResourceInUse',
  'ResourceInUseException',
  'FileSystemInUse',
  'InvalidDBClusterStateFault',
  'InvalidDBInstanceState',
  'InvalidDBInstanceStateFault',
  'ClusterContainsServicesException',
  'ClusterContainsContainerInstancesException',
  'ClusterContainsTasksException',
]);

const DEPENDENCY_MESSAGE = /\b(in use|has a dependent object|has dependencies|still (attached|associated|referenced))\b/i;

export function isDependencyError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return DEPENDENCY_ERROR_NAMES.has(error.name) || DEPENDENCY_MESSAGE.test(error.message);
}
