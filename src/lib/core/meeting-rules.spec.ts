import { describe, expect, it } from 'vitest';
import {
	canRemove,
	managesTopic,
	moveItem,
	parseCode,
	runsMeeting,
	stepAgenda
} from './meeting-rules.ts';

describe('join codes', () => {
	it('accept what people type, in any case and spacing', () => {
		expect(parseCode('k7q-2xd')).toBe('K7Q-2XD');
		expect(parseCode(' K7Q 2XD ')).toBe('K7Q-2XD');
		expect(parseCode('K7Q2XD')).toBe('K7Q-2XD');
	});

	it('refuse look-alike letters, wrong lengths and non-text', () => {
		expect(parseCode('K0Q-2XD')).toBeNull();
		expect(parseCode('KIQ-2XD')).toBeNull();
		expect(parseCode('K7Q-2X')).toBeNull();
		expect(parseCode(42)).toBeNull();
		expect(parseCode('<script>')).toBeNull();
	});
});

describe('agenda', () => {
	it('moves a topic up and down, and not past the ends', () => {
		expect(moveItem(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
		expect(moveItem(['a', 'b', 'c'], 'b', 1)).toEqual(['a', 'c', 'b']);
		expect(moveItem(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
		expect(moveItem(['a', 'b', 'c'], 'x', 1)).toEqual(['a', 'b', 'c']);
	});

	it('steps to the next and previous topic, starting at the first', () => {
		expect(stepAgenda(['a', 'b', 'c'], null, 1)).toBe('a');
		expect(stepAgenda(['a', 'b', 'c'], 'a', 1)).toBe('b');
		expect(stepAgenda(['a', 'b', 'c'], 'c', 1)).toBe('c');
		expect(stepAgenda(['a', 'b', 'c'], 'b', -1)).toBe('a');
		expect(stepAgenda([], null, 1)).toBeNull();
	});

	it('removes only topics that were never opened', () => {
		expect(canRemove({ id: 'a', status: 'draft' })).toBe(true);
		expect(canRemove({ id: 'a', status: 'open' })).toBe(false);
		expect(canRemove({ id: 'a', status: 'closed' })).toBe(false);
	});
});

describe('who runs a meeting and manages its topics', () => {
	const meeting = { ownerId: 'host' };

	it('the host and co-hosts run the meeting; observers and others do not', () => {
		expect(runsMeeting(meeting, 'host', null)).toBe(true);
		expect(runsMeeting(meeting, 'ann', 'cohost')).toBe(true);
		expect(runsMeeting(meeting, 'ann', 'observer')).toBe(false);
		expect(runsMeeting(meeting, 'ann', null)).toBe(false);
	});

	it('the creator manages a topic, wherever it is', () => {
		expect(managesTopic({ ownerId: 'ann', meetingId: null }, 'ann', null)).toBe(true);
		expect(
			managesTopic({ ownerId: 'ann', meetingId: 'm1' }, 'ann', { ownerId: 'host', role: null })
		).toBe(true);
	});

	it('the host and co-hosts manage the topics on the meeting’s agenda', () => {
		const topic = { ownerId: 'host', meetingId: 'm1' };
		expect(managesTopic(topic, 'host', { ownerId: 'host', role: null })).toBe(true);
		expect(managesTopic(topic, 'ann', { ownerId: 'host', role: 'cohost' })).toBe(true);
		const byCohost = { ownerId: 'ann', meetingId: 'm1' };
		expect(managesTopic(byCohost, 'host', { ownerId: 'host', role: null })).toBe(true);
	});

	it('observers, other people and missing meetings manage nothing', () => {
		const topic = { ownerId: 'host', meetingId: 'm1' };
		expect(managesTopic(topic, 'ann', { ownerId: 'host', role: 'observer' })).toBe(false);
		expect(managesTopic(topic, 'ann', { ownerId: 'host', role: null })).toBe(false);
		expect(managesTopic(topic, 'ann', null)).toBe(false);
	});

	it('a co-host role does not reach topics outside the meeting', () => {
		expect(
			managesTopic({ ownerId: 'bob', meetingId: null }, 'ann', { ownerId: 'host', role: 'cohost' })
		).toBe(false);
		expect(managesTopic({ ownerId: 'host', meetingId: null }, 'host', null)).toBe(true);
	});
});
