import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * JSON objects of one execution (its target list, each target's report), in the janitor's bucket
 * under `executions/<run id>/`. The state machine hands keys between steps, never big payloads:
 * Step Functions caps a state's input and output at 256 KiB.
 */
export class RunStore {
  constructor(
    readonly bucket: string,
    region: string,
    private readonly client = new S3Client({ region, maxAttempts: 5 }),
  ) {}

  async putJson(key: string, value: unknown): Promise<void> {
    await this.put(key, JSON.stringify(value));
  }

  /** For large objects (a run's state evidence): gzipped JSON, ten times smaller to store and load. */
  async putGzipJson(key: string, value: unknown): Promise<void> {
    await this.put(key, gzipSync(JSON.stringify(value)), 'gzip');
  }

  private async put(key: string, body: string | Uint8Array, encoding?: 'gzip'): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        ...(encoding ? { ContentEncoding: encoding } : {}),
        ServerSideEncryption: 'AES256',
      }),
    );
  }

  /** What `putGzipJson` stored; undefined when there is no such object. */
  async getGzipJsonIfPresent<T>(key: string): Promise<T | undefined> {
    let bytes: Uint8Array | undefined;
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      bytes = await Body?.transformToByteArray();
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
    if (!bytes) throw new Error(`s3://${this.bucket}/${key} is empty`);
    try {
      return JSON.parse(gunzipSync(bytes).toString('utf8')) as T;
    } catch (error) {
      throw new Error(`s3://${this.bucket}/${key} is not gzipped JSON: ${(error as Error).message}`);
    }
  }

  /** Undefined when there is no such object (yet). */
  async getJsonIfPresent<T>(key: string): Promise<T | undefined> {
    try {
      return await this.getJson<T>(key);
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async getJson<T>(key: string): Promise<T> {
    const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!Body) throw new Error(`s3://${this.bucket}/${key} is empty`);
    const text = await Body.transformToString();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(`s3://${this.bucket}/${key} is not JSON: ${(error as Error).message}`);
    }
  }
}

/** Where an execution's objects live; `runId` is the Step Functions execution name. */
export const runKeys = {
  /** Prefix granted to the Lambdas and the state machine. */
  prefix: 'executions/',
  targets: (runId: string) => `executions/${runId}/targets.json`,
  /** The run's Terraform/Pulumi identities, read once by the plan step for every target (gzipped JSON). */
  stateEvidence: (runId: string) => `executions/${runId}/state-evidence.json.gz`,
  /** Which account summaries the report step has posted, so a resumed invocation goes on from there. */
  reportProgress: (runId: string) => `executions/${runId}/report-progress.json`,
  report: (runId: string, accountId: string, region: string) => `executions/${runId}/reports/${accountId}/${region}.json`,
  /** The start of the last run whose report was posted: the next run reports the keeps since then. */
  lastReported: 'executions/last-reported-run.json',
  /** The Distributed Map writes its results (manifest.json and result files) under here. */
  mapResults: 'executions/map-results',
};
