/**
 * A plug-in's cost hint as a number to rank by: the first dollar amount quoted per month
 * ("~$33/month + $0.045/GB" → 33, "<$1/month" → 1, "~$1,234/month" → 1234). Hints that name no
 * monthly amount ("nothing while idle", per-request prices) rank as 0; no hint ranks as unknown.
 */
export function monthlyUsd(cost: string | undefined): number | undefined {
  if (cost === undefined) return undefined;
  const amount = /\$([\d,]+(?:\.\d+)?)\/month/.exec(cost)?.[1];
  return amount === undefined ? 0 : Number(amount.replace(/,/g, ''));
}

/** "~$1,234/month" for a sum of monthly amounts; undefined when nothing was priced. */
export function formatMonthlyUsd(total: number | undefined): string | undefined {
  if (total === undefined || total <= 0) return undefined;
  return `~$${Math.round(total).toLocaleString('en-US')}/month`;
}
