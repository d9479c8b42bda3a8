import { readdir, readFile, writeFile, chmod, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { QueueFileError } from '../../src/domain/callbacks/durableJsonFile.js';
import { QueueFullError } from '../../src/domain/callbacks/callbackStore.js';
import { CallbackQueue } from '../../src/domain/callbacks/queueStore.js';
import { QueueFile } from '../../src/domain/callbacks/schema.js';
import { ManualClock, openQueue, tempDir } from './escalationBot.js';

const request = (n = 0) => ({ phone: `+1312555${String(2300 + n).padStart(4, '0')}`, bestTime: 'Morning', consentAt: new Date('2025-03-03T15:00:00Z') });

describe('callback queue store', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(async () => cleanup());

  it('opening does not create anything; the first add creates the file, private to the owner', async () => {
    const queue = await openQueue(dir);
    expect(await readdir(dir)).to.deep.equal([]);
    await queue.add(request());
    expect(await readdir(dir)).to.deep.equal(['callbacks.json']);
    expect((await stat(join(dir, 'callbacks.json'))).mode & 0o777).to.equal(0o600);
  });

  it('stores exactly id, phone, bestTime, consentAt, createdAt and status, and they survive a reopen', async () => {
    const clock = new ManualClock(Date.parse('2025-03-03T15:00:05Z'));
    const queue = await openQueue(dir, clock);
    const record = await queue.add(request());
    expect(Object.keys(record).sort()).to.deep.equal(['bestTime', 'consentAt', 'createdAt', 'id', 'phone', 'status']);
    expect(record).to.include({ phone: '+13125552300', bestTime: 'Morning', consentAt: '2025-03-03T15:00:00.000Z', createdAt: '2025-03-03T15:00:05.000Z', status: 'pending' });
    expect(record.id).to.match(/^[0-9a-f-]{36}$/);

    const onDisk = QueueFile.parse(JSON.parse(await readFile(join(dir, 'callbacks.json'), 'utf8')));
    expect(onDisk.requests).to.deep.equal([record]);
    const reopened = await openQueue(dir);
    expect((await reopened.pending())).to.deep.equal([record]);
  });

  it('20 parallel adds are all kept, in memory and on disk', async () => {
    const queue = await openQueue(dir);
    const records = await Promise.all(Array.from({ length: 20 }, (_, i) => queue.add(request(i))));
    const ids = records.map((r) => r.id);
    expect(new Set(ids).size).to.equal(20);
    expect((await queue.pending()).map((r) => r.id).sort()).to.deep.equal([...ids].sort());
    const reopened = await openQueue(dir);
    expect((await reopened.pending()).map((r) => r.id).sort()).to.deep.equal([...ids].sort());
  });

  it('parallel adds, done marks and purges never lose each other', async () => {
    const queue = await openQueue(dir);
    const first = await Promise.all([0, 1, 2, 3].map((i) => queue.add(request(i))));
    await Promise.all([
      queue.markDone(first[0]!.id),
      queue.add(request(10)),
      queue.markDone(first[1]!.id),
      queue.add(request(11)),
      queue.purgeCreatedBefore(new Date(0)),
    ]);
    const reopened = await openQueue(dir);
    expect((await reopened.pending()).map((r) => r.phone).sort()).to.deep.equal(['+13125552302', '+13125552303', '+13125552310', '+13125552311']);
  });

  it('marking a request done deletes it (and the number); an unknown id is reported', async () => {
    const queue = await openQueue(dir);
    const record = await queue.add(request());
    expect(await queue.markDone(record.id)).to.equal(true);
    expect(await queue.markDone(record.id)).to.equal(false);
    expect(await readFile(join(dir, 'callbacks.json'), 'utf8')).not.to.include('+1312555');
  });

  it('refuses new requests past the bound', async () => {
    const queue = await CallbackQueue.open(join(dir, 'callbacks.json'), { maxPending: 2 });
    await queue.add(request(1));
    await queue.add(request(2));
    let error: unknown;
    await queue.add(request(3)).catch((err: unknown) => (error = err));
    expect(error).to.be.instanceOf(QueueFullError);
    expect((await queue.count())).to.equal(2);
  });

  it('a failed write is not acknowledged and leaves the queue as it was', async () => {
    const queue = await CallbackQueue.open(join(dir, 'not-a-dir', 'callbacks.json'));
    await writeFile(join(dir, 'not-a-dir'), 'a file where the directory should be');
    let error: unknown;
    await queue.add(request()).catch((err: unknown) => (error = err));
    expect(error).to.be.instanceOf(Error);
    expect((await queue.count())).to.equal(0);
    // ...and the next change still runs.
    expect(await queue.purgeCreatedBefore(new Date())).to.equal(0);
  });

  describe('a bad file at start-up', () => {
    const secret = '+13125550199';

    it('not JSON: one clear error naming the file, without quoting it', async () => {
      const path = join(dir, 'callbacks.json');
      await writeFile(path, `{"version":1,"requests":[{"phone":"${secret}"`);
      let error: unknown;
      await CallbackQueue.open(path).catch((err: unknown) => (error = err));
      expect(error).to.be.instanceOf(QueueFileError);
      const message = (error as Error).message;
      expect(message).to.include(path).and.include('not valid JSON');
      expect(message).not.to.include(secret);
    });

    it('JSON of the wrong shape: names the file and the field', async () => {
      const path = join(dir, 'callbacks.json');
      await writeFile(path, JSON.stringify({ version: 1, requests: [{ id: 'x', phone: secret }] }));
      let error: unknown;
      await CallbackQueue.open(path).catch((err: unknown) => (error = err));
      expect(error).to.be.instanceOf(QueueFileError);
      expect((error as Error).message).to.include(path).and.include('requests.0.id');
      expect((error as Error).message).not.to.include(secret);
    });

    it('a record with an extra field (say, a transcript) is refused rather than kept', async () => {
      const path = join(dir, 'callbacks.json');
      const queue = await CallbackQueue.open(path);
      const record = await queue.add(request());
      await writeFile(path, JSON.stringify({ version: 1, requests: [{ ...record, transcript: 'hello' }] }));
      let error: unknown;
      await CallbackQueue.open(path).catch((err: unknown) => (error = err));
      expect(error).to.be.instanceOf(QueueFileError);
      expect((error as Error).message).to.include('transcript');
    });

    it('an unreadable file: names the file', async function () {
      if (process.getuid?.() === 0) this.skip(); // root reads anything
      const path = join(dir, 'callbacks.json');
      await writeFile(path, '{}');
      await chmod(path, 0o000);
      let error: unknown;
      await CallbackQueue.open(path).catch((err: unknown) => (error = err));
      expect((error as Error).message).to.include(path);
    });
  });

  it('removes temp files a killed writer left behind (they may hold unacknowledged numbers)', async () => {
    await writeFile(join(dir, '.callbacks.json.123.4.tmp'), '{"version":1,"requ');
    await writeFile(join(dir, 'other.txt'), 'not ours');
    await openQueue(dir);
    expect(await readdir(dir)).to.deep.equal(['other.txt']);
  });
});
