import { describe, expect, it } from 'vitest';
import { canRemove, moveItem, parseCode, stepAgenda } from './meeting-rules.ts';

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
