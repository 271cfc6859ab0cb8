/**
 * Rough us-east-1 on-demand prices for the cost hints of the RDS and Aurora plug-ins. Only the
 * common classes: an unknown class gives no hint rather than a wrong one.
 */

const HOURS_PER_MONTH = 730;

/** RDS for MySQL/PostgreSQL, single-AZ, USD per hour (other engines cost more; licences extra). */
const RDS_HOURLY: Readonly<Record<string, number>> = {
  'db.t3.micro': 0.017,
  'db.t3.small': 0.034,
  'db.t3.medium': 0.068,
  'db.t3.large': 0.136,
  'db.t4g.micro': 0.016,
  'db.t4g.small': 0.032,
  'db.t4g.medium': 0.065,
  'db.t4g.large': 0.129,
  'db.m5.large': 0.171,
  'db.m5.xlarge': 0.342,
  'db.m6g.large': 0.152,
  'db.m6g.xlarge': 0.304,
  'db.m6i.large': 0.171,
  'db.m7g.large': 0.168,
  'db.r5.large': 0.25,
  'db.r6g.large': 0.225,
  'db.r6i.large': 0.25,
  'db.r7g.large': 0.239,
};

/** Aurora (MySQL-compatible, standard storage), USD per instance-hour. */
const AURORA_HOURLY: Readonly<Record<string, number>> = {
  'db.t3.small': 0.041,
  'db.t3.medium': 0.082,
  'db.t4g.medium': 0.073,
  'db.t4g.large': 0.146,
  'db.r5.large': 0.29,
  'db.r5.xlarge': 0.58,
  'db.r6g.large': 0.26,
  'db.r6g.xlarge': 0.519,
  'db.r6i.large': 0.29,
  'db.r7g.large': 0.276,
};

const RDS_STORAGE_PER_GB_MONTH = 0.115;
const AURORA_ACU_HOUR = 0.12;

const perMonth = (hourly: number) => Math.round(hourly * HOURS_PER_MONTH);

/** E.g. "~$12/month (db.t3.micro) + ~$2 storage (20 GB)"; Multi-AZ doubles the instance. */
export function rdsInstanceCost(instanceClass: string | undefined, multiAz: boolean, allocatedGb: number | undefined): string | undefined {
  const hourly = instanceClass ? RDS_HOURLY[instanceClass] : undefined;
  if (hourly === undefined) return undefined;
  const instance = `~$${perMonth(hourly * (multiAz ? 2 : 1))}/month (${instanceClass}${multiAz ? ', Multi-AZ' : ''})`;
  if (!allocatedGb) return instance;
  return `${instance} + ~$${Math.max(1, Math.round(allocatedGb * RDS_STORAGE_PER_GB_MONTH * (multiAz ? 2 : 1)))} storage (${allocatedGb} GB)`;
}

/**
 * Monthly price of an Aurora cluster's instances, e.g. "~$380/month (2 × db.r6g.large) + storage".
 * `db.serverless` members cost at least their minimum capacity around the clock.
 */
export function auroraClusterCost(memberClasses: readonly string[], serverlessMinAcu: number | undefined): string | undefined {
  if (memberClasses.length === 0) return undefined;
  let hourly = 0;
  for (const instanceClass of memberClasses) {
    if (instanceClass === 'db.serverless') {
      if (serverlessMinAcu === undefined) return undefined;
      hourly += serverlessMinAcu * AURORA_ACU_HOUR;
    } else {
      const price = AURORA_HOURLY[instanceClass];
      if (price === undefined) return undefined;
      hourly += price;
    }
  }
  const counts = new Map<string, number>();
  for (const c of memberClasses) counts.set(c, (counts.get(c) ?? 0) + 1);
  const mix = [...counts].map(([c, n]) => (n > 1 ? `${n} × ${c}` : c)).join(', ');
  const minimum = memberClasses.includes('db.serverless') ? 'at least ' : '';
  return `${minimum}~$${perMonth(hourly)}/month (${mix}) + storage`;
}
