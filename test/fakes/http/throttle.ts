/**
 * Per-(region, service, operation) token buckets, as AWS throttles control-plane APIs per account
 * and region. A bucket holds at most `burst` tokens and refills at `perSecond`.
 */

export interface Rate {
  readonly perSecond: number;
  /** Bucket size; defaults to one second's worth (`perSecond`), at least 1. */
  readonly burst?: number;
}

export interface ThrottlingOptions {
  /** By `service:Operation` with the SigV4 service name, e.g. `tagging:GetResources`. */
  readonly rates?: Readonly<Record<string, Rate>>;
  /** Every operation not in `rates`. */
  readonly defaultRate?: Rate;
}

/**
 * Documented rates. Resource Groups Tagging API (not adjustable, see shared/aws-facts.md):
 * GetResources 15/s, TagResources and UntagResources 5/s. Everything else gets `DEFAULT_RATE`,
 * an assumption (most list/describe quotas are higher or undocumented), configurable per call.
 */
export const DOCUMENTED_RATES: Readonly<Record<string, Rate>> = {
  'tagging:GetResources': { perSecond: 15 },
  'tagging:TagResources': { perSecond: 5 },
  'tagging:UntagResources': { perSecond: 5 },
};

export const DEFAULT_RATE: Rate = { perSecond: 100 };

/**
 * The throttling error each service returns (all are in the SDK's list of throttling codes): EC2's
 * `RequestLimitExceeded` and S3's `SlowDown` (both 503), the query protocols' `Throttling`, else
 * the JSON services' names.
 */
export function throttleErrorFor(service: string, protocol?: string): { name: string; status: number; message: string } {
  switch (service) {
    case 'tagging':
      return { name: 'ThrottledException', status: 400, message: 'Rate exceeded' };
    case 'kinesis':
      return { name: 'LimitExceededException', status: 400, message: 'Rate exceeded for stream.' };
    case 'lambda':
    case 'apigateway':
      return { name: 'TooManyRequestsException', status: 429, message: 'Rate exceeded' };
    case 'ec2':
      return { name: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' };
    case 's3':
      return { name: 'SlowDown', status: 503, message: 'Please reduce your request rate.' };
    default:
      if (protocol === 'awsQuery') return { name: 'Throttling', status: 400, message: 'Rate exceeded' };
      return { name: 'ThrottlingException', status: 400, message: 'Rate exceeded' };
  }
}

class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
  ) {
    this.tokens = capacity;
    this.last = performance.now();
  }

  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class Throttle {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(private readonly options: ThrottlingOptions = {}) {}

  rateOf(service: string, operation: string): Rate {
    const key = `${service}:${operation}`;
    return this.options.rates?.[key] ?? DOCUMENTED_RATES[key] ?? this.options.defaultRate ?? DEFAULT_RATE;
  }

  /** True when the call may go through; false means answer with the throttling error. */
  admit(region: string, service: string, operation: string): boolean {
    const key = `${region}/${service}:${operation}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const rate = this.rateOf(service, operation);
      bucket = new TokenBucket(rate.perSecond, Math.max(1, rate.burst ?? rate.perSecond));
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }
}
