import { expect } from 'chai';
import { instantAhead, zoneTime } from '../../src/domain/meetings/clock.js';
import type { Meeting } from '../../src/domain/meetings/schema.js';
import { MeetingIndex, type MeetingQuery } from '../../src/domain/meetings/search.js';
import { readMeetingRequest } from '../../src/domain/meetings/request.js';

const meeting = (id: string, over: Partial<Meeting>): Meeting => ({
  id: `aa:${id}`,
  fellowship: 'AA',
  name: id,
  days: [0, 1, 2, 3, 4, 5, 6],
  time: '19:30',
  endTime: '20:30',
  timezone: 'America/Chicago',
  types: ['O'],
  place: { formatted: '1 Main St, Dayton, OH 45402', latitude: 39.7563, longitude: -84.1895 },
  approximate: false,
  ...over,
});
const dayton = { latitude: 39.7589, longitude: -84.1916 };
const query = (over: Partial<MeetingQuery> = {}): MeetingQuery => ({ near: dayton, radiusMiles: 10, mode: 'any', when: 'week', limit: 3, ...over });

describe('Meeting search and time zones', () => {
  it('reads the clock in the meeting’s own zone, across daylight saving', () => {
    // 2026-12-08 00:30 UTC is Monday 7 December, 6:30 pm in Chicago (CST, UTC−6).
    const t = zoneTime('America/Chicago', new Date('2026-12-08T00:30:00Z'));
    expect(t).to.include({ weekday: 1, minuteOfDay: 18 * 60 + 30, date: '2026-12-07', offsetMinutes: -360 });
    // Phoenix keeps UTC−7 all year; New York is UTC−4 in July.
    expect(zoneTime('America/Phoenix', new Date('2026-07-01T12:00:00Z')).offsetMinutes).to.equal(-420);
    expect(zoneTime('America/New_York', new Date('2026-07-01T12:00:00Z')).offsetMinutes).to.equal(-240);
    // Saturday 7 March 2026 8 pm Chicago + 24 h of wall clock crosses the spring change: 23 real hours.
    const now = new Date('2026-03-08T02:00:00Z');
    expect((instantAhead('America/Chicago', now, 24 * 60).getTime() - now.getTime()) / 3_600_000).to.equal(23);
  });

  it('"tonight" is the evening in the meeting’s zone, not the server’s or the person’s', () => {
    const index = new MeetingIndex([
      meeting('chicago-730pm', {}),
      meeting('new-york-730pm', { timezone: 'America/New_York' }),
      meeting('chicago-morning', { time: '07:00', endTime: '08:00' }),
    ]);
    // 01:00 UTC Tuesday = Monday 7 pm Chicago = Monday 8 pm New York.
    const now = new Date('2026-12-08T01:00:00Z');
    const hits = index.search(query({ when: 'tonight' }), now);
    expect(hits.map((h) => h.meeting.name)).to.deep.equal(['new-york-730pm', 'chicago-730pm']);
    // New York's 7:30 started 30 minutes ago and has not ended; Chicago's starts in 30 minutes.
    expect(hits.map((h) => h.minutesUntil)).to.deep.equal([-30, 30]);
    expect(hits[1]!.startsAt.toISOString()).to.equal('2026-12-08T01:30:00.000Z');
    expect(hits.every((h) => h.dayOffset === 0)).to.equal(true);
    // At 7:45 pm Chicago time the New York meeting is over (8:45 pm there) and is not shown.
    const later = index.search(query({ when: 'tonight' }), new Date('2026-12-08T01:45:00Z'));
    expect(later.map((h) => h.meeting.name)).to.deep.equal(['chicago-730pm']);
  });

  it('near or online, types, fellowship, weekend, and the next occurrence only once per meeting', () => {
    const index = new MeetingIndex([
      meeting('far-away', { place: { formatted: 'x', latitude: 45.52, longitude: -122.67 } }),
      meeting('online-women', { place: undefined, online: { url: 'https://example.org/w' }, types: ['W', 'C'] }),
      meeting('na-weekend', { fellowship: 'NA', id: 'na:weekend', days: [6], types: ['O', 'S'] }),
    ]);
    const now = new Date('2026-12-08T01:00:00Z'); // Monday evening in the US
    expect(index.search(query(), now).map((h) => h.meeting.name)).to.deep.equal(['online-women', 'na-weekend']);
    expect(index.search(query({ types: ['W'] }), now).map((h) => h.meeting.name)).to.deep.equal(['online-women']);
    expect(index.search(query({ mode: 'online' }), now).map((h) => h.meeting.name)).to.deep.equal(['online-women']);
    const weekend = index.search(query({ when: 'weekend', fellowship: 'NA' }), now);
    expect(weekend.map((h) => [h.meeting.name, h.weekday, h.dayOffset])).to.deep.equal([['na-weekend', 6, 5]]);
    expect(weekend[0]!.distanceMiles).to.be.below(1);
  });

  it('reads what people ask for in their own words', () => {
    expect(readMeetingRequest('NA meeting online now')).to.deep.include({ when: 'now', mode: 'online', fellowship: 'NA' });
    expect(readMeetingRequest("women's meeting this weekend")).to.deep.include({ when: 'weekend', types: ['W'] });
    expect(readMeetingRequest('reunión en español').types).to.deep.equal(['S']);
    expect(readMeetingRequest('meetings for newcomers').types).to.deep.equal(['BE']);
    const near = readMeetingRequest('AA meeting near 45402');
    expect(near.fellowship).to.equal('AA');
    expect(near.place).to.deep.include({ kind: 'found' });
    // Named even when the catalog has none, so the reply says these are other fellowships' meetings.
    expect(readMeetingRequest('is there a SMART Recovery group in Tulsa').fellowship).to.equal('SMART Recovery');
    expect(readMeetingRequest('al-anon meeting for families tonight').fellowship).to.equal('Al-Anon');
  });
});
