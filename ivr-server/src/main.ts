// `npm run ivr`: the phone server alone, configured by the environment (see config.ts and the README).
import { startIvr } from './app.ts';
import { loadConfig } from './config.ts';

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(`ivr: ${(error as Error).message}`);
  process.exit(1);
}
const running = await startIvr({
  apiUrl: config.apiUrl,
  clientKey: config.clientKey,
  authToken: config.authToken,
  publicBaseUrl: config.publicBaseUrl,
  port: config.port,
  host: process.env.IVR_HOST ?? '127.0.0.1',
  ...(config.agentNumber ? { agentNumber: config.agentNumber } : {}),
  log: (line) => console.log(`ivr: ${line}`),
});
console.log(
  `ivr: phone server listening on ${running.url}, public base ${config.publicBaseUrl}, query API ${config.apiUrl}`,
);
if (config.usingDevToken) {
  console.log(
    'ivr: TWILIO_AUTH_TOKEN is not set: using the development token that `npm run call` also knows.',
  );
}
if (!config.agentNumber)
  console.log('ivr: AGENT_NUMBER is not set: callers asking for an agent hear a polite goodbye.');
const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
