/**
 * The raw protocol phone the bench runs for most of a hall, against the real server: it must be
 * what the server takes it for, a voter whose requests and answers are messages on the topic.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../tests/helpers/use-server.ts';
import { joinAsGuest } from './guests.ts';
import type { VoteOutcome } from './phone.ts';
import { RawPhone } from './raw-phone.ts';

const { server, api } = useServer();

async function openTopic() {
	const host = await api.register();
	const call = async (method: string, path: string, body?: unknown) => {
		const response = await api.call(method, path, { token: host.token, body });
		if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status}`);
		return response.body;
	};
	const { meeting } = await call('POST', '/api/meetings', { title: 'Hall' });
	await call('POST', `/api/meetings/${meeting.id}/access`, { access: 'guests' });
	const { meeting: withAgenda } = await call('POST', `/api/meetings/${meeting.id}/topics`, {
		title: 'Motion',
		options: ['A', 'B', 'C'],
		allowChange: true
	});
	const topic = withAgenda.agenda[withAgenda.agenda.length - 1];
	await call('POST', `/api/topics/${topic.id}/open`);
	return {
		meeting,
		topicId: topic.id as string,
		optionIds: topic.options.map((o: { id: string }) => o.id) as string[]
	};
}

describe('a raw protocol phone', () => {
	it('votes, gets each receipt, and is counted once with its latest choice', async () => {
		const { meeting, topicId, optionIds } = await openTopic();
		const guest = await joinAsGuest(server.url, meeting.code, 'Raw');
		const receipts: VoteOutcome[] = [];
		let next: () => void = () => {};
		const phone = new RawPhone(
			{
				wsUrl: server.wsUrl,
				topicId,
				meetingId: meeting.id,
				userId: guest.userId,
				token: guest.token,
				optionIds,
				ranked: false,
				observe: false
			},
			{
				receipt: (outcome) => {
					receipts.push(outcome);
					next();
				},
				refusal: (reason) => {
					throw new Error(`refused: ${reason}`);
				},
				disconnect: () => {}
			}
		);
		try {
			await phone.ready;
			const vote = async () => {
				const receipted = new Promise<void>((resolve) => (next = resolve));
				phone.vote();
				expect(phone.idle).toBe(false);
				await receipted;
				expect(phone.idle).toBe(true);
			};
			await vote();
			await vote();
			await vote();
			expect(receipts).toHaveLength(3);
			const results = await api.results(topicId);
			expect(results.turnout).toBe(1);
			// Three votes, each for another option: only the last one counts.
			expect(Object.values(results.totals).reduce((a, b) => a + b, 0)).toBe(1);
		} finally {
			phone.destroy();
		}
	});
});
