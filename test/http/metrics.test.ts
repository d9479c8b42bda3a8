import { expect } from 'chai';
import { pino } from 'pino';
import { call, waitForWelcome, type ActivitySetBody, type Started } from '../web/rest.js';
import { fetchToken, startApp, type Running } from '../web/harness.js';
import { content } from '../helpers/testBot.js';
import { metricsEndpoint } from '../../src/features/metrics/metricsRoutes.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const STAFF_TOKEN = 'staff-token-metrics-0123456789';

/** What a person typed in the conversation below; none of it may appear in /metrics. */
const TYPED = ['My name is Rosalind Quimby', 'I live near 60614', 'I want to kill myself', '(312) 555-2368'];

/** Every metric the operators' README table describes. */
const NAMES = [
  'recovery_bot_turns_total',
  'recovery_bot_turn_duration_seconds',
  'recovery_bot_crisis_replies_total',
  'recovery_bot_level_of_care_outcomes_total',
  'recovery_bot_suggestions_total',
  'recovery_bot_handoffs_requested_total',
  'recovery_bot_callbacks_requested_total',
  'recovery_bot_callbacks_pending',
  'recovery_bot_callbacks_oldest_pending_age_seconds',
  'recovery_bot_staff_callback_actions_total',
  'recovery_bot_errors_total',
  'recovery_bot_state_store_duration_seconds',
  'recovery_bot_connector_send_duration_seconds',
  'recovery_bot_directline_connections',
];

/** The sample's value for a metric line such as `name{label="x"} 3`, 0 when absent. */
function sample(text: string, line: RegExp): number {
  const match = text.split('\n').find((l) => line.test(l));
  return match === undefined ? 0 : Number(match.slice(match.lastIndexOf(' ') + 1));
}

describe('/metrics for operators (Prometheus text)', function () {
  this.timeout(60_000);
  let running: Running | undefined;

  before(async () => {
    running = await startApp({ METRICS_TOKEN, STAFF_API_TOKEN: STAFF_TOKEN, CALLBACK_QUEUE_PATH: `/tmp/metrics-test-${process.pid}.json` }, { tokensPerMinute: 1000 });
  });
  after(async () => {
    await running?.close();
  });

  const scrape = (headers: Record<string, string> = { authorization: `Bearer ${METRICS_TOKEN}` }) => fetch(`${running!.baseUrl}/metrics`, { headers });

  it('is behind the token on the bot\'s port: 401 without it or with another', async () => {
    expect((await scrape({})).status).to.equal(401);
    expect((await scrape({ authorization: 'Bearer not-the-metrics-token-000' })).status).to.equal(401);
    const ok = await scrape();
    expect(ok.status).to.equal(200);
    expect(ok.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
  });

  it('counts a web chat conversation (turns, crisis, callback) and shows nothing typed and no id', async () => {
    const before = await (await scrape()).text();
    const { token } = await fetchToken(running!.baseUrl);
    const started = await call<Started>(running!.baseUrl, '/v3/directline/conversations', { method: 'POST', token, body: {} });
    const s = started.body;
    await waitForWelcome(running!.baseUrl, s);
    const say = async (text: string): Promise<void> => {
      const posted = await call(running!.baseUrl, `/v3/directline/conversations/${s.conversationId}/activities`, { method: 'POST', token: s.token, body: { type: 'message', text, from: { id: 'x' } } });
      expect(posted.status, text).to.equal(200);
    };
    await say(TYPED[0]!);
    await say(TYPED[1]!);
    await say(TYPED[2]!);
    await say(content.text.menu.talk);
    await say(content.messages.talk.callback);
    await say(TYPED[3]!);
    await say('Morning');
    await say(content.messages.callback.consentYes);
    const log = await call<ActivitySetBody>(running!.baseUrl, `/v3/directline/conversations/${s.conversationId}/activities`, { token: s.token });
    expect(log.body.activities.some((a) => /Your request is saved/.test(a.text ?? '')), 'the callback was saved').to.equal(true);

    const text = await (await scrape()).text();
    for (const name of NAMES) expect(text, name).to.match(new RegExp(`^# TYPE ${name} `, 'm'));
    const grew = (line: RegExp): number => sample(text, line) - sample(before, line);
    expect(grew(/^recovery_bot_turns_total\{channel="webchat",type="message"\}/)).to.be.at.least(8);
    expect(grew(/^recovery_bot_turns_total\{channel="webchat",type="conversationUpdate"\}/)).to.be.at.least(1);
    expect(grew(/^recovery_bot_turn_duration_seconds_count\{channel="webchat"\}/)).to.be.at.least(9);
    expect(grew(/^recovery_bot_crisis_replies_total\{kind="suicide_self_harm"\}/)).to.equal(1);
    expect(grew(/^recovery_bot_callbacks_requested_total /)).to.equal(1);
    expect(sample(text, /^recovery_bot_callbacks_pending /)).to.be.at.least(1);
    expect(grew(/^recovery_bot_connector_send_duration_seconds_count\{channel="webchat"\}/)).to.be.at.least(1);
    expect(grew(/^recovery_bot_state_store_duration_seconds_count\{store="memory",operation="read"\}/)).to.be.at.least(1);

    // Nothing a person typed, no number in any spelling, no conversation or user id.
    const forbidden = [...TYPED, 'Rosalind', 'Quimby', '60614', '5552368', '555-2368', '3125552368', s.conversationId, s.token, token];
    for (const words of forbidden) expect(text, `"${words}" in /metrics`).to.not.include(words);
    for (const line of text.split('\n').filter((l) => l.includes('{'))) {
      for (const [, value] of line.matchAll(/="([^"]*)"/g)) expect(value, line).to.match(/^[a-z0-9_.+]*$/i);
    }

    // The staff mark it called: counted by outcome, the queue is empty again.
    const listed = (await (await fetch(`${running!.baseUrl}/api/callbacks`, { headers: { authorization: `Bearer ${STAFF_TOKEN}` } })).json()) as { requests: Array<{ id: string }> };
    for (const r of listed.requests) await fetch(`${running!.baseUrl}/api/callbacks/${r.id}/done`, { method: 'POST', headers: { authorization: `Bearer ${STAFF_TOKEN}` } });
    const after = await (await scrape()).text();
    expect(sample(after, /^recovery_bot_staff_callback_actions_total\{outcome="called"\}/)).to.be.at.least(1);
    expect(sample(after, /^recovery_bot_callbacks_pending /)).to.equal(0);
  });

  it('on its own port (METRICS_PORT) nothing else is served there, and the bot\'s port has no /metrics', async () => {
    const logger = pino({ level: 'silent' });
    const endpoint = metricsEndpoint({ METRICS_PORT: 0, METRICS_HOST: '127.0.0.1', METRICS_TOKEN: undefined }, logger);
    try {
      for (let i = 0; i < 100 && endpoint.port() === undefined; i++) await new Promise((r) => setTimeout(r, 10));
      const base = `http://127.0.0.1:${endpoint.port()}`;
      const res = await fetch(`${base}/metrics`);
      expect(res.status).to.equal(200);
      expect(await res.text()).to.match(/^# HELP recovery_bot_turns_total /m);
      expect((await fetch(`${base}/api/callbacks`)).status).to.equal(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).to.equal(404);
    } finally {
      await endpoint.close();
    }
    const off = await startApp({ METRICS_PORT: '0' });
    try {
      expect((await fetch(`${off.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).to.equal(404);
    } finally {
      await off.close();
    }
  });
});
