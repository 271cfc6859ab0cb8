import type { DecidedResource } from '../core/model';
import type { ResourceLine } from '../core/report';
import type { ResourceType } from '../resources/resource-type';

/** A decided resource as a person sees it in Slack: label, age, console link, reason, cost. */
export function resourceLine(
  type: ResourceType | undefined,
  { resource, decision }: DecidedResource,
  now: Date,
  reason = decision.reason,
): ResourceLine {
  return {
    typeLabel: type?.label ?? resource.type,
    type: resource.type,
    id: resource.id,
    name: resource.name,
    arn: resource.arn,
    region: resource.region,
    ageMs: resource.createdAt ? now.getTime() - resource.createdAt.getTime() : undefined,
    consoleUrl: type?.consoleUrl(resource) ?? '',
    reason,
    cost: type?.costHint?.(resource),
  };
}
