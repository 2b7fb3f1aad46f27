// The short seeded fuzz pass `npm test` runs: every operation of the served OpenAPI document, with every kind
// of caller; no 5xx, every error a problem+json 4xx, every success in its declared shape.
// The long pass: `npm run fuzz -- --requests 10000`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../api/helpers.ts';
import { operations, runRequests, sampleRequests, setUpCallers, summaryTable } from './openapi-fuzz.ts';

const SEED = 20260801;
const PER_OPERATION = 12;
const generous = { perSecond: 10_000, burst: 10_000 };

describe('fuzzing every route from the OpenAPI document (short, seeded)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      rateLimits: { web: generous, client: generous, verify: generous, unverifiedKeys: generous },
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers every generated request without a 5xx, with problem+json errors and declared shapes', async () => {
    const doc = (await (await fetch(`${api.url}/v1/openapi.json`)).json()) as object;
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(15);
    const { callers, relogin } = await setUpCallers(api.url, api.creds);
    const requests = sampleRequests(doc, callers, ops.length * PER_OPERATION, SEED);
    const report = await runRequests(api.url, requests, { concurrency: 4, callers, onLogout: relogin });
    const table = summaryTable(report);
    expect(
      report.findings.map((f) => `${f.request.method} ${f.request.url} [${f.request.caller}]: ${f.problem}`),
      table,
    ).toEqual([]);
    expect(report.fiveHundreds).toBe(0);
    // Every operation was exercised, and the generator got past validation somewhere (not only 400s).
    expect(report.byOperation.size).toBe(ops.length);
    const successes = [...report.byOperation.values()].reduce((n, c) => n + c['2xx'], 0);
    expect(successes).toBeGreaterThan(ops.length);
  });
});
