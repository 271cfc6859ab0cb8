import {
  type FailureInfo,
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  TagResourcesCommand,
  UntagResourcesCommand,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, tagList } from '../fake-account';

/** Types the tagging API can tag but GetResources never returns (documented for Auto Scaling groups). */
const NOT_RETURNED_BY_GET_RESOURCES = new Set(['autoscaling:autoScalingGroup']);

function matchesTypeFilter(r: FakeResource, filters: string[] | undefined): boolean {
  if (!filters || filters.length === 0) return true;
  const type = r.taggingType ?? r.type;
  return filters.some((f) => (f.includes(':') ? type === f : type.split(':')[0] === f));
}

function matchesTagFilters(r: FakeResource, filters: { Key?: string; Values?: string[] }[] | undefined): boolean {
  return (filters ?? []).every(
    (f) => f.Key !== undefined && r.tags[f.Key] !== undefined && (!f.Values || f.Values.length === 0 || f.Values.includes(r.tags[f.Key]!)),
  );
}

/** Resource Groups Tagging API: GetResources never returns never-tagged resources; tag writes fail per ARN. */
export function installTagging(account: FakeAccount) {
  const stub = fakeService(ResourceGroupsTaggingAPIClient, account);

  handle(stub, account, 'tagging', GetResourcesCommand, (input, region) => {
    const perPage = input.ResourcesPerPage ?? 50;
    if (perPage < 1 || perPage > 100) throw new FakeAwsError('InvalidParameterException', 'ResourcesPerPage must be 1-100');
    if (input.ResourceARNList && (input.ResourceTypeFilters?.length || input.TagFilters?.length)) {
      throw new FakeAwsError('InvalidParameterException', 'ResourceARNList cannot be combined with filters');
    }
    if (input.ResourceARNList && input.ResourceARNList.length > 100) {
      throw new FakeAwsError('InvalidParameterException', 'ResourceARNList takes at most 100 ARNs');
    }
    const wanted = input.ResourceARNList ? new Set<string>(input.ResourceARNList) : undefined;
    const matching = [...account.resources.values()].filter(
      (r) =>
        r.everTagged &&
        !NOT_RETURNED_BY_GET_RESOURCES.has(r.type) &&
        !account.taggingApiGaps.has(r.arn) &&
        r.region === region &&
        (!wanted || wanted.has(r.arn)) &&
        matchesTypeFilter(r, input.ResourceTypeFilters) &&
        matchesTagFilters(r, input.TagFilters),
    );
    const { page, next } = paginate(matching, input.PaginationToken || undefined, perPage);
    return {
      ResourceTagMappingList: page.map((r) => ({ ResourceARN: r.arn, Tags: tagList(r.tags) })),
      PaginationToken: next ?? '',
    };
  });

  const eachArn = (input: { ResourceARNList?: string[] }, region: string, apply: (r: FakeResource) => void) => {
    const arns: string[] = input.ResourceARNList ?? [];
    if (arns.length < 1 || arns.length > 20) throw new FakeAwsError('InvalidParameterException', 'ResourceARNList takes 1-20 ARNs');
    const failed: Record<string, FailureInfo> = {};
    for (const arn of arns) {
      const failure = account.tagFailures.get(arn);
      const r = account.find(arn);
      // The SDK's ErrorCode enum lacks the hosting services' codes AWS documents here (see TaggingFailureCode).
      if (failure) failed[arn] = failure as FailureInfo;
      else if (!r || r.region !== region) {
        failed[arn] = { StatusCode: 400, ErrorCode: 'InvalidParameterException', ErrorMessage: `resource ${arn} not found in ${region}` };
      } else apply(r);
    }
    return { FailedResourcesMap: failed };
  };

  handle(stub, account, 'tagging', TagResourcesCommand, (input, region) =>
    eachArn(input, region, (r) => account.setTags(r.arn, input.Tags ?? {})),
  );
  handle(stub, account, 'tagging', UntagResourcesCommand, (input, region) =>
    eachArn(input, region, (r) => account.removeTags(r.arn, input.TagKeys ?? [])),
  );
  return stub;
}
