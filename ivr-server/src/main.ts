// `npm run ivr`: the phone server alone, configured by the environment (see config.ts and the README).
import { startIvr, type CallEntry } from './app.ts';
import { loadConfig } from './config.ts';
import { RedisCallStore } from './redis-call-store.ts';
import { IvrTelemetry } from './telemetry.ts';

const USAGE = `npm run ivr   the phone server alone (Twilio webhooks; the query API must be running)

Configured by environment variables (README, "The phone hotline"):
  IVR_PORT (8081), IVR_HOST (127.0.0.1), QUERY_API_URL (http://127.0.0.1:8080),
  IVR_CLIENT_KEY (the demo phone key), TWILIO_AUTH_TOKEN (required when NODE_ENV=production),
  PUBLIC_BASE_URL (http://127.0.0.1:$IVR_PORT), AGENT_NUMBER,
  IVR_STATE_URL (redis://…: calls shared by several instances; memory without it), IVR_STATE_PREFIX,
  LOG_LEVEL (info), METRICS_TOKEN (bearer token for /metrics from other machines; loopback always)`;
const cliArgs = process.argv.slice(2);
if (cliArgs.includes('--help') || cliArgs.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
if (cliArgs.length > 0) {
  console.error(`ivr: unknown argument "${cliArgs[0]}" (npm run ivr -- --help)`);
  process.exit(2);
}

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(`ivr: ${(error as Error).message}`);
  process.exit(1);
}
// Calls in Redis when several instances share a number (IVR_STATE_URL); in this process's memory otherwise.
let store: RedisCallStore<CallEntry> | undefined;
if (config.stateUrl) {
  store = new RedisCallStore<CallEntry>({
    url: config.stateUrl,
    isLive: (entry) => !entry.ended,
    ...(process.env.IVR_STATE_PREFIX ? { prefix: process.env.IVR_STATE_PREFIX } : {}),
  });
  try {
    await store.connect();
  } catch (error) {
    console.error(`ivr: the call store at IVR_STATE_URL does not answer: ${(error as Error).message}`);
    process.exit(1);
  }
}
const running = await startIvr({
  ...(store ? { store } : {}),
  apiUrl: config.apiUrl,
  clientKey: config.clientKey,
  authToken: config.authToken,
  publicBaseUrl: config.publicBaseUrl,
  port: config.port,
  host: config.host,
  ...(config.agentNumber ? { agentNumber: config.agentNumber } : {}),
  agentHours: config.agentHours,
  languageByNumber: config.languageByNumber,
  voices: config.voices,
  telemetry: new IvrTelemetry({ metricsToken: process.env.METRICS_TOKEN || undefined, defaultMetrics: true }),
});
console.log(
  `ivr: phone server listening on ${running.url}, public base ${config.publicBaseUrl}, query API ${config.apiUrl}, calls in ${store ? 'Redis' : 'memory'}`,
);
if (config.usingDevToken) {
  console.log(
    'ivr: TWILIO_AUTH_TOKEN is not set: using the public development token (DEV_AUTH_TOKEN in ivr-server/src/config.ts, which `npm run call` also uses); loopback only.',
  );
}
if (!config.agentNumber)
  console.log('ivr: AGENT_NUMBER is not set: callers asking for an agent are offered a call-back.');
const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
