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
  host: config.host,
  ...(config.agentNumber ? { agentNumber: config.agentNumber } : {}),
  agentHours: config.agentHours,
  languageByNumber: config.languageByNumber,
  voices: config.voices,
  log: (line) => console.log(`ivr: ${line}`),
});
console.log(
  `ivr: phone server listening on ${running.url}, public base ${config.publicBaseUrl}, query API ${config.apiUrl}`,
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
