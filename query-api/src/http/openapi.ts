// The OpenAPI document, generated from the route table and the same zod schemas that validate requests.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { problem } from '@consulta/shared';
import { z } from 'zod';
import type { RouteDef } from './routes.ts';

export function openApiDocument(routes: readonly RouteDef[]): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  registry.registerComponent('securitySchemes', 'clientKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Client-Key',
  });
  for (const route of routes) {
    registry.registerPath({
      method: route.method,
      path: route.path,
      summary: route.summary,
      security: {
        session: [{ bearer: [], clientKey: [] }, { bearer: [] }],
        none: [{ clientKey: [] }, {}],
        probe: [{}],
      }[route.auth],
      request: {
        ...(route.query ? { query: route.query } : {}),
        ...(route.params ? { params: route.params } : {}),
        ...(route.body ? { body: { content: { 'application/json': { schema: route.body } } } } : {}),
      },
      responses: {
        [route.status]: route.response
          ? { description: 'success', content: { 'application/json': { schema: route.response } } }
          : { description: 'no content' },
        default: {
          description: 'a problem',
          content: { 'application/problem+json': { schema: problem } },
        },
      },
    });
  }
  registry.registerPath({
    method: 'get',
    path: '/v1/openapi.json',
    summary: 'This document (public)',
    responses: {
      200: {
        description: 'OpenAPI 3.1',
        content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } },
      },
    },
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Consulta query API',
      version: '1.0.0',
      description:
        'Read-only query API over the social insurance personal rights records. Every disclosure is written to ' +
        'the query log first. Errors are application/problem+json.',
    },
  });
}
