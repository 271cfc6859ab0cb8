import type { Tags } from './model';
import { globToRegExp } from './tag-values';

/**
 * Tag keys written by systems that create and own AWS resources without IaC tags: Kubernetes
 * controllers and AWS services that tag without the reserved `aws:` prefix. A resource carrying one
 * is managed by that system (deleting a cluster's nodes or volumes is an outage), so it is protected.
 * Globs over the key, compared case-insensitively.
 */
export const CONTROLLER_TAG_KEY_PATTERNS: readonly { readonly pattern: string; readonly writer: string }[] = [
  // https://karpenter.sh/docs/concepts/nodeclasses/ (tags Karpenter adds to the instances it launches)
  { pattern: 'karpenter.sh/*', writer: 'Karpenter' },
  { pattern: 'karpenter.k8s.aws/*', writer: 'Karpenter' },
  // Kubernetes cloud provider and most controllers: https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
  { pattern: 'kubernetes.io/cluster/*', writer: 'a Kubernetes cluster' },
  { pattern: 'kubernetes.io/service-name', writer: 'the Kubernetes cloud provider' },
  { pattern: 'kubernetes.io/created-for/*', writer: 'a Kubernetes storage driver' },
  // https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/tagging.md
  { pattern: 'ebs.csi.aws.com/*', writer: 'the EBS CSI driver' },
  { pattern: 'CSIVolumeName', writer: 'the EBS CSI driver' },
  { pattern: 'CSIVolumeSnapshotName', writer: 'the EBS CSI driver' },
  // https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#resource-tags
  { pattern: 'elbv2.k8s.aws/*', writer: 'the AWS Load Balancer Controller' },
  { pattern: 'ingress.k8s.aws/*', writer: 'the AWS Load Balancer Controller' },
  { pattern: 'service.k8s.aws/*', writer: 'the AWS Load Balancer Controller' },
  // https://docs.aws.amazon.com/eks/latest/userguide/eks-using-tags.html
  { pattern: 'eks:*', writer: 'Amazon EKS' },
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/asg-capacity-providers.html
  { pattern: 'AmazonECSManaged', writer: 'Amazon ECS' },
  // https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-features.tagging.html
  { pattern: 'elasticbeanstalk:*', writer: 'Elastic Beanstalk' },
  // Written by SageMaker on resources it creates for its own features (projects, Studio).
  { pattern: 'ManagedByAmazonSageMakerResource', writer: 'Amazon SageMaker' },
];

export interface ControllerTagMatcher {
  readonly patterns: readonly { readonly regex: RegExp; readonly writer: string; readonly pattern: string }[];
}

/** The built-in list plus the configuration's `protections.tagKeyPatterns`. */
export function controllerTagMatcher(extraPatterns: readonly string[]): ControllerTagMatcher {
  const all = [...CONTROLLER_TAG_KEY_PATTERNS, ...extraPatterns.map((pattern) => ({ pattern, writer: 'protections.tagKeyPatterns' }))];
  return { patterns: all.map((p) => ({ ...p, regex: new RegExp(globToRegExp(p.pattern.toLowerCase()).source, 'i') })) };
}

/** Why the resource is managed by a controller, e.g. "tag karpenter.sh/nodepool (Karpenter)"; undefined when none. */
export function controllerTag(tags: Tags, matcher: ControllerTagMatcher): string | undefined {
  for (const key of Object.keys(tags).sort()) {
    const folded = key.trim().toLowerCase();
    const hit = matcher.patterns.find((p) => p.regex.test(folded));
    if (hit) return `tag ${key} (${hit.writer})`;
  }
  return undefined;
}
