import { lookup } from 'node:dns/promises';

/**
 * What went wrong talking to AWS, as the one line a person at a terminal needs: the credentials,
 * the keys, the network or the region, never a generic "could not" that hides the cause.
 */

const EXPIRED = /ExpiredToken(Exception)?|RequestExpired|token (has )?expired/i;

/** Node's codes for a connection that never reached an AWS endpoint. */
const NETWORK = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b/;

/** Whether a host name resolves; the CLI asks DNS, tests inject an answer. */
export type ResolvesHost = (host: string) => Promise<boolean>;

export const resolvesByDns: ResolvesHost = async (host) => {
  try {
    await lookup(host);
    return true;
  } catch {
    return false;
  }
};

/** AWS's global STS endpoint: if it resolves the network works, so a regional name that does not is no region. */
const ALWAYS_THERE = 'sts.amazonaws.com';

const nameOf = (error: unknown) => (error as { name?: string } | undefined)?.name ?? '';
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

// SDK and AWS error names: https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
const EXPIRED_NAMES = ['ExpiredToken', 'ExpiredTokenException', 'RequestExpired'];
const MISSING_NAMES = ['CredentialsProviderError', 'TokenProviderError'];
const INVALID_KEY_NAMES = ['InvalidClientTokenId', 'UnrecognizedClientException'];
const WRONG_SECRET_NAME = 'SignatureDoesNotMatch';
/** Any of them inside a one-line error text, as a word. */
const CREDENTIAL_ERROR_NAMES = new RegExp(
  `\\b(${[...EXPIRED_NAMES, ...MISSING_NAMES, ...INVALID_KEY_NAMES, WRONG_SECRET_NAME].join('|')})\\b`,
);

/** Credentials that are missing, expired or not AWS's: fatal for every call, so said once. */
export function credentialsProblem(error: unknown): string | undefined {
  const name = nameOf(error);
  const message = messageOf(error);
  if (EXPIRED_NAMES.includes(name) || EXPIRED.test(`${name} ${message}`)) {
    return 'AWS credentials have expired (ExpiredToken): refresh them, e.g. aws sso login, and run again';
  }
  if (MISSING_NAMES.includes(name) || /Could not load credentials/i.test(message)) {
    return 'no AWS credentials found: set AWS_PROFILE or run aws sso login';
  }
  if (INVALID_KEY_NAMES.includes(name)) {
    return `${name}: the access key is not valid (check AWS_ACCESS_KEY_ID or the profile's aws_access_key_id)`;
  }
  if (name === WRONG_SECRET_NAME) {
    return 'SignatureDoesNotMatch: the secret access key does not belong to the access key (check AWS_SECRET_ACCESS_KEY)';
  }
  return undefined;
}

/** The same, read from an error's one-line text (a listing error: "reading tags failed: ExpiredToken: …"). */
export function credentialsProblemInText(text: string): string | undefined {
  const name = CREDENTIAL_ERROR_NAMES.exec(text)?.[1] ?? (EXPIRED.test(text) ? 'ExpiredToken' : undefined);
  return name ? credentialsProblem({ name, message: text }) : undefined;
}

/** The Node network error inside an SDK failure (the SDK throws it as is, or as a listing error's text). */
export function networkFailure(error: unknown): { readonly code: string; readonly text: string } | undefined {
  const text = typeof error === 'string' ? error : messageOf(error);
  const code = (error as { code?: string } | undefined)?.code ?? '';
  const found = NETWORK.exec(code)?.[1] ?? NETWORK.exec(text)?.[1];
  return found ? { code: found, text } : undefined;
}

/**
 * A network failure as what it means: a region name no endpoint exists for (the network works:
 * AWS's global endpoint resolves), or AWS out of reach. Undefined for any other error.
 */
export async function reachProblem(error: unknown, region: string, resolves: ResolvesHost): Promise<string | undefined> {
  const failure = networkFailure(error);
  if (!failure) return undefined;
  if (failure.code === 'ENOTFOUND' && failure.text.includes(`.${region}.`) && (await resolves(ALWAYS_THERE))) {
    return `unknown region "${region}": no AWS endpoint exists for it (${failure.text}), though AWS's global one resolves; use a region the account has enabled, e.g. eu-west-1 (if the name is right, check DNS for regional endpoints)`;
  }
  return `cannot reach AWS: ${failure.text}`;
}
