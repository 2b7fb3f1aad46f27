// The node:http adapter over the route table: a fast lane for the record-reading GET routes, in front of
// Express (whose per-request set-up costs more than the routes themselves). It runs the same client, session,
// policy, handler and query-log steps as the Express adapter (pipeline.ts, routes.ts) and the same error
// mapping (problem.ts), and writes each answer with one writeHead and one end. Anything it does not own (other
// methods, static files, unknown or differently spelled paths) it leaves to Express by returning false.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toProblem } from './problem.ts';
import { API_HEADERS, JSON_TYPE, PROBLEM_TYPE, resolveClient, runRoute, type Answer } from './pipeline.ts';
import type { ApiDeps } from './context.ts';
import type { RouteDef } from './routes.ts';

export type FastLane = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The query string as Express's simple parser gives it: one string per name, an array when a name repeats. */
export function queryObject(search: string): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (search === '') return query;
  for (const [name, value] of new URLSearchParams(search)) {
    const previous = query[name];
    if (previous === undefined) query[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else query[name] = [previous, value];
  }
  return query;
}

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

export function createFastLane(routes: readonly RouteDef[], deps: ApiDeps): FastLane {
  const exact = new Map<string, RouteDef>();
  // The one parameterised GET path, /v1/employer/staff/{ref}/contributions, matched by a split.
  let staffContributions: RouteDef | undefined;
  for (const route of routes) {
    if (route.method !== 'get') continue;
    if (route.path === '/v1/employer/staff/{ref}/contributions') staffContributions = route;
    else if (!route.path.includes('{')) exact.set(route.path, route);
    else throw new Error(`the fast lane cannot match ${route.path}: add it or leave it to Express`);
  }

  async function serve(
    route: RouteDef,
    params: Record<string, string>,
    search: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    try {
      const ip = req.socket.remoteAddress ?? '';
      const caller =
        route.path === '/healthz' ? null : await resolveClient(deps, req.headers['x-client-key'], ip);
      const answer = await runRoute(route, deps, caller, {
        query: queryObject(search),
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
    if (!route && staffContributions && path.startsWith('/v1/employer/staff/')) {
      const parts = path.split('/');
      const ref = parts[4];
      if (parts.length !== 6 || parts[5] !== 'contributions' || !ref) return false;
      try {
        params = { ref: decodeURIComponent(ref) };
      } catch {
        return false; // a malformed escape: Express answers it (400)
      }
      route = staffContributions;
    }
    if (!route) return false;
    void serve(route, params, search, req, res);
    return true;
  };
}
