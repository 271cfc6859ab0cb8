/**
 * Blast-radius caps. A wrong tag key in the configuration would make every resource non-compliant;
 * above the cap a phase does nothing at all, rather than a first slice of the damage.
 */
export type CapCheck = { readonly allowed: true } | { readonly allowed: false; readonly alert: string };

/** A cap is a count, or "unlimited" written out, so that no cap is a deliberate choice. */
export type Cap = number | 'unlimited';

export function checkCap(phase: 'mark' | 'delete', count: number, max: Cap, dryRun: boolean): CapCheck {
  if (max === 'unlimited' || count <= max) return { allowed: true };
  const field = phase === 'mark' ? 'limits.maxMarksPerRun' : 'limits.maxDeletionsPerRun';
  const verb = phase === 'mark' ? 'marked' : 'deleted';
  const would = dryRun ? 'would have been' : 'was';
  return {
    allowed: false,
    alert:
      `${count} resources are due to be ${verb}, above ${field} = ${max}: nothing ${would} ${verb}. ` +
      `Check the required-tag configuration; if the number is right, set ${field} to ${count} or more, or to "unlimited".`,
  };
}
