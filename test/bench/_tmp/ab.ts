import { lighthouseOnce } from '../lighthouse.ts';
const urls = process.argv.slice(3);
for (let i = 0; i < Number(process.argv[2]); i++)
  for (const u of urls) {
    const { run } = await lighthouseOnce(u);
    console.log(u, JSON.stringify(run));
  }
