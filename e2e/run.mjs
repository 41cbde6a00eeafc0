// Browser tests: the built server on a fresh SQLite database, Debian's Chromium driven by
// playwright-core. Every step asserts what a user sees; screenshots go to $E2E_OUT for review.
// Usage: node e2e/run.mjs <path to the immivo binary>
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import http from 'node:http';
import { chromium } from 'playwright-core';

const binary = process.argv[2];
const out = process.env.E2E_OUT ?? join(process.env.CARGO_TARGET_DIR ?? 'target', 'e2e');
mkdirSync(out, { recursive: true });
const PASSWORD = 'E2e-Demo-Passwort';

const freePort = () => new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

// A local model speaking the OpenAI wire protocol: routing and reply drafts as JSON, the chat as
// SSE — first a tool call (its arguments in pieces), then, once the tool result is back, an answer
// streamed in small pieces with a pause between them, so the page visibly streams.
function startFakeModel() {
  const sse = (res, chunks, pause) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let i = 0;
    const next = () => {
      if (i < chunks.length) { res.write(`data: ${JSON.stringify(chunks[i++])}\n\n`); setTimeout(next, pause); }
      else { res.end('data: [DONE]\n\n'); }
    };
    next();
  };
  const chunk = (delta) => ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-5.2', choices: [{ index: 0, delta }] });
  const usage = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-5.2', choices: [], usage: { prompt_tokens: 900, completion_tokens: 60 } };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const r = JSON.parse(body || '{}');
      if (req.url.endsWith('/embeddings')) {
        const inputs = Array.isArray(r.input) ? r.input : [r.input];
        const data = inputs.map((text, index) => ({ object: 'embedding', index,
          embedding: Array.from({ length: 1536 }, (_, k) => ((text.length * 31 + k * 17) % 97) / 97) }));
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ object: 'list', data, model: r.model, usage: { prompt_tokens: 5, total_tokens: 5 } }));
      }
      const schema = r.response_format?.json_schema?.name;
      const json = (content) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: r.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 300, completion_tokens: 20 } }));
      };
      if (schema === 'route') return json(JSON.stringify({ category: 'crm' }));
      if (schema === 'reply') return json(JSON.stringify({ subject: 'Ihre Anfrage', body: 'Guten Tag,\n\nvielen Dank für Ihre Anfrage.' }));
      if (schema === 'summary') return json(JSON.stringify({ summary: 'Leads besprochen.' }));
      if (schema === 'sentiment') return json(JSON.stringify({ score: 60, urgency: 'medium', tone: 'interessiert',
        buying_signals: ['Besichtigung gewünscht'], risk_signals: [] }));
      const messages = r.messages ?? [];
      const toolResult = [...messages].reverse().find((m) => m.role === 'tool');
      if (!toolResult) {
        const args = JSON.stringify({ limit: 3 });
        return sse(res, [chunk({ role: 'assistant', content: '' }),
          chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'search_leads', arguments: '' } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, 5) } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(5) } }] }), usage], 150);
      }
      const leads = JSON.parse(toolResult.content).leads ?? [];
      const text = `Hier sind deine **${leads.length} neuesten Leads**:\n` +
        leads.map((l) => `- [${l.name}](${l.url}) – Score ${l.score}`).join('\n');
      const pieces = text.match(/.{1,12}/gs);
      return sse(res, [chunk({ role: 'assistant', content: '' }), ...pieces.map((p) => chunk({ content: p })), usage], 60);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/v1` })));
}

async function startServer(modelUrl) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'immivo-e2e-'));
  const child = spawn(binary, ['serve'], {
    env: {
      ...process.env,
      IMMIVO_DATABASE_URL: `sqlite://${dir}/immivo.db?mode=rwc`,
      IMMIVO_BIND: `127.0.0.1:${port}`,
      IMMIVO_DEMO_PASSWORD: PASSWORD,
      IMMIVO_OPENAI_BASE_URL: modelUrl,
      RUST_LOG: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(`${base}/health`)).ok) return { child, base }; } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become healthy');
}

function assert(cond, message) { if (!cond) throw new Error(`assertion failed: ${message}`); }

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

async function signIn(page, base, email) {
  await page.goto(`${base}/login`);
  await page.waitForSelector('body[data-hydrated]');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/`);
  await page.getByTestId('page-title').waitFor();
  // The dashboard arrives as a new document: a click before it hydrates would do nothing.
  await page.waitForSelector('body[data-hydrated]');
}

const shot = (page, name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });

test('login page is German by default and refuses a wrong password', async ({ page, base }) => {
  await page.goto(`${base}/login`);
  await page.waitForSelector('body[data-hydrated]');
  assert(await page.locator('html').getAttribute('lang') === 'de', 'lang=de');
  assert((await page.textContent('h1')).includes('Willkommen bei Immivo'), 'German title');
  await shot(page, '01-login');
  await page.fill('input[name=email]', 'admin@demo.immivo.local');
  await page.fill('input[name=password]', 'falsch');
  await page.click('button[type=submit]');
  await page.getByRole('alert').waitFor();
  assert((await page.getByRole('alert').textContent()).length > 0, 'error shown');
});

test('admin signs in and sees the dashboard', async ({ page, base }) => {
  await signIn(page, base, 'admin@demo.immivo.local');
  assert((await page.getByTestId('office').textContent()).includes('Brandstätter'), 'office name');
  const total = await Promise.all(['NEW', 'CONTACTED', 'CONVERSATION', 'BOOKED', 'LOST'].map(async (s) =>
    Number((await page.getByTestId(`count-${s}`).textContent()).replace(/\D+/g, ''))));
  assert(total.reduce((a, b) => a + b, 0) === 20, `20 leads counted, got ${total}`);
  assert(await page.getByTestId('newest-leads').locator('li').count() === 8, 'newest leads listed');
  await shot(page, '02-dashboard');
});

test('language switches to English and back', async ({ page, base }) => {
  await signIn(page, base, 'admin@demo.immivo.local');
  // The page switches at once; the cookie is set by the server function's answer: wait for it.
  const saved = () => page.waitForResponse((r) => r.url().endsWith('/api/set_locale') && r.ok());
  await Promise.all([saved(), page.getByTestId('lang-en').click()]);
  await page.getByText('Dashboard').first().waitFor();
  await page.reload();
  await page.waitForSelector('body[data-hydrated]');
  assert(await page.locator('html').getAttribute('lang') === 'en', 'cookie keeps English');
  await shot(page, '03-dashboard-en');
  await Promise.all([saved(), page.getByTestId('lang-de').click()]);
  await page.getByText('Übersicht').first().waitFor();
  await page.reload();
  assert(await page.locator('html').getAttribute('lang') === 'de', 'back to German');
});

test('in English, a lead page, its timeline and its score factors show no German', async ({ page, base }) => {
  await signIn(page, base, 'admin@demo.immivo.local');
  const saved = () => page.waitForResponse((r) => r.url().endsWith('/api/set_locale') && r.ok());
  await Promise.all([saved(), page.getByTestId('lang-en').click()]);
  await page.goto(`${base}/leads?status=CONTACTED`);
  await page.waitForSelector('body[data-hydrated]');
  await page.getByTestId('lead-link').first().click();
  await page.getByTestId('status-card').waitFor();
  await page.waitForSelector('body[data-hydrated]');
  const before = await page.getByTestId('activity').count();
  await page.getByTestId('status-CONVERSATION').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=activity]').length > n, before);
  const timeline = await page.getByTestId('timeline').textContent();
  const score = await page.getByTestId('score-card').textContent();
  for (const english of ['Contacted → In conversation', 'New → Contacted', 'Lead created']) {
    assert(timeline.includes(english), `timeline says "${english}": ${timeline}`);
  }
  // Times in the office's zone (the demo office is in Vienna), not in UTC.
  assert(/\d{2}:\d{2} CES?T/.test(timeline) && !timeline.includes('UTC'), `times in the office's zone: ${timeline}`);
  for (const english of ['Time frame', 'Financing', 'Source', 'Completeness', 'of the details given']) {
    assert(score.includes(english), `score factors say "${english}": ${score}`);
  }
  // German words, and codes that must never reach the screen.
  const german = ['NEW', 'CONTACTED', 'WILLHABEN', 'IMMOSCOUT24', 'angelegt', 'Anfrage über', 'Kontaktiert', 'Im Gespräch', 'Neu ', 'Zeitrahmen', 'Finanzierung',
    'Quelle', 'Vollständigkeit', 'Angaben', 'Entscheidung', 'Budget angegeben', 'Kein Budget', 'Objektpreis', 'Manuell',
    'Empfehlung', 'Nachricht', 'Stimmung', 'Zugewiesen', 'Geändert', 'Verlauf'];
  for (const word of german) {
    assert(!timeline.includes(word) && !score.includes(word), `no German "${word}": ${timeline} | ${score}`);
  }
  await shot(page, '05b-lead-detail-en');
  await Promise.all([saved(), page.getByTestId('lang-de').click()]);
});

test('leads list filters by status and searches', async ({ page, base }) => {
  await signIn(page, base, 'admin@demo.immivo.local');
  await page.goto(`${base}/leads?status=NEW`);
  await page.waitForSelector('body[data-hydrated]');
  await page.getByTestId('lead-row').first().waitFor();
  const rows = page.getByTestId('lead-row');
  const count = await rows.count();
  assert(count > 0 && count < 20, `NEW leads only, got ${count}`);
  for (let i = 0; i < count; i++) {
    assert((await rows.nth(i).textContent()).includes('Neu'), 'row shows status Neu');
  }
  await shot(page, '04-leads-new');
  await page.goto(`${base}/leads?q=Wimmer`);
  await page.getByTestId('lead-row').first().waitFor();
  assert(await page.getByTestId('lead-row').count() === 1, 'search finds one lead');
  assert((await page.getByTestId('lead-row').first().textContent()).includes('Wimmer'), 'the right lead');
});

test('lead detail: status change and note land in the timeline', async ({ page, base }) => {
  await signIn(page, base, 'admin@demo.immivo.local');
  await page.goto(`${base}/leads?status=NEW`);
  await page.waitForSelector('body[data-hydrated]');
  await page.getByTestId('lead-link').first().click();
  await page.getByTestId('status-card').waitFor();
  // The newest demo lead asked "Wäre eine Besichtigung am Donnerstag möglich?".
  const wish = await page.getByTestId('lead-viewing-wish').textContent();
  assert(/^\d{2}\.\d{2}\.\d{4}$/.test(wish.trim()), `the viewing wish shows as a date: ${wish}`);
  const before = await page.getByTestId('activity').count();
  await page.getByTestId('status-CONTACTED').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=activity]').length > n, before);
  assert((await page.getByTestId('status-card').textContent()).includes('Kontaktiert'), 'status shown as Kontaktiert');
  await page.getByTestId('note-input').fill('Rückruf am Montag vereinbart');
  await page.getByTestId('note-submit').click();
  await page.getByText('Rückruf am Montag vereinbart').waitFor();
  await shot(page, '05-lead-detail');
});

test('lead page: a mail written in the conversation waits in the outbox and says why', async ({ page, base }) => {
  await signIn(page, base, 'admin@demo.immivo.local');
  await page.goto(`${base}/leads?status=NEW`);
  await page.waitForSelector('body[data-hydrated]');
  await page.getByTestId('lead-link').nth(1).click();
  const thread = page.getByTestId('lead-thread');
  await thread.waitFor();
  const incoming = await thread.locator('[data-testid=thread-message][data-direction=IN]').count();
  const composer = thread.getByTestId('thread-composer');
  await composer.getByTestId('thread-subject').fill('');
  await composer.getByTestId('thread-body').fill('Guten Tag, gerne zeigen wir Ihnen die Wohnung am Donnerstag.');
  await composer.getByTestId('thread-send').click();
  await composer.getByTestId('error-subject').waitFor();
  await composer.getByTestId('thread-subject').fill('Ihre Anfrage: Besichtigung');
  await composer.getByTestId('thread-send').click();
  const ours = thread.locator('[data-testid=thread-message][data-direction=OUT][data-status=KEPT]');
  await ours.waitFor();
  const status = await ours.getByTestId('thread-status').textContent();
  assert(status.includes('im Postausgang') && status.includes('Postfächer'), `says it was not sent and where to connect: ${status}`);
  assert(await thread.locator('[data-testid=thread-message][data-direction=IN]').count() === incoming, 'the inquiry stays');
  await page.getByTestId('timeline').getByText('im Postausgang behalten').waitFor();
  await thread.screenshot({ path: join(out, '20-lead-thread.png') });
});

test('property form shows field errors, then creates the property', async ({ page, base }) => {
  await signIn(page, base, 'agent@demo.immivo.local');
  await page.goto(`${base}/properties/new`);
  await page.waitForSelector('body[data-hydrated]');
  await page.getByTestId('property-submit').click();
  await page.getByTestId('error-title').waitFor();
  await page.getByTestId('error-city').waitFor();
  await shot(page, '06-property-errors');
  await page.locator('label[data-field=title] input').fill('Dachgeschosswohnung mit Terrasse');
  await page.locator('label[data-field=city] input').fill('Linz');
  await page.locator('label[data-field=property_type] select').selectOption('APARTMENT');
  await page.locator('label[data-field=marketing_type] select').selectOption('BUY');
  await page.fill('input[name=price]', '489000.50');
  await page.getByTestId('property-submit').click();
  await page.waitForURL(/\/properties\/[0-9a-f-]{36}$/);
  await page.getByText('Dachgeschosswohnung mit Terrasse').first().waitFor();
  // Money is cents end to end: the cents typed are the cents shown, in German.
  const price = (await page.getByTestId('property-price').textContent()).trim();
  assert(price === '489.000,50 €', `price shown as ${price}`);
  await shot(page, '07-property-detail');
});

test('admin finds the inbound address; a portal mail posted there becomes a lead', async ({ page, base }) => {
  await signIn(page, base, 'admin@demo.immivo.local');
  await page.goto(`${base}/settings`);
  await page.waitForSelector('body[data-hydrated]');
  const address = await page.getByTestId('inbound-address').inputValue();
  assert(/\/inbound\/email\/[A-Za-z0-9_-]{20,}$/.test(address), `inbound address shown: ${address}`);
  await page.getByTestId('inbound-empty').waitFor();
  // The relay posts to the public URL; here the server listens on the test port.
  const path = new URL(address).pathname;
  const mail = readFileSync(new URL('../domain/src/intake/parse/fixtures/inbound/immoscout24_html.eml', import.meta.url));
  const posted = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: mail });
  assert(posted.ok, `mail accepted: ${posted.status}`);
  // The mail's jobs (sentiment, first reply) call the model at once, while the page reloads:
  // the server renders it from one reading of its data, so it hydrates whatever lands meanwhile.
  await page.reload();
  await page.waitForSelector('body[data-hydrated]');
  const row = page.getByTestId('inbound-row').first();
  await row.waitFor();
  assert(await row.getAttribute('data-status') === 'PARSED', 'parsed into a lead');
  assert((await row.textContent()).includes('Lead erstellt'), 'status in German');
  await page.getByTestId('inbound-settings').screenshot({ path: join(out, '13-inbound.png') });
  await row.getByRole('link').click();
  await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
  await page.getByTestId('status-card').waitFor();
  await page.waitForSelector('body[data-hydrated]');
  // The inquiry behind the lead, with the original mail on request.
  const inquiry = page.getByTestId('inquiry');
  assert(await inquiry.count() === 1, 'one inquiry');
  assert((await inquiry.textContent()).includes('ImmobilienScout24'), 'portal named');
  await page.getByTestId('inquiry-toggle').click();
  await page.getByTestId('inquiry-original').waitFor();
  assert((await page.getByTestId('inquiry-original').textContent()).includes('Message-ID'), 'raw source shown');
  const completeness = Number(await page.getByTestId('score-card').getByTestId('completeness').getAttribute('data-value'));
  assert(completeness > 0 && completeness <= 100, `completeness ${completeness}`);
  await shot(page, '14-inbound-lead');
  // The intake page lists the mail under "Lead erstellt" and shows every queue.
  await page.goto(`${base}/intake`);
  await page.waitForSelector('body[data-hydrated]');
  await page.getByTestId('inbound-row').first().waitFor();
  await page.getByTestId('intake-tab-UNRECOGNISED').click();
  await page.getByTestId('inbound-empty').waitFor();
  await page.getByTestId('intake-tab-PARSED').click();
  await page.getByTestId('inbound-row').first().waitFor();
  assert(await page.getByTestId('queue-row').count() === 7, 'every queue listed');
  await page.getByTestId('dead-jobs').waitFor();
  await shot(page, '15-intake');
});

test('pipeline shows every status column', async ({ page, base }) => {
  await signIn(page, base, 'admin@demo.immivo.local');
  await page.goto(`${base}/pipeline`);
  await page.waitForSelector('body[data-hydrated]');
  for (const s of ['NEW', 'CONTACTED', 'CONVERSATION', 'BOOKED', 'LOST']) await page.getByTestId(`column-${s}`).waitFor();
  // Every lead of the office is on the board: the 20 demo leads and those earlier tests added.
  const cards = await page.getByTestId('pipeline-card').count();
  const totals = (await page.getByTestId('column-count').allTextContents()).reduce((n, t) => n + Number(t), 0);
  assert(cards >= 20 && cards === totals, `cards ${cards}, column totals ${totals}`);
  await shot(page, '08-pipeline');
});

test('an office site embeds widget.js; the inquiry becomes a lead', async ({ page, base }) => {
  // The office's website: a static page on another loopback port that embeds the widget.
  const sitePort = await freePort();
  const siteOrigin = `http://127.0.0.1:${sitePort}`;
  await signIn(page, base, 'admin@demo.immivo.local');
  await page.goto(`${base}/settings`);
  await page.waitForSelector('body[data-hydrated]');
  const snippet = await page.getByTestId('widget-snippet').inputValue();
  const key = /data-key="([^"]+)"/.exec(snippet)?.[1];
  assert(key && key.startsWith('wk_'), `snippet carries the key: ${snippet}`);
  await page.getByTestId('widget-origins').fill(`${siteOrigin}\nhttps://www.example.at/kontakt`);
  await page.getByTestId('widget-origins-save').click();
  await page.getByTestId('widget-origin-errors').waitFor();
  assert((await page.getByTestId('widget-origin-errors').textContent()).includes('Pfad'), 'path refused, in German');
  await page.getByTestId('widget-origins').fill(siteOrigin);
  await page.getByTestId('widget-origins-save').click();
  await page.getByTestId('widget-settings').getByTestId('saved').waitFor();
  await page.getByTestId('widget-settings').screenshot({ path: join(out, '15-widget-settings.png') });

  const html = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Makler</title></head><body>
    <h1>Wohnung Neubaugasse</h1>
    <script src="${base}/widget.js" data-key="${key}" data-property="W-1070-12" data-lang="de" async></script>
    </body></html>`;
  const { createServer } = await import('node:http');
  const site = createServer((_, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(html); });
  await new Promise((r) => site.listen(sitePort, '127.0.0.1', r));
  try {
    await page.goto(`${siteOrigin}/`);
    const form = page.locator('.immivo-widget form');
    await form.waitFor();
    // Required fields first: the server's field errors come back and are shown at the fields.
    await page.getByLabel('Name *').fill('Lena Gruber');
    await page.getByLabel('E-Mail').fill('lena.gruber@');
    await page.getByLabel(/Ich bin einverstanden/).check();
    await page.getByRole('button', { name: 'Anfrage senden' }).click();
    await page.getByText('Keine gültige E-Mail-Adresse').waitFor();
    assert(await page.getByLabel('E-Mail').getAttribute('aria-invalid') === 'true', 'email marked invalid');
    await page.getByLabel('E-Mail').fill('lena.gruber@example.at');
    await page.getByLabel('Telefon').fill('0664 7654321');
    await page.getByLabel('Ihre Nachricht').fill('Ist eine Besichtigung am Samstag möglich?');
    await page.getByLabel(/Besichtigungstermin/).check();
    await page.getByRole('button', { name: 'Anfrage senden' }).click();
    await page.getByText('Vielen Dank!').waitFor();
    await shot(page, '16-widget-on-site');
  } finally {
    site.close();
  }

  await page.goto(`${base}/settings`);
  await page.waitForSelector('body[data-hydrated]');
  const row = page.getByTestId('inbound-row').first();
  await row.waitFor();
  assert(await row.getAttribute('data-status') === 'PARSED', 'the widget inquiry became a lead');
  assert((await row.textContent()).includes('lena.gruber@example.at'), 'shown with the received mail');
});

test('agent creates a lead and moves it on the pipeline board', async ({ page, base }) => {
  await signIn(page, base, 'agent@demo.immivo.local');
  await page.goto(`${base}/leads/new`);
  await page.waitForSelector('body[data-hydrated]');
  await page.fill('input[name=email]', 'kaputt@');
  await page.fill('input[name=last_name]', 'Zauner');
  await page.fill('input[name=first_name]', 'Vera');
  await page.getByTestId('lead-submit').click();
  await page.getByTestId('error-email').waitFor();
  await shot(page, '11-lead-form-errors');
  await page.fill('input[name=email]', 'vera.zauner@gmx.at');
  await page.fill('input[name=phone]', '0664 9876543');
  await page.fill('input[name=budget_max]', '350000');
  await page.getByTestId('lead-submit').click();
  await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
  await page.getByText('+436649876543').first().waitFor();
  // A budget typed in euros is shown in euros (stored in cents).
  await page.getByTestId('lead-facts').getByText('bis 350.000 €').waitFor();
  await page.goto(`${base}/pipeline`);
  await page.waitForSelector('body[data-hydrated]');
  const card = page.getByTestId('column-NEW').getByTestId('pipeline-card').filter({ hasText: 'Zauner' });
  await card.waitFor();
  await card.getByTestId('status-CONTACTED').click();
  await page.getByTestId('column-CONTACTED').getByTestId('pipeline-card').filter({ hasText: 'Zauner' }).waitFor();
  // The columns are one reading of the board: the card has left NEW as it arrives in CONTACTED.
  assert(await page.getByTestId('column-NEW').getByTestId('pipeline-card').filter({ hasText: 'Zauner' }).count() === 0, 'left NEW');
  await shot(page, '12-pipeline-moved');
});

test('agents see neither users nor the platform admin', async ({ page, base }) => {
  await signIn(page, base, 'agent@demo.immivo.local');
  assert(await page.locator('nav a[href="/users"]').count() === 0, 'no users link');
  assert(await page.locator('nav a[href="/admin"]').count() === 0, 'no admin link');
  assert(await page.locator('nav a[href="/intake"]').count() === 0, 'no intake link');
  await page.goto(`${base}/admin`);
  await page.getByTestId('no-access').waitFor();
});

test('super-admin sees the platform', async ({ page, base }) => {
  await signIn(page, base, 'staff@immivo.local');
  await page.goto(`${base}/admin`);
  await page.getByTestId('tenant-row').first().waitFor();
  assert(await page.getByTestId('tenant-row').count() === 2, 'two tenants');
  await shot(page, '09-platform');
});

test('Jarvis: asked for the newest leads, a tool tag appears and the answer streams in', async ({ page, base }) => {
  await signIn(page, base, 'admin@demo.immivo.local');
  await page.goto(`${base}/jarvis`);
  await page.waitForSelector('body[data-hydrated]');
  assert((await page.getByTestId('page-title').textContent()).includes('Jarvis'), 'German title');
  assert(await page.getByTestId('ai-offline').count() === 0, 'a model is configured: no offline notice');
  await page.getByTestId('chat-input').fill('Zeige mir die neuesten Leads');
  await page.getByTestId('chat-send').click();
  const tag = page.locator('[data-testid=tool-tag][data-tool=search_leads]');
  await tag.waitFor();
  assert((await tag.textContent()).includes('Leads suchen'), 'the tag names the tool in German');
  // The answer grows piece by piece while it streams.
  const answer = page.getByTestId('turn-assistant').last().getByTestId('answer');
  const lengths = new Set();
  for (let i = 0; i < 40 && lengths.size < 3; i++) {
    lengths.add((await answer.textContent()).length);
    await page.waitForTimeout(50);
  }
  assert(lengths.size >= 3, `the answer streamed in: lengths seen ${[...lengths]}`);
  await shot(page, '12-jarvis-streaming');
  await page.getByTestId('chat-send').waitFor({ timeout: 15000 });
  await page.locator('[data-testid=tool-tag][data-state=done]').waitFor();
  const links = answer.locator('a[href^="/leads/"]');
  assert(await links.count() === 3, `three leads linked, got ${await links.count()}`);
  assert((await answer.locator('strong').textContent()).includes('3 neuesten Leads'), 'markdown bold rendered');
  await shot(page, '13-jarvis-answer');
  // The chat is listed and survives a reload with its tool tag.
  await page.reload();
  await page.waitForSelector('body[data-hydrated]');
  await page.getByTestId('chat-list').locator('li').first().locator('button').first().click();
  await page.locator('[data-testid=tool-tag][data-state=done]').waitFor();
  assert(await page.getByTestId('turn-user').count() === 1, 'the question is kept');
});

test('AI card: the admin sees the model, the month\'s calls by purpose, and sets a budget', async ({ page, base }) => {
  await signIn(page, base, 'admin@demo.immivo.local');
  await page.goto(`${base}/settings`);
  await page.waitForSelector('body[data-hydrated]');
  const card = page.getByTestId('ai-settings');
  await card.getByTestId('ai-state').waitFor();
  assert(await card.getByTestId('ai-state').getAttribute('data-online') === 'true', 'a model is configured');
  assert((await card.getByTestId('ai-models').textContent()).includes('gpt-5.2'), 'the model is named');
  // The Jarvis test before this one asked the model: routing and two answer rounds.
  const chat = card.locator('[data-testid=ai-usage] tr[data-purpose=chat]');
  await chat.waitFor();
  assert((await chat.textContent()).includes('Chat'), 'the purpose in German');
  assert((await card.getByTestId('ai-spent').textContent()).includes('50,00 $'), 'the default budget');
  await card.getByTestId('ai-budget-default').uncheck();
  await card.getByTestId('ai-budget').fill('viel');
  await card.getByTestId('ai-budget-save').click();
  await card.getByTestId('error-ai_monthly_cap_cents').waitFor();
  await card.getByTestId('ai-budget').fill('12,50');
  await card.getByTestId('ai-budget-save').click();
  await card.getByTestId('saved').waitFor();
  await card.getByText(/\/ 12,50 \$/).waitFor();
  await card.screenshot({ path: join(out, '17-ai-settings.png') });
  await page.reload();
  await page.waitForSelector('body[data-hydrated]');
  await card.getByText(/\/ 12,50 \$/).waitFor();
  assert(!(await card.getByTestId('ai-budget-default').isChecked()), 'the office\'s own budget is kept');
});

test('an agent sets their own viewing times; overlapping windows are refused', async ({ page, base }) => {
  await signIn(page, base, 'agent@demo.immivo.local');
  await page.goto(`${base}/settings`);
  await page.waitForSelector('body[data-hydrated]');
  const card = page.getByTestId('availability-settings');
  await card.getByTestId('availability-office-note').waitFor();
  assert(await page.getByTestId('office-settings').count() === 0, 'agents do not edit the office');
  assert(await card.getByTestId('availability-user').count() === 0, 'agents edit only their own');
  const monday = card.getByTestId('weekday-1');
  assert(await monday.getByTestId('window').count() === 2, 'the office\'s Monday: two windows');
  assert(await monday.getByTestId('window-from').first().isDisabled(), 'shown, not editable, while the office\'s apply');
  await card.getByTestId('availability-own').check();
  // Monday's afternoon window moved into the morning one: refused.
  await monday.getByTestId('window-from').nth(1).fill('11:00');
  await card.getByTestId('availability-save').click();
  await card.getByTestId('error-viewing_slots').waitFor();
  assert((await card.getByTestId('error-viewing_slots').textContent()).includes('überschneiden'), 'the overlap is named');
  await monday.getByTestId('window-remove').nth(1).click();
  const saturday = card.getByTestId('weekday-6');
  assert((await saturday.textContent()).includes('keine Besichtigungen'), 'no Saturday viewings yet');
  await saturday.getByTestId('window-add').click();
  await saturday.getByTestId('window-from').fill('09:30');
  await saturday.getByTestId('window-to').fill('12:30');
  await card.getByTestId('availability-save').click();
  await card.getByTestId('saved').waitFor();
  await card.screenshot({ path: join(out, '18-availability.png') });
  await page.reload();
  await page.waitForSelector('body[data-hydrated]');
  await card.getByTestId('weekday-6').getByTestId('window').waitFor();
  assert(await card.getByTestId('availability-own').isChecked(), 'own times kept');
  assert(await card.getByTestId('weekday-6').getByTestId('window-from').inputValue() === '09:30', 'Saturday from 09:30');
  assert(await card.getByTestId('weekday-1').getByTestId('window').count() === 1, 'one Monday window left');
});

test('an agent adds their own mailbox that sends; a sender it cannot have is refused', async ({ page, base }) => {
  await signIn(page, base, 'agent@demo.immivo.local');
  await page.goto(`${base}/settings`);
  await page.waitForSelector('body[data-hydrated]');
  const card = page.getByTestId('mailbox-settings');
  const form = card.getByTestId('mailbox-form');
  await form.locator('input[name=mailbox_host]').fill('imap.example.de');
  await form.locator('input[name=mailbox_username]').fill('max.agent');
  await form.locator('input[name=mailbox_password]').fill('geheim');
  await form.locator('input[name=mailbox_smtp_host]').fill('smtp.example.de');
  // The user name is no address and no sender address is given: refused, named at the field.
  await form.getByTestId('mailbox-submit').click();
  await form.getByTestId('error-mailbox_from_address').waitFor();
  await form.locator('input[name=mailbox_from_address]').fill('max@demo.immivo.local');
  await form.locator('input[name=mailbox_from_name]').fill('Max Agent');
  await form.getByTestId('mailbox-submit').click();
  const row = card.getByTestId('mailbox-row');
  await row.getByTestId('mailbox-sends').waitFor();
  const sends = await row.getByTestId('mailbox-sends').textContent();
  assert(sends.includes('versendet über') && sends.includes('smtp.example.de:587'), `STARTTLS on 587 by default: ${sends}`);
  await card.screenshot({ path: join(out, '19-mailbox-sending.png') });
  await page.reload();
  await page.waitForSelector('body[data-hydrated]');
  await card.getByTestId('mailbox-row').getByTestId('mailbox-edit').click();
  assert(await form.locator('input[name=mailbox_from_address]').inputValue() === 'max@demo.immivo.local', 'the sender is kept');
  // Blank switches sending off.
  await form.locator('input[name=mailbox_smtp_host]').fill('');
  await form.getByTestId('mailbox-submit').click();
  await card.getByTestId('mailbox-row').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid=mailbox-sends]'));
});

test('the search box finds properties by words and meaning', async ({ page, base }) => {
  await signIn(page, base, 'admin@demo.immivo.local');
  await page.getByTestId('search-box').fill('Dachterrasse');
  await page.getByTestId('search-box').press('Enter');
  await page.waitForURL(/\/search\?q=Dachterrasse/);
  const first = page.getByTestId('search-hit').first();
  await first.waitFor();
  assert((await first.textContent()).includes('Penthouse mit Festungsblick'), `best hit: ${await first.textContent()}`);
  await shot(page, '14-search');
});

// Every route by its URL (a bookmark, a link from a mail), again on reload, and by clicking.
// The server must render each page completely: its HTML carries the page's own content.
async function openDirectly(page, base, path, marker) {
  const html = await (await page.request.get(`${base}${path}`)).text();
  assert(html.includes(marker.html), `${path}: the server-rendered page holds ${marker.html}`);
  for (const how of ['url', 'reload']) {
    const response = how === 'url' ? await page.goto(`${base}${path}`) : await page.reload();
    assert(response.status() === 200, `${path} (${how}): status ${response.status()}`);
    await page.waitForSelector('body[data-hydrated]');
    await page.locator(marker.css).first().waitFor({ timeout: 15000 });
    assert(new URL(page.url()).pathname === path, `${path} (${how}): stayed, at ${page.url()}`);
  }
}
const byTestId = (id) => ({ css: `[data-testid="${id}"]`, html: `data-testid="${id}"` });

test('every route opens by its URL, on reload, and by clicking', async ({ page, base }) => {
  await signIn(page, base, 'admin@demo.immivo.local');
  const hrefOf = async (path, testid) => {
    await page.goto(`${base}${path}`);
    await page.waitForSelector('body[data-hydrated]');
    return page.getByTestId(testid).first().getAttribute('href');
  };
  const lead = await hrefOf('/leads', 'lead-link');
  const property = await hrefOf('/properties', 'property-link');
  const routes = [
    ['/', byTestId('newest-leads')],
    ['/leads', byTestId('lead-row')],
    ['/leads/new', byTestId('lead-form')],
    [lead, byTestId('lead-chat')],
    ['/pipeline', byTestId('column-NEW')],
    ['/jarvis', byTestId('chat-input')],
    ['/search?q=Wohnung', byTestId('search-results')],
    ['/properties', byTestId('property-list')],
    ['/properties/new', byTestId('property-form')],
    [property, byTestId('property-facts')],
    ['/users', byTestId('user-row')],
    ['/settings', byTestId('password-settings')],
    ['/intake', byTestId('job-queues')],
  ];
  for (const [path, marker] of routes) {
    if (path.includes('?')) {
      const response = await page.goto(`${base}${path}`);
      assert(response.status() === 200, `${path}: ${response.status()}`);
      await page.locator(marker.css).first().waitFor();
      continue;
    }
    await openDirectly(page, base, path, marker);
  }
  await shot(page, '13-intake-direct');
  await page.goto(`${base}${lead}`);
  await page.getByTestId('lead-chat').waitFor();
  await shot(page, '14-lead-direct');

  // By clicking: the navigation, then the links inside the pages.
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-hydrated]');
  for (const [href, testid] of [['/leads', 'lead-row'], ['/pipeline', 'column-NEW'], ['/properties', 'property-list'],
    ['/jarvis', 'chat-input'], ['/users', 'user-row'], ['/intake', 'job-queues'], ['/settings', 'password-settings'], ['/', 'newest-leads']]) {
    await page.click(`nav a[href="${href}"]`);
    await page.waitForURL(`${base}${href}`);
    await page.getByTestId(testid).first().waitFor();
  }
  await page.click('nav a[href="/leads"]');
  await page.getByTestId('lead-link').first().click();
  await page.getByTestId('lead-chat').waitFor();
  await page.click('nav a[href="/leads"]');
  await page.getByTestId('new-lead').click();
  await page.getByTestId('lead-form').waitFor();
  await page.click('nav a[href="/properties"]');
  await page.getByTestId('property-link').first().click();
  await page.getByTestId('property-facts').waitFor();
  await page.click('nav a[href="/properties"]');
  await page.getByTestId('new-property').click();
  await page.getByTestId('property-form').waitFor();
  await page.fill('[data-testid=search-box]', 'Wohnung');
  await page.press('[data-testid=search-box]', 'Enter');
  await page.waitForURL(/\/search\?q=Wohnung/);
  await page.getByTestId('search-results').waitFor();

  // A mistyped or foreign id is a real 404 with a page that says so.
  const missing = await page.goto(`${base}/leads/not-a-uuid`);
  assert(missing.status() === 404, `404, got ${missing.status()}`);
  await page.getByTestId('not-found').waitFor();

  // The invitation link from a mail, signed out: opened, reloaded, accepted.
  const invited = await page.request.post(`${base}/api/invite_user`, {
    data: { email: 'neu@demo.immivo.local', name: 'Nora Neu', role: 'AGENT' },
  });
  assert(invited.ok(), `invitation: ${invited.status()}`);
  const { token } = await invited.json();
  await page.context().clearCookies();
  const anonymous = await page.goto(`${base}/leads`);
  assert(new URL(page.url()).pathname === '/login' && anonymous.ok(), `signed out, /leads leads to /login: ${page.url()}`);
  await openDirectly(page, base, '/login', { css: 'input[name=email]', html: 'name="email"' });
  await openDirectly(page, base, `/invite/${token}`, byTestId('invite-form'));
  await page.fill('[data-testid=invite-form] input[name=password]', 'Noras-Passwort-2026');
  await page.click('[data-testid=invite-form] button[type=submit]');
  await page.waitForURL(`${base}/`);
  await page.getByTestId('page-title').waitFor();
  // The dashboard arrives as a new document: a click before it hydrates would do nothing.
  await page.waitForSelector('body[data-hydrated]');
});

test('the platform admin opens by its URL and on reload', async ({ page, base }) => {
  await signIn(page, base, 'staff@immivo.local');
  await openDirectly(page, base, '/admin', byTestId('tenant-row'));
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-hydrated]');
  await page.click('nav a[href="/admin"]');
  await page.getByTestId('tenant-row').first().waitFor();
});

test('pages hydrate while inquiries land and the model answers them', async ({ page, base }) => {
  // Each mail's jobs write leads, activities and model calls while the settings page (its inbound
  // list, the AI card's usage) and the intake page reload. A page rendered from two readings of
  // its data would not hydrate (docs/architecture.md, "Where a page's data loads").
  await signIn(page, base, 'admin@demo.immivo.local');
  await page.goto(`${base}/settings`);
  await page.waitForSelector('body[data-hydrated]');
  const path = new URL(await page.getByTestId('inbound-address').inputValue()).pathname;
  const dir = new URL('../domain/src/intake/parse/fixtures/inbound/', import.meta.url);
  const mails = readdirSync(dir).filter((f) => f.endsWith('.eml') && !f.startsWith('unrecognised'));
  let posting = true;
  // Three relays at once, each mail a new one (its own Message-ID), so that the data changes
  // within the few milliseconds a page render takes.
  let sent = 0;
  const relay = async (lane) => {
    for (let i = lane; i < 36; i += 3) {
      const mail = readFileSync(new URL(mails[i % mails.length], dir), 'latin1')
        .replace(/^Message-ID:.*$/im, `Message-ID: <stress-${i}@e2e.immivo.local>`);
      const posted = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'message/rfc822' },
        body: Buffer.from(mail, 'latin1') });
      assert(posted.ok, `mail ${i} accepted: ${posted.status}`);
      sent++;
    }
  };
  const poster = Promise.all([0, 1, 2].map(relay)).finally(() => { posting = false; });
  let loads = 0;
  while (posting || loads < 4) {
    await page.goto(`${base}${loads % 2 ? '/intake' : '/settings'}`);
    await page.waitForSelector('body[data-hydrated]', { timeout: 15000 });
    loads++;
  }
  await poster;
  assert(sent === 36 && loads >= 4, `the pages reloaded (${loads}) while ${sent} mails landed`);
});

test('mobile layout', async ({ page, base, context }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, base, 'admin@demo.immivo.local');
  await shot(page, '10-dashboard-mobile');
});

const model = await startFakeModel();
const { child, base } = await startServer(model.url);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
// E2E_ONLY=<regex> runs the tests whose names match, while working on them.
const chosen = process.env.E2E_ONLY ? tests.filter((t) => new RegExp(process.env.E2E_ONLY).test(t.name)) : tests;
let failed = 0;
try {
  for (const t of chosen) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'de-DE' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Printed only when the test fails: what the page said may explain a hang (a hydration panic).
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 300)); });
    const started = Date.now();
    try {
      await t.fn({ page, base, context });
      assert(errors.length === 0, `no script errors: ${errors.join('; ')}`);
      console.log(`ok   ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${t.name}: ${e.message}`);
      for (const m of [...errors, ...consoleErrors]) console.log(`     page: ${m}`);
      await shot(page, `failed-${tests.indexOf(t)}`).catch(() => {});
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  child.kill('SIGTERM');
  model.server.close();
}
console.log(`${chosen.length - failed} passed, ${failed} failed; screenshots in ${out}`);
process.exit(failed ? 1 : chosen.length ? 0 : 1);
