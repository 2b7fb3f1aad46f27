// Steps made of several store calls stay atomic within the process when the store answers later than at once
// (as a server database does): the stores here are the real SQLite ones, each read slowed down, so that
// another request runs between a step's read and its write unless the step is serialised.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTS_PER_PERSON_PER_DAY } from '@consulta/shared';
import { createApp, openApiServices, type ApiServices } from '../../query-api/src/app.ts';
import { LoginThrottle, type Ticket } from '../../query-api/src/auth/throttle.ts';
import { createFastLane } from '../../query-api/src/http/fast-lane.ts';
import { ROUTES } from '../../query-api/src/http/routes.ts';
import type { RightsStore } from '../../query-api/src/store/rights-types.ts';
import { openSqliteOperationalStore } from '../../query-api/src/store/sqlite/operational.ts';
import type { OperationalStore } from '../../query-api/src/store/types.ts';
import { call, copyDemoData, login, loginBody, spareIdentity } from './helpers.ts';

const later = (ms: number) => new Promise((resolveLater) => setTimeout(resolveLater, ms));

describe('the daily limit on record requests', () => {
  let data: ReturnType<typeof copyDemoData>;
  let services: ApiServices;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    data = copyDemoData();
    services = await openApiServices({ dataDir: data.dir });
    const rights = services.deps.rights;
    const slow = Object.create(rights) as RightsStore;
    slow.countRequestsSince = async (personId, since) => {
      const count = await rights.countRequestsSince(personId, since);
      await later(20);
      return count;
    };
    services.deps.rights = slow;
    const app = createApp(services.deps);
    const fastLane = createFastLane(ROUTES, services.deps);
    server = createServer((req, res) => {
      if (!fastLane(req, res)) app(req, res);
    });
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolveClose) => {
      server.close(() => resolveClose());
      server.closeAllConnections();
    });
    await services.close();
    data.remove();
  });

  it('files no more than the limit when one person sends several requests at once', async () => {
    const kioskKey = data.creds.clients.find((c) => c.channel === 'kiosk')?.key;
    const person = spareIdentity(data.creds, 0);
    const token = await login(url, kioskKey, loginBody.pin(person));
    const replies = await Promise.all(
      Array.from({ length: REQUESTS_PER_PERSON_PER_DAY + 3 }, (_, i) =>
        call(url, 'POST', '/v1/me/requests', {
          key: kioskKey,
          token,
          body: { category: 'benefits', description: `request ${i}` },
        }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(REQUESTS_PER_PERSON_PER_DAY);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    const list = await call(url, 'GET', '/v1/me/requests', { key: kioskKey, token });
    expect(list.body.items).toHaveLength(REQUESTS_PER_PERSON_PER_DAY);
  });
});

describe('the login throttle', () => {
  let data: ReturnType<typeof copyDemoData>;
  let ops: OperationalStore;

  beforeAll(() => {
    data = copyDemoData();
    ops = openSqliteOperationalStore({ path: `${data.dir}/operational.sqlite` });
  });
  afterAll(async () => {
    await ops.close();
    data.remove();
  });

  it('imposes one lock when two failures from one source are judged at once', async () => {
    const slow = Object.create(ops) as OperationalStore;
    slow.loginThrottle = async (key) => {
      const row = await ops.loginThrottle(key);
      await later(20);
      return row;
    };
    const throttle = await LoginThrottle.open(slow, 15);
    const identity = throttle.identity('person', 'concurrent-failures');
    const now = Date.now();
    const tickets: Ticket[] = [];
    for (let i = 0; i < 5; i++) {
      const admission = await throttle.admit(identity, 'pin', 'kiosk', 'kiosk-1', now);
      if (admission.kind !== 'admitted') throw new Error(`attempt ${i + 1} was not admitted`);
      tickets.push(admission.ticket);
    }
    // Five attempts are counted; two of them turn out wrong at the same moment. The first locks the source;
    // the second must see that lock (its count starts again), not the count both read before it was set.
    const outcomes = await Promise.all(tickets.slice(3).map((ticket) => throttle.failed(ticket, now)));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['invalid', 'locked']);
    const refused = await throttle.admit(identity, 'pin', 'kiosk', 'kiosk-1', now + 1000);
    expect(refused).toMatchObject({ kind: 'locked', why: 'source' });
  });
});
