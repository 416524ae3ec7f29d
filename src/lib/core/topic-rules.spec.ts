import { describe, expect, it } from 'vitest';
import { cleanLine, parseTopicInput, topicVisibleTo, transition } from './topic-rules.ts';

describe('parseTopicInput', () => {
	it('normalises title, description and options', () => {
		expect(
			parseTopicInput({
				title: '  Where\tshall we  meet? ',
				description: 'Line 1\r\nLine 2\u0007',
				options: [' Here ', '', 'There']
			})
		).toEqual({
			ok: true,
			value: {
				title: 'Where shall we meet?',
				description: 'Line 1\nLine 2',
				options: ['Here', 'There'],
				lateGraceSeconds: 0,
				hideResults: false,
				majority: 'simple',
				quorum: 0
			}
		});
	});

	it('removes bidirectional overrides and control characters from labels', () => {
		expect(cleanLine('Yes\u202eoN\u0000')).toBe('Yes oN');
		expect(cleanLine('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
	});

	it.each([
		[{ options: ['a', 'b'] }, 'title'],
		[{ title: '   ', options: ['a', 'b'] }, 'title'],
		[{ title: 'x'.repeat(201), options: ['a', 'b'] }, 'title'],
		[{ title: 'T', description: 5, options: ['a', 'b'] }, 'description'],
		[{ title: 'T', options: ['a'] }, 'options'],
		[{ title: 'T', options: Array.from({ length: 21 }, (_, i) => `o${i}`) }, 'options'],
		[{ title: 'T', options: ['Same', 'same'] }, 'options'],
		[{ title: 'T', options: 'a,b' }, 'options'],
		[{ title: 'T', options: ['a', 'x'.repeat(201)] }, 'options'],
		[{ title: 'T', options: ['a', 'b'], lateGraceSeconds: -1 }, 'lateGraceSeconds'],
		[{ title: 'T', options: ['a', 'b'], lateGraceSeconds: 1.5 }, 'lateGraceSeconds'],
		[{ title: 'T', options: ['a', 'b'], lateGraceSeconds: '60' }, 'lateGraceSeconds'],
		[{ title: 'T', options: ['a', 'b'], majority: 'most' }, 'rules'],
		[{ title: 'T', options: ['a', 'b'], quorum: -1 }, 'rules'],
		[{ title: 'T', options: ['a', 'b'], hideResults: 'yes' }, 'rules']
	])('refuses %j on %s', (raw, field) => {
		const result = parseTopicInput(raw);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.field).toBe(field);
	});
});

describe('topicVisibleTo', () => {
	const topic = (status: 'draft' | 'open', meetingId: string | null = null) => ({
		status,
		ownerId: 'owner',
		meetingId
	});
	it('hides a draft from everyone but its owner, unless it is on a meeting’s agenda', () => {
		expect(topicVisibleTo(topic('draft'), 'owner')).toBe(true);
		expect(topicVisibleTo(topic('draft'), 'other')).toBe(false);
		expect(topicVisibleTo(topic('draft'), null)).toBe(false);
		expect(topicVisibleTo(topic('draft', 'm1'), null)).toBe(true);
		expect(topicVisibleTo(topic('open'), null)).toBe(true);
	});
});

describe('transition', () => {
	it('opens drafts and closed topics, closes open ones, and nothing else', () => {
		expect(transition('draft', 'open')).toEqual({ ok: true, status: 'open' });
		expect(transition('closed', 'open')).toEqual({ ok: true, status: 'open' });
		expect(transition('open', 'close')).toEqual({ ok: true, status: 'closed' });
		expect(transition('open', 'open').ok).toBe(false);
		expect(transition('draft', 'close').ok).toBe(false);
		expect(transition('closed', 'close').ok).toBe(false);
	});
});
