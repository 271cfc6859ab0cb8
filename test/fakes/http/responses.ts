import { outputToHttp } from './http-bindings';
import type { Protocol } from './protocols';
import { queryErrorResponse, queryResponse } from './query-protocol';
import { restJsonBody } from './rest-json';
import { restXmlBody, restXmlError } from './rest-xml';
import { type Schema, toWire } from './wire';

/** A handler's answer, or an error, in the wire form of the protocol that asked. */

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

export interface OperationSchemas {
  readonly input: Schema;
  readonly output: Schema;
  /** restJson1 / restXml: method, path template, success status. */
  readonly http?: [string, string, number];
}

/** Who answers: the protocol, the XML namespace where it has one, the operation. */
export interface Answering {
  readonly protocol: Protocol;
  readonly xmlns?: string;
  readonly operation: string;
}

const JSON_CONTENT_TYPE = (protocol: Protocol): string =>
  protocol === 'awsJson1_0' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';

async function restResponse(
  p: Answering,
  schemas: OperationSchemas,
  value: Record<string, unknown>,
  requestId: string,
): Promise<WireResponse> {
  const out = outputToHttp(value, schemas.output, schemas.http?.[2] ?? 200);
  if (p.protocol === 'restJson1') {
    const body = await restJsonBody(out, schemas.output);
    return { status: out.status, headers: { 'x-amzn-requestid': requestId, 'content-type': 'application/json', ...out.headers }, body };
  }
  const body = await restXmlBody(out, schemas.output, p.xmlns);
  const contentType = out.payload?.member.isBlobSchema() ? 'application/octet-stream' : 'application/xml';
  return { status: out.status, headers: { 'x-amz-request-id': requestId, 'content-type': contentType, ...out.headers }, body };
}

export async function successResponse(p: Answering, schemas: OperationSchemas, output: unknown, requestId: string): Promise<WireResponse> {
  const value = (output ?? {}) as Record<string, unknown>;
  switch (p.protocol) {
    case 'awsQuery':
    case 'ec2Query': {
      const body = queryResponse(p.operation, value, schemas.output, p.protocol, p.xmlns ?? '', requestId);
      return { status: 200, headers: { 'x-amzn-requestid': requestId, 'content-type': 'text/xml' }, body };
    }
    case 'restJson1':
    case 'restXml':
      return restResponse(p, schemas, value, requestId);
    default: {
      const body = JSON.stringify(toWire(value, schemas.output, false));
      return { status: 200, headers: { 'x-amzn-requestid': requestId, 'content-type': JSON_CONTENT_TYPE(p.protocol) }, body };
    }
  }
}

export interface ErrorAnswer {
  readonly status: number;
  /** The exception name (the JSON protocols' `__type`). */
  readonly name: string;
  /** The code the XML protocols send (see `error-codes.ts`). */
  readonly code: string;
  readonly message: string;
  /** The query protocols' `Sender` / `Receiver`; by the status when absent. */
  readonly type?: 'Sender' | 'Receiver';
  /** awsJson services compatible with their old query API: `Code;Type` for `x-amzn-query-error`. */
  readonly queryError?: string;
}

export function errorResponse(p: Pick<Answering, 'protocol' | 'xmlns'>, e: ErrorAnswer, requestId: string): WireResponse {
  switch (p.protocol) {
    case 'awsQuery':
    case 'ec2Query': {
      const type = e.type ?? (e.status >= 500 ? 'Receiver' : 'Sender');
      const body = queryErrorResponse(p.protocol, { code: e.code, message: e.message, type }, p.xmlns ?? '', requestId);
      return { status: e.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
    }
    case 'restXml':
      return {
        status: e.status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
        body: restXmlError(e.code, e.message, requestId),
      };
    default: {
      const rest = p.protocol === 'restJson1' || p.protocol === 'unsupported';
      const body = JSON.stringify(rest ? { message: e.message } : { __type: e.name, message: e.message });
      const headers: Record<string, string> = {
        'content-type': rest ? 'application/json' : JSON_CONTENT_TYPE(p.protocol),
        'x-amzn-errortype': e.name,
        'x-amzn-requestid': requestId,
      };
      if (e.queryError) headers['x-amzn-query-error'] = e.queryError;
      return { status: e.status, headers, body };
    }
  }
}
