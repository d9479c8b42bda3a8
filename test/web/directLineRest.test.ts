import { expect } from 'chai';
import { fetchToken, startApp, waitFor, type Running } from './harness.js';
import { call, openStream, type ActivitySetBody, type Started } from './rest.js';

const CONVERSATIONS = '/v3/directline/conversations';

/** Token + started conversation, and the welcome delivered. */
async function startConversation(running: Running): Promise<Started & { userId: string }> {
  const token = await fetchToken(running.baseUrl);
  const started = await call<Started>(running.baseUrl, CONVERSATIONS, { method: 'POST', token: token.token, body: {} });
  expect(started.status).to.equal(201);
  expect(started.body.conversationId).to.equal(token.conversationId);
  return { ...started.body, userId: token.userId };
}

async function activities(running: Running, c: Started, watermark = ''): Promise<ActivitySetBody> {
  const res = await call<ActivitySetBody>(running.baseUrl, `${CONVERSATIONS}/${c.conversationId}/activities?watermark=${watermark}`, { token: c.token });
  expect(res.status).to.equal(200);
  return res.body;
}

async function post(running: Running, c: Started, text: string) {
  return call<{ id: string }>(running.baseUrl, `${CONVERSATIONS}/${c.conversationId}/activities`, {
    method: 'POST',
    token: c.token,
    body: { type: 'message', text, from: { id: 'someone-else', role: 'user' }, channelData: { clientActivityID: 'client-1' } },
  });
}

describe('local Direct Line REST and stream', () => {
  let running: Running;
  before(async () => {
    running = await startApp();
  });
  after(async () => {
    await running.close();
  });

  it('polling with watermarks returns only activities after the watermark', async () => {
    const c = await startConversation(running);
    // The welcome turn ends with the menu (the message with buttons).
    let set: ActivitySetBody = { activities: [], watermark: '' };
    const deadline = Date.now() + 15_000;
    while (!set.activities.some((a) => 'suggestedActions' in a) && Date.now() < deadline) set = await activities(running, c);
    expect(set.activities.length).to.be.at.least(2);
    expect(set.activities.every((a) => a.from.role === 'bot')).to.equal(true);
    const mark = set.watermark;

    const again = await activities(running, c, mark);
    expect(again.activities, 'nothing new yet').to.deep.equal([]);
    expect(again.watermark).to.equal(mark);

    const posted = await post(running, c, 'what is group therapy?');
    expect(posted.status).to.equal(200);
    const fresh = await activities(running, c, mark);
    expect(fresh.activities[0]?.id).to.equal(posted.body.id);
    expect(fresh.activities[0]?.text).to.equal('what is group therapy?');
    expect(fresh.activities[0]?.from.id, 'the sender is the token user, not what the client claims').to.equal(c.userId);
    expect(fresh.activities.slice(1).some((a) => a.from.role === 'bot')).to.equal(true);
    const ids = new Set(set.activities.map((a) => a.id));
    expect(fresh.activities.some((a) => ids.has(a.id)), 'no activity from before the watermark').to.equal(false);
    expect(Number(fresh.watermark)).to.be.greaterThan(Number(mark));
  });

  it('streams the backlog after the streamUrl watermark, then live activities', async () => {
    const c = await startConversation(running);
    const stream = openStream(c.streamUrl);
    await stream.opened;
    await waitFor('the welcome on the stream', () => stream.frames.flatMap((f) => f.activities).find((a) => /988/.test(a.text ?? '')));
    const count = stream.frames.flatMap((f) => f.activities).length;
    await post(running, c, 'hello');
    await waitFor('the echo and a reply on the stream', () => {
      const after = stream.frames.flatMap((f) => f.activities).slice(count);
      return after.some((a) => a.from.role === 'user') && after.some((a) => a.from.role === 'bot');
    });

    // Reconnect from a watermark: only what came after it.
    const mark = stream.frames.at(-1)?.watermark ?? '';
    stream.ws.close();
    await post(running, c, 'what is group therapy?');
    const reconnect = await call<Started>(running.baseUrl, `${CONVERSATIONS}/${c.conversationId}?watermark=${mark}`, { token: c.token });
    expect(reconnect.status).to.equal(200);
    expect(reconnect.body.streamUrl).to.match(/^ws:\/\/127\.0\.0\.1:\d+\//);
    const second = openStream(reconnect.body.streamUrl);
    await second.opened;
    const backlog = await waitFor('the backlog', () => second.frames[0]);
    expect(backlog.activities[0]?.text).to.equal('what is group therapy?');
    second.ws.close();
  });

  it('refuses requests without a token (401) and with a bad one (403)', async () => {
    const c = await startConversation(running);
    const none = await call(running.baseUrl, `${CONVERSATIONS}/${c.conversationId}/activities`);
    expect(none.status).to.equal(401);
    const bad = await call<{ error: { code: string } }>(running.baseUrl, `${CONVERSATIONS}/${c.conversationId}/activities`, { token: `${c.token.slice(0, -4)}AAAA` });
    expect(bad.status).to.equal(403);
    expect(bad.body.error.code).to.equal('InvalidToken');
    const stream = openStream(c.streamUrl.replace(/t=[^&]+/, 't=not-a-token'));
    const refused = await stream.opened.then(() => 'opened', (err: Error) => err.message);
    expect(refused).to.equal('refused with 401');
  });

  it("rejects one conversation's token on another conversation (403)", async () => {
    const mine = await startConversation(running);
    const theirs = await startConversation(running);
    const paths = [`${CONVERSATIONS}/${theirs.conversationId}/activities`, `${CONVERSATIONS}/${theirs.conversationId}`];
    for (const path of paths) {
      const res = await call<{ error: { code: string } }>(running.baseUrl, path, { token: mine.token });
      expect(res.status, path).to.equal(403);
      expect(res.body.error.code).to.equal('Forbidden');
    }
    const write = await call(running.baseUrl, `${CONVERSATIONS}/${theirs.conversationId}/activities`, { method: 'POST', token: mine.token, body: { type: 'message', text: 'hi' } });
    expect(write.status).to.equal(403);
    const streamPath = new URL(mine.streamUrl);
    const stream = openStream(`${streamPath.origin}${CONVERSATIONS}/${theirs.conversationId}/stream${streamPath.search}`);
    expect(await stream.opened.then(() => 'opened', (err: Error) => err.message)).to.equal('refused with 403');
    // A stream token is not a REST token.
    const streamToken = new URL(mine.streamUrl).searchParams.get('t') ?? '';
    expect((await call(running.baseUrl, `${CONVERSATIONS}/${mine.conversationId}/activities`, { token: streamToken })).status).to.equal(403);
  });

  it('answers bad bodies and queries with 400 naming the field', async () => {
    const c = await startConversation(running);
    const path = `${CONVERSATIONS}/${c.conversationId}/activities`;
    const cases: Array<[string, unknown]> = [
      ['no type', { text: 'hi' }],
      ['unknown type', { type: 'invoke', text: 'hi' }],
      ['text too long', { type: 'message', text: 'x'.repeat(10_001) }],
      ['text not a string', { type: 'message', text: 42 }],
      ['array body', [{ type: 'message' }]],
    ];
    for (const [what, body] of cases) {
      const res = await call<{ error: { code: string; message: string } }>(running.baseUrl, path, { method: 'POST', token: c.token, body });
      expect(res.status, what).to.equal(400);
      expect(res.body.error.code, what).to.equal('BadArgument');
    }
    const tooLong = await call<{ error: { message: string } }>(running.baseUrl, path, { method: 'POST', token: c.token, body: { type: 'message', text: 'secret words '.repeat(1000) } });
    expect(tooLong.body.error.message).to.match(/^activity\.text: /);
    expect(tooLong.body.error.message, 'never echoes what was typed').to.not.include('secret');
    const notJson = await call(running.baseUrl, path, { method: 'POST', token: c.token, rawBody: '{"type":' });
    expect(notJson.status).to.equal(400);
    const watermark = await call(running.baseUrl, `${path}?watermark=abc`, { token: c.token });
    expect(watermark.status).to.equal(400);
    const startBody = await call(running.baseUrl, CONVERSATIONS, { method: 'POST', token: c.token, body: { user: { id: 7 } } });
    expect(startBody.status).to.equal(400);
    const tokenBody = await call(running.baseUrl, '/api/directline/token', { method: 'POST', body: { user: { id: 'chosen-by-client' } } });
    expect(tokenBody.status).to.equal(400);
  });

  it('returns the same conversation when started twice with one token, and 404 for an unknown one', async () => {
    const c = await startConversation(running);
    const again = await call<Started>(running.baseUrl, CONVERSATIONS, { method: 'POST', token: c.token, body: {} });
    expect(again.status).to.equal(200);
    expect(again.body.conversationId).to.equal(c.conversationId);
    const token = await fetchToken(running.baseUrl);
    const unknown = await call(running.baseUrl, `${CONVERSATIONS}/${token.conversationId}/activities`, { token: token.token });
    expect(unknown.status, 'token issued, conversation never started').to.equal(404);
  });

  it('keeps the internal connector closed without its per-process secret', async () => {
    const c = await startConversation(running);
    const res = await call(running.baseUrl, `/v3/directline/connector/${'0'.repeat(32)}/v3/conversations/${c.conversationId}/activities`, {
      method: 'POST',
      body: { type: 'message', text: 'pretending to be the bot' },
    });
    expect(res.status).to.equal(404);
    const set = await activities(running, c);
    expect(set.activities.some((a) => a.text === 'pretending to be the bot')).to.equal(false);
  });

  it('never shows the internal serviceUrl to the client', async () => {
    const c = await startConversation(running);
    await post(running, c, 'hello');
    const raw = await call(running.baseUrl, `${CONVERSATIONS}/${c.conversationId}/activities`, { token: c.token });
    expect(JSON.stringify(raw.body)).to.not.include('/v3/directline/connector');
  });
});
