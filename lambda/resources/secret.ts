import { DeleteSecretCommand, paginateListSecrets, type SecretListEntry, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';

/** The longest window Secrets Manager allows: the most time for someone to notice and restore. */
const RECOVERY_WINDOW_DAYS = 30;

/** Secrets owned by another service or replicated from elsewhere are not ours to delete here. */
function protectionOf(entry: SecretListEntry, region: string): string | undefined {
  // E.g. RDS-managed master passwords: deleting one breaks the database's credential management.
  if (entry.OwningService) return `managed by ${entry.OwningService}`;
  // A replica cannot be deleted on its own; it goes with its primary (swept in that region).
  if (entry.PrimaryRegion && entry.PrimaryRegion !== region) return `replica of a secret in ${entry.PrimaryRegion}`;
  return undefined;
}

/**
 * Secrets Manager secrets. Tagging API type `secretsmanager:secret` (listed under "Services and
 * resource types that support enforcement", AWS Organizations user guide); its ARN is the secret's
 * full ARN with the random 6-character suffix, which ListSecrets returns as is.
 */
export const secret = pagedType({
  id: 'secretsmanager:secret',
  label: 'Secrets Manager secret',
  tagsFromList: true,
  // After the compute that reads secrets, so nothing running loses its credentials mid-wave.
  deletionOrder: 60,
  iam: {
    read: ['secretsmanager:ListSecrets'],
    tag: ['secretsmanager:TagResource', 'secretsmanager:UntagResource'],
    delete: ['secretsmanager:DeleteSecret'],
  },

  listing: {
    // IncludePlannedDeletion stays off: secrets already scheduled for deletion are not inventory.
    pages: (clients) => paginateListSecrets({ client: clients.get(SecretsManagerClient), pageSize: 100 }, {}),
    items: (page) => page.SecretList,
    resource: (entry, { region }) => {
      // DeletedDate is checked too, in case a page ever carries a scheduled secret.
      if (!entry.ARN || !entry.Name || entry.DeletedDate) return undefined;
      return {
        arn: entry.ARN,
        // The full ARN, not the name: a name can be reused once a deleted secret is gone.
        id: entry.ARN,
        name: entry.Name,
        createdAt: entry.CreatedDate,
        tags: tagsFromList(entry.Tags),
        protectedBecause: protectionOf(entry, region),
      };
    },
  },

  async delete(clients, resource) {
    // Never ForceDeleteWithoutRecovery: a recovery window is the only undo a secret has.
    await clients
      .get(SecretsManagerClient)
      .send(new DeleteSecretCommand({ SecretId: resource.id, RecoveryWindowInDays: RECOVERY_WINDOW_DAYS }));
    return {
      status: 'started',
      note: `scheduled for deletion in ${RECOVERY_WINDOW_DAYS} days; restore with RestoreSecret until then`,
    };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/secretsmanager/secret?name=${encodeURIComponent(r.name ?? r.id)}&region=${r.region}`,

  // Per secret, replicas each billed the same; API calls are extra but negligible for an unused secret.
  costHint: () => '~$0.40/month',
});
