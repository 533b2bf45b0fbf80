import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync'] });
for (const [w,h,lang] of [[1440,900,'en'],[1024,768,'pt-BR']]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  await page.goto(`http://127.0.0.1:4273/?test=1&speed=8&autoplay=1&lang=${lang}`);
  await page.waitForTimeout(4000);
  await page.locator('[data-id="play"]').click();
  await page.screenshot({ path: `/tmp/shot-${w}-${lang}.png` });
  await page.close();
}
await browser.close();
