import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const cdp = await page.context().newCDPSession(page);
await page.goto(`http://127.0.0.1:4290/?test=1&scenario=${process.argv[2] ?? 'bench-500'}&speed=1&autoplay=1`);
await page.waitForTimeout(4000);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page.waitForTimeout(4000);
const { profile } = await cdp.send('Profiler.stop');
const dt={};for(let i=0;i<profile.samples.length;i++){dt[profile.samples[i]]=(dt[profile.samples[i]]||0)+(profile.timeDeltas[i]||0);}
const self={};let tot=0;for(const n of profile.nodes){const t=dt[n.id]||0;tot+=t;const k=n.callFrame.functionName+' '+n.callFrame.url.split('/').pop()+':'+n.callFrame.lineNumber;self[k]=(self[k]||0)+t;}
Object.entries(self).sort((a,b)=>b[1]-a[1]).slice(0,30).forEach(([k,v])=>console.log((v/tot*100).toFixed(1)+'%',k));
console.log('fps', await page.evaluate(() => new Promise(r => { let n=0; const t0=performance.now(); const f=()=>{n++; if (performance.now()-t0<2000) requestAnimationFrame(f); else r(n/2);}; requestAnimationFrame(f);})));
await browser.close();
