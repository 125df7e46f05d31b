import { generate } from '/work/main/src/generator/index.js';
const s = await generate({ out: process.argv[2]!, days: Number(process.argv[3] ?? 1), devices: Number(process.argv[4] ?? 40), start: '2026-11-20T00:00:00Z', seed: 7 });
console.log(JSON.stringify(s));
