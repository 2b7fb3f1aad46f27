// The node:http adapter over the route table: a fast lane for the record-reading GET routes, in front of
// Express (whose per-request set-up costs more than the routes themselves). It runs the same client, session,
// policy, handler and query-log steps as the Express adapter (pipeline.ts, routes.ts) and the same error
// mapping (problem.ts), and writes each answer with one writeHead and one end. Anything it does not own (other
// methods, static files, unknown or differently spelled paths) it leaves to Express by returning false.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toProblem } from './problem.ts';
import {
  API_HEADERS,
  JSON_TYPE,
  PROBLEM_TYPE,
  clientAddress,
  resolveClient,
  runRoute,
  type Answer,
} from './pipeline.ts';
import type { ApiDeps } from './context.ts';
import type { ServerRoute } from './routes.ts';

export type FastLane = (req: IncomingMessage, res: ServerResponse) => boolean;

function write(res: ServerResponse, answer: Answer, type: string): void {
  if (answer.body === undefined) {
    res.writeHead(answer.status, { ...API_HEADERS, ...answer.headers });
    res.end();
    return;
  }
  const json = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...API_HEADERS,
    ...answer.headers,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}

/** A route path with `{name}` parameters, split into segments once at start-up. */
interface Pattern {
  route: ServerRoute;
  /** A literal segment, or null where a parameter stands. */
  segments: (string | null)[];
  names: string[];
}

function compile(route: ServerRoute): Pattern {
  const names: string[] = [];
  const segments = route.path.split('/').map((segment: string) => {
    const param = /^\{(\w+)\}$/.exec(segment);
    if (!param?.[1]) return segment;
    names.push(param[1]);
    return null;
  });
  return { route, segments, names };
}

/** The parameters when `parts` fits the pattern; undefined when it does not, null for a malformed escape. */
function matchPattern(pattern: Pattern, parts: string[]): Record<string, string> | null | undefined {
  if (parts.length !== pattern.segments.length) return undefined;
  const values: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const literal = pattern.segments[i];
    const part = parts[i] ?? '';
    if (literal === null) {
      if (part === '') return undefined;
      values.push(part);
    } else if (literal !== part) return undefined;
  }
  const params: Record<string, string> = {};
  try {
    pattern.names.forEach((name, i) => (params[name] = decodeURIComponent(values[i] ?? '')));
  } catch {
    return null;
  }
  return params;
}

export function createFastLane(routes: readonly ServerRoute[], deps: ApiDeps): FastLane {
  const exact = new Map<string, ServerRoute>();
  const patterns: Pattern[] = [];
  for (const route of routes) {
    if (route.method !== 'get') continue;
    if (route.path.includes('{')) patterns.push(compile(route));
    else exact.set(route.path, route);
  }

  async function serve(
    route: ServerRoute,
    params: Record<string, string>,
    search: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    try {
      const ip = clientAddress(req);
      const caller =
        route.auth === 'probe' ? null : await resolveClient(deps, req.headers['x-client-key'], ip);
      const answer = await runRoute(route, deps, caller, {
        search,
        params,
        body: undefined,
        ip,
        authorization: req.headers.authorization,
      });
      write(res, answer, JSON_TYPE);
    } catch (err) {
      const problem = toProblem(err, `GET ${route.path}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      write(res, { status: problem.status, headers: problem.headers, body: problem.body }, PROBLEM_TYPE);
    }
  }

  return (req, res) => {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    const search = mark < 0 ? '' : url.slice(mark + 1);
    let route = exact.get(path);
    let params: Record<string, string> = {};
    if (!route && patterns.length > 0) {
      const parts = path.split('/');
      for (const pattern of patterns) {
        const found = matchPattern(pattern, parts);
        if (found === null) return false; // a malformed escape: Express answers it (400)
        if (found) {
          route = pattern.route;
          params = found;
          break;
        }
      }
    }
    if (!route) return false;
    void serve(route, params, search, req, res);
    return true;
  };
}
