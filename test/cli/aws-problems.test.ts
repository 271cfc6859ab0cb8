import { describe, expect, it } from 'vitest';
import { credentialsProblemInText, networkFailure, reachProblem } from '../../lambda/cli/aws-problems';

const dnsError = (host: string, code = 'ENOTFOUND') => Object.assign(new Error(`getaddrinfo ${code} ${host}`), { code, hostname: host });

describe('what went wrong talking to AWS', () => {
  it('reads Node network failures from the error or from its one-line text', () => {
    expect(networkFailure(dnsError('sts.eu-west-1.amazonaws.com', 'EAI_AGAIN'))?.code).toBe('EAI_AGAIN');
    expect(networkFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))?.code).toBe('ECONNRESET');
    expect(networkFailure('reading tags failed: connect ECONNREFUSED 127.0.0.1:4566')?.code).toBe('ECONNREFUSED');
    expect(networkFailure(new Error('AccessDenied: not authorized'))).toBeUndefined();
  });

  it('calls a region unknown only when its endpoint does not resolve and AWS itself does', async () => {
    const error = dnsError('sts.eu-nowhere-1.amazonaws.com');
    expect(await reachProblem(error, 'eu-nowhere-1', async () => true)).toMatch(/^unknown region "eu-nowhere-1"/);
    expect(await reachProblem(error, 'eu-nowhere-1', async () => false)).toBe(
      'cannot reach AWS: getaddrinfo ENOTFOUND sts.eu-nowhere-1.amazonaws.com',
    );
    // A proxy or VPC endpoint name that does not resolve says nothing about the region.
    expect(await reachProblem(dnsError('vpce-1.sts.internal'), 'eu-west-1', async () => true)).toMatch(/^cannot reach AWS/);
    expect(await reachProblem(new Error('ThrottlingException: slow down'), 'eu-west-1', async () => true)).toBeUndefined();
  });

  it('finds bad or expired credentials inside a listing error, in any of their spellings', () => {
    expect(
      credentialsProblemInText('reading tags failed: ExpiredTokenException: The security token included in the request is expired'),
    ).toMatch(/expired \(ExpiredToken\)/);
    expect(credentialsProblemInText('RequestExpired: Request has expired.')).toMatch(/expired/);
    expect(credentialsProblemInText('InvalidClientTokenId: The security token included in the request is invalid.')).toMatch(
      /access key is not valid/,
    );
    expect(credentialsProblemInText('UnrecognizedClientException: The security token included in the request is invalid')).toMatch(
      /access key is not valid/,
    );
    expect(credentialsProblemInText('SignatureDoesNotMatch: …')).toMatch(/secret access key/);
    expect(credentialsProblemInText('AccessDenied: User is not authorized to perform: sqs:ListQueues')).toBeUndefined();
    expect(credentialsProblemInText('the queue name InvalidClientTokenIdea is fine')).toBeUndefined();
  });
});
