import { describe, expect, it } from 'vitest';
import { participantVotedList, rollVotedList } from './voted-list.ts';

const entry = (id: string, name: string, added = 1, removed: number | null = null) => ({
	id,
	name,
	memberNumber: null,
	checkedInAt: id === 'b' ? 5 : null,
	addedVersion: added,
	removedVersion: removed
});

describe('who has voted', () => {
	it('lists the roll the topic opened with, the missing first, and carries no choice or time', () => {
		const entries = [
			entry('a', 'Zoe'),
			entry('b', 'amira'),
			entry('c', 'Lena'),
			entry('d', 'Later', 3),
			entry('e', 'Gone', 1, 2)
		];
		const list = rollVotedList(entries, 2, ['c', 'x']);
		expect(list).toEqual({
			mode: 'roll',
			rollVersion: 2,
			eligible: 3,
			voted: 1,
			members: [
				{ id: 'b', name: 'amira', memberNumber: null, checkedIn: true, voted: false },
				{ id: 'a', name: 'Zoe', memberNumber: null, checkedIn: false, voted: false },
				{ id: 'c', name: 'Lena', memberNumber: null, checkedIn: false, voted: true }
			]
		});
		// A removed member still counts on a topic opened before the removal.
		expect(rollVotedList(entries, 1, ['e'])).toMatchObject({ eligible: 4, voted: 1 });
	});

	it('outside a roll lists who voted, by name', () => {
		expect(
			participantVotedList([
				{ name: 'zed', guest: false },
				{ name: 'Anna', guest: true }
			])
		).toEqual({
			mode: 'participants',
			voted: 2,
			voters: [
				{ name: 'Anna', guest: true },
				{ name: 'zed', guest: false }
			]
		});
	});
});
