import {
  IdentityCollector,
  isRecord,
  optionalArray,
  optionalRecord,
  type ParsedState,
  pickMeta,
  readStateJson,
  requireRecord,
  requireString,
  StateParseError,
} from './state-identities';

/**
 * Pulumi state → the identities of the resources it manages. Reads a DIY backend checkpoint
 * (`.pulumi/stacks/<project>/<stack>.json[.gz]`, `{version, checkpoint: {stack, latest}}`) and,
 * the same deployment under another key, `pulumi stack export` output (`{version, deployment}`).
 * Backends: https://www.pulumi.com/docs/iac/concepts/state-and-backends/; the schema is
 * https://github.com/pulumi/pulumi/blob/master/sdk/go/common/apitype/core.go
 */

const WHAT = 'Pulumi checkpoint';

/**
 * 3 is the current schema; the engine writes 4, with the same resource shape and a
 * `features` list, as soon as a stack uses a feature that needs it.
 */
const SUPPORTED_VERSIONS: readonly number[] = [3, 4];

/** Pulumi's marker for a wrapped value (`{<SIG_KEY>: OUTPUT_VALUE_SIG, value}`): sdk/go/common/resource/sig. */
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const OUTPUT_VALUE_SIG = 'd0e6a833031e9bbcd3f4e8bde6ca49a4';

export function parsePulumiState(bytes: Uint8Array | string): ParsedState {
  const file = readStateJson(bytes, WHAT);
  checkVersion(file.version);
  const { deployment, path, stack } = locateDeployment(file);
  const found = new IdentityCollector();
  if (deployment) {
    for (const [i, resource] of optionalArray(deployment.resources, `${path}.resources`).entries()) {
      addResource(found, resource, `${path}.resources[${i}]`);
    }
    // An operation the CLI did not see finish (a crash mid-`up`): the resource may exist already.
    for (const [i, raw] of optionalArray(deployment.pending_operations, `${path}.pending_operations`).entries()) {
      const operation = requireRecord(raw, `${path}.pending_operations[${i}]`);
      addResource(found, operation.resource, `${path}.pending_operations[${i}].resource`);
    }
  }
  return { identities: found.identities, meta: metaOf(file, stack, deployment) };
}

function checkVersion(version: unknown): void {
  if (typeof version !== 'number') throw new StateParseError(`${WHAT}: version is missing or not a number (expected 3)`);
  if (!SUPPORTED_VERSIONS.includes(version)) {
    throw new StateParseError(`unsupported Pulumi checkpoint version ${version} (expected ${SUPPORTED_VERSIONS.join(' or ')})`);
  }
}

/** The deployment, absent for a stack never deployed (`latest` missing): an empty stack, not an error. */
function locateDeployment(file: Record<string, unknown>): { deployment?: Record<string, unknown>; path: string; stack?: unknown } {
  if (file.checkpoint !== undefined) {
    const checkpoint = requireRecord(file.checkpoint, 'checkpoint');
    return { deployment: optionalRecord(checkpoint.latest, 'checkpoint.latest'), path: 'checkpoint.latest', stack: checkpoint.stack };
  }
  if (file.deployment !== undefined) return { deployment: requireRecord(file.deployment, 'deployment'), path: 'deployment' };
  throw new StateParseError(`${WHAT} has neither checkpoint nor deployment`);
}

/**
 * External resources are read (`.get`), not owned; `pulumi:` types are providers and the
 * stack itself; `custom: false` is a component, a grouping with no cloud resource of its own.
 */
function addResource(found: IdentityCollector, raw: unknown, path: string): void {
  const resource = requireRecord(raw, path);
  const urn = requireString(resource.urn, `${path}.urn`);
  const type = requireString(resource.type, `${path}.type`);
  if (resource.external === true || resource.custom === false || type.startsWith('pulumi:')) return;
  found.add(resource.id, urn);
  found.add(unwrapOutput(optionalRecord(resource.outputs, `${path}.outputs`)?.arn), urn);
}

/** A plain value as is; an output-value wrapper's `value`; a secret stays opaque (not a string, so not taken). */
function unwrapOutput(value: unknown): unknown {
  return isRecord(value) && value[SIG_KEY] === OUTPUT_VALUE_SIG ? value.value : value;
}

function metaOf(
  file: Record<string, unknown>,
  stack: unknown,
  deployment: Record<string, unknown> | undefined,
): Record<string, string | number> {
  const meta = pickMeta(file, ['version']);
  if (typeof stack === 'string') meta.stack = stack;
  const manifest = isRecord(deployment?.manifest) ? deployment.manifest : {};
  if (typeof manifest.version === 'string') meta.pulumi_version = manifest.version;
  if (Array.isArray(file.features)) meta.features = file.features.filter((f) => typeof f === 'string').join(',');
  return meta;
}
