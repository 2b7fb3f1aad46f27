// The OpenAPI document, generated from the contract's route table (shared/src/contract.ts) and the same zod
// schemas that validate requests: every operation with its operationId, tag, summary and description, its
// security, and every status it may answer (each problem status with the problem+json schema).
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  API,
  PROBLEM_STATUS,
  ROUTE_NAMES,
  ROUTE_TAGS,
  problem,
  routeProblems,
  type ProblemCode,
  type RouteSpec,
} from '@consulta/shared';

type ComponentSchema = Parameters<OpenAPIRegistry['registerComponent']>[2];

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is not valid (the problem names each wrong field)',
  401: 'No valid client key, session or credentials',
  403: 'Not allowed for this role or channel, or by the disclosure policy',
  404: 'Not found (the same answer whether or not it exists elsewhere)',
  413: 'The body is too large',
  423: 'This identity is locked for a while after too many wrong attempts',
  429: 'Too many requests: try again after Retry-After seconds',
  500: 'Internal error',
  503: 'A store or the query log is unavailable, so nothing is disclosed',
};

function problemStatuses(spec: RouteSpec): Map<number, ProblemCode[]> {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of routeProblems(spec)) {
    const status = PROBLEM_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  // A body may be too large (413); the body parser answers it as bad_request.
  if (spec.body) byStatus.set(413, ['bad_request']);
  return byStatus;
}

function security(spec: RouteSpec): Record<string, string[]>[] {
  switch (spec.auth) {
    case 'session':
      return [{ bearer: [], clientKey: [] }, { bearer: [] }];
    case 'none':
      return [{ clientKey: [] }, {}];
    case 'probe':
      return [{}];
  }
}

export function openApiDocument(): { openapi: string; [key: string]: unknown } {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The session token from POST /v1/sessions, bound to the channel and client that logged in.',
  });
  registry.registerComponent('securitySchemes', 'clientKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Client-Key',
    description:
      "A registered client's key (a kiosk terminal, the phone server): fixes the channel. Without one, a " +
      'request is the web channel, rate limited per address.',
  });
  // One Problem component, referenced by every problem answer.
  const { $schema: _dialect, ...problemJson } = z.toJSONSchema(problem);
  registry.registerComponent('schemas', 'Problem', problemJson as ComponentSchema);
  const problemSchema = { $ref: '#/components/schemas/Problem' };
  for (const name of ROUTE_NAMES) {
    const spec: RouteSpec = API[name];
    const responses: Record<string, ResponseConfig> = {};
    responses[spec.status] = spec.response
      ? { description: 'success', content: { 'application/json': { schema: spec.response } } }
      : { description: 'done, no content' };
    if (spec.alsoStatus && spec.response) {
      responses[spec.alsoStatus.status] = {
        description: spec.alsoStatus.description,
        content: { 'application/json': { schema: spec.response } },
      };
    }
    for (const [status, codes] of [...problemStatuses(spec)].sort(([a], [b]) => a - b)) {
      if (responses[status]) continue;
      responses[status] = {
        description: `${STATUS_TEXT[status] ?? 'A problem'} (code: ${codes.join(', ')})`,
        content: { 'application/problem+json': { schema: problemSchema } },
        ...(status === 429
          ? {
              headers: {
                'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } },
              },
            }
          : {}),
      };
    }
    registry.registerPath({
      method: spec.method,
      path: spec.path,
      operationId: name,
      tags: [spec.tag],
      summary: spec.summary,
      description: spec.description,
      security: security(spec),
      request: {
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.body
          ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } }
          : {}),
      },
      responses,
    });
  }
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Consulta query API',
      version: '1.0.0',
      description:
        'Read-only query API over the social insurance personal rights records. Every disclosure is written to ' +
        'the query log first. Errors are application/problem+json (RFC 9457) with a stable `code`.',
      contact: { name: 'Consulta maintainers', url: 'https://github.com/consulta/consulta' },
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [
      { url: 'http://127.0.0.1:8080', description: 'one office, `npm start` (loopback)' },
      { url: 'https://consulta.agency.example', description: 'an agency deployment behind TLS' },
    ],
    tags: Object.entries(ROUTE_TAGS).map(([name, description]) => ({ name, description })),
  });
  return { ...document };
}
