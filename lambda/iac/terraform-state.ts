import {
  IdentityCollector,
  isRecord,
  optionalArray,
  optionalRecord,
  optionalString,
  type ParsedState,
  pickMeta,
  readStateJson,
  requireRecord,
  requireString,
  StateParseError,
} from './state-identities';

/**
 * Terraform state (format version 4, Terraform 0.12 and later, and OpenTofu) → the AWS
 * identities it manages. State: https://developer.hashicorp.com/terraform/language/state;
 * the v4 file format is Terraform's own
 * https://github.com/hashicorp/terraform/blob/main/internal/states/statefile/version4.go
 */

const WHAT = 'Terraform state';

/**
 * Objects an instance creates along with itself, as attribute paths (lists on the way are
 * walked). Other `*_arn` / `*_id` attributes point at resources owned elsewhere: not taken.
 */
const OWNED_CHILDREN: ReadonlyMap<string, readonly (readonly string[])[]> = new Map([
  [
    'aws_instance',
    [
      ['root_block_device', 'volume_id'],
      ['ebs_block_device', 'volume_id'],
      ['network_interface', 'network_interface_id'],
      ['primary_network_interface_id'],
    ],
  ],
]);

/** `provider["registry.terraform.io/hashicorp/aws"]`, any registry host or namespace, any alias or module prefix. */
const AWS_PROVIDER = /provider\["[^"]*\/aws(?:cc)?"\]/;

export function parseTerraformState(bytes: Uint8Array | string): ParsedState {
  const state = readStateJson(bytes, WHAT);
  checkVersion(state.version);
  const found = new IdentityCollector();
  for (const [i, resource] of optionalArray(state.resources, 'resources').entries()) addResource(found, resource, `resources[${i}]`);
  return { identities: found.identities, meta: pickMeta(state, ['version', 'terraform_version', 'serial', 'lineage']) };
}

function checkVersion(version: unknown): void {
  if (typeof version !== 'number') throw new StateParseError(`${WHAT}: version is missing or not a number (expected 4)`);
  if (version !== 4) throw new StateParseError(`unsupported Terraform state version ${version} (expected 4)`);
}

/** `hashicorp/aws` matches `hashicorp/awscc` too, on purpose: Cloud Control resources are AWS resources as well. */
function isAwsResource(type: string, provider: string): boolean {
  return type.startsWith('aws_') || provider.includes('registry.terraform.io/hashicorp/aws') || AWS_PROVIDER.test(provider);
}

function addResource(found: IdentityCollector, raw: unknown, path: string): void {
  const resource = requireRecord(raw, path);
  // A data source reads a resource someone else owns.
  if (resource.mode === 'data') return;
  if (resource.mode !== 'managed') throw new StateParseError(`${path}.mode is neither "managed" nor "data"`);
  const type = requireString(resource.type, `${path}.type`);
  const name = requireString(resource.name, `${path}.name`);
  const module = optionalString(resource.module, `${path}.module`);
  if (!isAwsResource(type, optionalString(resource.provider, `${path}.provider`) ?? '')) return;
  const address = `${module ? `${module}.` : ''}${type}.${name}`;
  for (const [i, instance] of optionalArray(resource.instances, `${path}.instances`).entries()) {
    addInstance(found, instance, { type, address, path: `${path}.instances[${i}]` });
  }
}

/** A deposed instance (replaced, not yet destroyed) still exists: it counts like the current one. */
function addInstance(found: IdentityCollector, raw: unknown, at: { type: string; address: string; path: string }): void {
  const instance = requireRecord(raw, at.path);
  const address = `${at.address}${indexSuffix(instance.index_key, `${at.path}.index_key`)}`;
  const attributes = optionalRecord(instance.attributes, `${at.path}.attributes`);
  // `attributes_flat` is how a v3 state's instance reads until its provider next upgrades it.
  const flat = optionalRecord(instance.attributes_flat, `${at.path}.attributes_flat`);
  for (const path of [['arn'], ['id'], ...(OWNED_CHILDREN.get(at.type) ?? [])]) {
    for (const value of attributes ? valuesAt(attributes, path) : []) found.add(value, address);
    for (const value of flat ? flatValuesAt(flat, path) : []) found.add(value, address);
  }
}

/** Terraform's address syntax: `[0]` for count, `["a"]` for for_each. */
function indexSuffix(key: unknown, path: string): string {
  if (key === undefined || key === null) return '';
  if (typeof key !== 'number' && typeof key !== 'string') throw new StateParseError(`${path} is neither a number nor a string`);
  return `[${JSON.stringify(key)}]`;
}

/** The values at `path` below `attributes`, through the lists of blocks met on the way (one level each: Terraform's shape). */
function valuesAt(attributes: Record<string, unknown>, path: readonly string[]): unknown[] {
  let values: unknown[] = [attributes];
  for (const key of path) {
    values = values.flatMap((value) => (isRecord(value) && Object.hasOwn(value, key) ? [value[key]] : []));
    values = values.flatMap((value) => (Array.isArray(value) ? value : [value]));
  }
  return values;
}

/** The same in flatmap form, where list elements are numbered keys: `root_block_device.0.volume_id`. */
function flatValuesAt(flat: Record<string, unknown>, path: readonly string[]): unknown[] {
  const wanted = path.join('.');
  return Object.entries(flat).flatMap(([key, value]) => (withoutListIndexes(key) === wanted ? [value] : []));
}

function withoutListIndexes(flatKey: string): string {
  return flatKey
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .join('.');
}
