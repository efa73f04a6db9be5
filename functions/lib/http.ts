/**
 * What every HTTP handler shares: JSON responses, and errors shaped as
 * `{ error, message, details }`. Bad input is a 400 naming the field, never a
 * 500; unexpected errors become a generic 500 without internals.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { MiddlewareObj } from '@middy/core';
import { z } from 'zod';
import { InvalidInputError, LablinkError, NotFoundError } from '../../shared/errors.js';
import { logger } from './env.js';

export type HttpResult = Exclude<APIGatewayProxyResultV2, string>;

export function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

export function errorBody(error: unknown): HttpResult {
  if (error instanceof z.ZodError) {
    return json(400, {
      error: 'invalid_request',
      message: error.issues
        .map((i) => `${i.path.join('.') || 'request'}: ${i.message}`)
        .join('; '),
      details: error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    });
  }
  if (error instanceof InvalidInputError) {
    return json(400, {
      error: 'invalid_request',
      message: error.message,
      details: error.details,
    });
  }
  if (error instanceof NotFoundError) {
    return json(404, {
      error: 'not_found',
      message: error.message,
      details: error.details,
    });
  }
  const known = error instanceof LablinkError;
  logger.error('request failed', { error: (error as Error).message, known });
  return json(500, { error: 'internal', message: 'internal error', details: {} });
}

/** Turns any thrown error into the JSON error shape. */
export const jsonErrors = (): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> => ({
  onError: async (request) => {
    request.response = errorBody(request.error);
  },
});

/** Path parameters validated by a zod schema; failures become 400s. */
export function pathParams<T extends z.ZodType>(
  event: APIGatewayProxyEventV2,
  schema: T,
): z.infer<T> {
  return schema.parse(event.pathParameters ?? {});
}
