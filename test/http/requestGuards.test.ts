import type { IncomingMessage } from 'node:http';
import { expect } from 'chai';
import { AnonymousCallers } from '../../src/hosting/anonymousCallers.js';
import { AuthGate } from '../../src/hosting/authGate.js';
import { isAddressOrCidr, ProxyTrust } from '../../src/hosting/proxyTrust.js';
import { hostKind, ServiceUrlPolicy } from '../../src/hosting/serviceUrlPolicy.js';

/** Just what the guards read of a request: the socket's address and the headers. */
const request = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('request guards', () => {
  describe('ServiceUrlPolicy', () => {
    const policy = new ServiceUrlPolicy({ extraHosts: ['bots.example.org', '*.partner.example'], allowPrivate: false });
    const remote = { loopbackCaller: false };

    it('accepts the Bot Framework channels and the listed hosts over https', () => {
      for (const url of [
        'https://smba.trafficmanager.net/amer/',
        'https://webchat.botframework.com/',
        'https://directline.botframework.com/',
        'https://europe.webchat.botframework.com/',
        'https://smba.infra.gov.teams.microsoft.us/',
        'https://bots.example.org/connector',
        'https://eu.partner.example/',
      ]) {
        expect(policy.problem(url, remote), url).to.equal(undefined);
      }
    });

    it('refuses unlisted hosts, look-alikes, plain http and credentials in the URL', () => {
      for (const url of [
        'https://evil.example.org/',
        'https://botframework.com.evil.example/',
        'https://xbotframework.com/',
        'https://partner.example/',
        'http://webchat.botframework.com/',
        'https://user:pw@webchat.botframework.com/',
        'ftp://webchat.botframework.com/',
        'not a url',
      ]) {
        expect(policy.problem(url, remote), url).to.be.a('string');
      }
    });

    it('refuses this machine and private, link-local and reserved networks in every spelling', () => {
      for (const url of [
        'http://127.0.0.1:3978/',
        'http://127.1/',
        'http://2130706433/',
        'http://0x7f000001/',
        'http://localhost/',
        'http://api.localhost/',
        'http://[::1]/',
        'http://[::ffff:127.0.0.1]/',
        'http://[::ffff:a9fe:a9fe]/',
        'http://0.0.0.0/',
        'http://10.0.0.5/',
        'http://172.20.1.1/',
        'http://192.168.1.1/',
        'http://169.254.169.254/latest/meta-data/',
        'http://100.64.0.1/',
        'http://[fd00::1]/',
        'http://[fe80::1]/',
      ]) {
        expect(policy.problem(url, remote), url).to.match(/private, loopback or link-local/);
      }
    });

    it('lets a caller on this machine (the Emulator) use a loopback serviceUrl, and nothing else private', () => {
      const local = { loopbackCaller: true };
      expect(policy.problem('http://localhost:53012/', local)).to.equal(undefined);
      expect(policy.problem('http://127.0.0.1:53012/', local)).to.equal(undefined);
      expect(policy.problem('http://10.0.0.5/', local)).to.be.a('string');
    });

    it('ALLOW_PRIVATE_SERVICE_URLS admits internal targets (tests, closed networks)', () => {
      const open = new ServiceUrlPolicy({ extraHosts: [], allowPrivate: true });
      expect(open.problem('http://10.0.0.5:8080/', remote)).to.equal(undefined);
      expect(open.problem('https://evil.example.org/', remote)).to.be.a('string');
    });

    it('classifies hosts', () => {
      expect(hostKind('127.0.0.2')).to.equal('loopback');
      expect(hostKind('[::1]')).to.equal('loopback');
      expect(hostKind('::ffff:7f00:1')).to.equal('loopback');
      expect(hostKind('172.31.255.255')).to.equal('internal');
      expect(hostKind('172.32.0.1')).to.equal('public');
      expect(hostKind('8.8.8.8')).to.equal('public');
      expect(hostKind('example.org')).to.equal('public');
    });
  });

  describe('ProxyTrust', () => {
    it('believes nobody by default: the socket address, whatever X-Forwarded-For says', () => {
      const trust = new ProxyTrust([]);
      expect(trust.clientAddress(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.7' }))).to.equal('127.0.0.1');
      expect(trust.clientAddress(request('::ffff:10.0.0.2', { 'x-forwarded-for': '198.51.100.7' }))).to.equal('10.0.0.2');
    });

    it('behind trusted proxies, the nearest untrusted hop; what the client wrote to its left is never read', () => {
      const trust = new ProxyTrust(['10.0.0.0/8', '127.0.0.1']);
      expect(trust.clientAddress(request('10.1.2.3', { 'x-forwarded-for': '1.1.1.1, 198.51.100.7' }))).to.equal('198.51.100.7');
      expect(trust.clientAddress(request('127.0.0.1', { 'x-forwarded-for': '1.1.1.1, 198.51.100.7, 10.0.0.9' }))).to.equal('198.51.100.7');
      expect(trust.clientAddress(request('10.1.2.3', { 'x-forwarded-for': 'garbage' }))).to.equal('10.1.2.3');
      expect(trust.clientAddress(request('203.0.113.1', { 'x-forwarded-for': '198.51.100.7' })), 'an untrusted peer').to.equal('203.0.113.1');
    });

    it('validates TRUSTED_PROXIES entries', () => {
      expect(['10.0.0.0/8', '::1', '2001:db8::/32', '192.0.2.1'].every(isAddressOrCidr)).to.equal(true);
      expect(['10.0.0.0/33', 'proxy.local', '10.0.0.0/8/1', '', '::1/129'].some(isAddressOrCidr)).to.equal(false);
    });
  });

  describe('AnonymousCallers', () => {
    const trust = new ProxyTrust([]);

    it('loopback mode admits this machine only, and not through a proxy', () => {
      const callers = new AnonymousCallers('loopback', trust);
      expect(callers.doorProblem(request('127.0.0.1'), 'emulator')).to.equal(undefined);
      expect(callers.doorProblem(request('::1'), 'emulator')).to.equal(undefined);
      expect(callers.doorProblem(request('203.0.113.4'), 'emulator')?.error).to.equal('anonymous_loopback_only');
      expect(callers.doorProblem(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.4' }), 'emulator')?.error).to.equal('anonymous_loopback_only');
    });

    it('off refuses everyone; the web chat channel is never reachable', () => {
      expect(new AnonymousCallers('off', trust).doorProblem(request('127.0.0.1'), 'emulator')?.error).to.equal('anonymous_off');
      expect(new AnonymousCallers('any', trust).doorProblem(request('203.0.113.4'), 'WebChat')?.error).to.equal('reserved_channel');
    });

    it('a conversation stays with the address that started it', () => {
      const callers = new AnonymousCallers('any', trust, 2);
      expect(callers.claim(request('203.0.113.4'), 'emulator', 'c1')).to.equal(undefined);
      expect(callers.claim(request('203.0.113.4'), 'emulator', 'c1')).to.equal(undefined);
      expect(callers.claim(request('203.0.113.5'), 'emulator', 'c1')?.error).to.equal('not_your_conversation');
      expect(callers.claim(request('203.0.113.5'), 'slack', 'c1'), 'another channel is another conversation').to.equal(undefined);
    });
  });

  describe('AuthGate', () => {
    const refusal = (err: unknown) => err instanceof Error && err.message === 'refused';

    it('caps checks in progress per address and in total, and frees a slot only when the check itself ends', async () => {
      const gate = new AuthGate({ total: 3, perAddress: 2, timeoutMs: 50 });
      let finish: () => void = () => undefined;
      const hung = new Promise<string>((resolve) => (finish = () => resolve('late')));
      const first = await Promise.all([gate.check('a', () => hung, refusal), gate.check('a', () => hung, refusal)]);
      expect(first.map((o) => (o.ok ? 'ok' : o.reason))).to.deep.equal(['timeout', 'timeout']);
      const third = await gate.check('a', () => Promise.resolve('x'), refusal);
      expect(third).to.include({ ok: false, reason: 'busy', status: 503 });
      expect(await gate.check('b', () => Promise.resolve('x'), refusal)).to.deep.equal({ ok: true, value: 'x' });
      finish();
      await hung;
      await new Promise((r) => setImmediate(r));
      expect(gate.inProgress).to.equal(0);
      expect(await gate.check('a', () => Promise.resolve('y'), refusal)).to.deep.equal({ ok: true, value: 'y' });
    });

    it('an address whose credentials keep being refused is answered 429 without a check', async () => {
      let now = 0;
      const gate = new AuthGate({ total: 10, perAddress: 10, timeoutMs: 1000, failuresPerMinute: 3, now: () => now });
      for (let i = 0; i < 3; i++) {
        await gate.check('a', () => Promise.reject(new Error('refused')), refusal).catch(() => undefined);
      }
      let called = false;
      const outcome = await gate.check('a', async () => (called = true), refusal);
      expect(outcome).to.include({ ok: false, status: 429, reason: 'failures' });
      expect(called).to.equal(false);
      expect((await gate.check('b', async () => 'fine', refusal)).ok, 'other addresses are not affected').to.equal(true);
      now += 60_000;
      expect((await gate.check('a', async () => 'again', refusal)).ok, 'the bucket refills').to.equal(true);
    });
  });
});
