// `npm run call`: a phone in the terminal. Plays Twilio's part against a running phone server (signing every
// webhook as Twilio would), prints what the caller hears, and takes keys from the keyboard — or, with
// --keys "2,1,<id>#,1,<pin>#,2", runs a whole call without a person and prints its transcript.
// --speak says every sentence through espeak-ng in the matching voice; --wav FILE writes the call to a WAV instead.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DEV_AUTH_TOKEN } from '../config.ts';
import { espeakVoice } from '../menu/voices.ts';
import { CallSimulator, formatTranscript, type Heard } from './simulator.ts';

const HELP = `npm run call -- [options]

  --url URL           the phone server (default http://127.0.0.1:$IVR_PORT, IVR_PORT default 8081)
  --public-base URL   the URL Twilio would sign for (default $PUBLIC_BASE_URL, else --url)
  --token TOKEN       Twilio auth token (default $TWILIO_AUTH_TOKEN, else the development token)
  --keys "k1,k2,…"    run a whole call without a person: one entry per prompt; "" is silence,
                      "say:words" is speech; then hang up and print the transcript
  --speak             say every sentence through espeak-ng (voices es, en-us, cmn-latn-pinyin)
  --wav FILE          with --speak: write the call's audio to FILE instead of the sound card
  --help`;

function fail(message: string): never {
  console.error(`call: ${message}\n\n${HELP}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      url: { type: 'string' },
      'public-base': { type: 'string' },
      token: { type: 'string' },
      keys: { type: 'string' },
      speak: { type: 'boolean', default: false },
      wav: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
if (args.wav && !args.speak) fail('--wav needs --speak');

const url = args.url ?? `http://127.0.0.1:${process.env.IVR_PORT ?? '8081'}`;
const publicBaseUrl = args['public-base'] ?? process.env.PUBLIC_BASE_URL ?? url;
const token = args.token ?? process.env.TWILIO_AUTH_TOKEN ?? DEV_AUTH_TOKEN;
if (token === DEV_AUTH_TOKEN) console.error('call: signing with the development auth token.');

const audioDir = args.wav ? mkdtempSync(join(tmpdir(), 'consulta-call-')) : null;
const audioFiles: string[] = [];

function speak(heard: Heard): void {
  const voice = espeakVoice(heard.language);
  const espeakArgs = ['-v', voice, '-s', '150'];
  if (audioDir) {
    const file = join(audioDir, `${String(audioFiles.length).padStart(4, '0')}.wav`);
    execFileSync('espeak-ng', [...espeakArgs, '-w', file, heard.text]);
    audioFiles.push(file);
  } else {
    try {
      execFileSync('espeak-ng', [...espeakArgs, heard.text], { stdio: 'ignore' });
    } catch {
      // No sound device: the printed line is still there.
    }
  }
}

const interactive = args.keys === undefined;
const call = new CallSimulator({
  ivrUrl: url,
  publicBaseUrl,
  authToken: token,
  onSay: (heard) => {
    if (interactive) console.log(`  phone [${heard.language}] ${heard.text}`);
    if (args.speak) speak(heard);
  },
});

try {
  await call.start();
  if (interactive) {
    const rl = createInterface({ input: process.stdin });
    // The iterator buffers lines, so keys piped in ahead of the prompts are not lost.
    const lines = rl[Symbol.asyncIterator]();
    console.log(
      '(type keys and Enter; an empty line is silence; "say: words" speaks; "hangup" or Ctrl-D ends)',
    );
    while (call.waiting) {
      process.stdout.write('caller > ');
      const next = await lines.next();
      if (next.done) break;
      const line = String(next.value).trim();
      if (!process.stdin.isTTY) console.log(line);
      if (line === 'hangup') break;
      await call.input(line.startsWith('say:') ? line : line.replace(/\s+/g, ''));
    }
    rl.close();
    await call.finish();
    const last = call.transcript.at(-1);
    if (last?.kind === 'event') console.log(`  [${last.text}]`);
  } else {
    const inputs = (args.keys ?? '').split(',').map((k) => k.trim());
    for (const input of inputs) {
      if (!call.waiting) break;
      await call.input(input);
    }
    await call.finish();
    console.log(formatTranscript(call.transcript));
  }
} catch (error) {
  const cause = (error as { cause?: { code?: string } }).cause;
  fail(
    cause?.code === 'ECONNREFUSED'
      ? `no phone server at ${url} (start it with npm run ivr or npm start)`
      : (error as Error).message,
  );
}

if (audioDir && args.wav) {
  if (audioFiles.length > 0) execFileSync('sox', [...audioFiles, args.wav]);
  rmSync(audioDir, { recursive: true, force: true });
  console.error(`call: audio written to ${args.wav}`);
}
