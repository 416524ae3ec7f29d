import type { connectedPayload } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import { Refusal } from './auth.ts';
import { memoryHub } from '../cluster/memory.ts';
import { limitsExtension } from './limits.ts';

let documents = 0;

/** A document connection as the `connected` hook sees it, closed by hand. */
async function connect(
	limits: ReturnType<typeof limitsExtension>,
	socketId: string,
	userId: string | null
) {
	const documentName = `topic/t${++documents}`;
	await limits.admit(socketId, userId, documentName);
	const callbacks: (() => void)[] = [];
	void limits.extension.connected!({
		socketId,
		documentName,
		context: { cookieSession: null, auth: userId ? { user: { id: userId } } : null },
		connection: { onClose: (callback: () => void) => callbacks.push(callback) }
	} as unknown as connectedPayload);
	return { close: () => callbacks.forEach((callback) => callback()) };
}

const holds = () => memoryHub().instance().holds;

const refusal = async (run: () => Promise<unknown>) => {
	try {
		await run();
	} catch (error) {
		return error instanceof Refusal ? error.reason : 'other error';
	}
	return null;
};

describe('connection limits', () => {
	it('refuse one document more than a socket may hold, and admit again once one closes', async () => {
		const limits = limitsExtension({ documentsPerSocket: 2, socketsPerUser: 10 }, holds());
		const first = await connect(limits, 's1', 'ana');
		await connect(limits, 's1', 'ana');
		expect(await refusal(() => limits.admit('s1', 'ana', 'topic/probe1'))).toBe(
			'too-many-documents'
		);
		// Another socket is fine.
		expect(await refusal(() => limits.admit('s2', 'ana', 'topic/probe2'))).toBeNull();
		first.close();
		expect(await refusal(() => limits.admit('s1', 'ana', 'topic/probe3'))).toBeNull();
	});

	it('refuse a user one socket more than allowed, but not more documents on a socket they hold', async () => {
		const limits = limitsExtension({ documentsPerSocket: 10, socketsPerUser: 2 }, holds());
		await connect(limits, 's1', 'ana');
		const second = await connect(limits, 's2', 'ana');
		expect(await refusal(() => limits.admit('s3', 'ana', 'topic/probe4'))).toBe(
			'too-many-connections'
		);
		const more = await connect(limits, 's2', 'ana'); // another document on a socket she holds
		expect(await refusal(() => limits.admit('s3', 'ben', 'topic/probe5'))).toBeNull(); // someone else
		second.close();
		more.close();
		expect(await refusal(() => limits.admit('s3', 'ana', 'topic/probe6'))).toBeNull();
	});

	it('count anonymous readers per socket only', async () => {
		const limits = limitsExtension({ documentsPerSocket: 1, socketsPerUser: 1 }, holds());
		await connect(limits, 's1', null);
		await connect(limits, 's2', null);
		expect(await refusal(() => limits.admit('s1', null, 'topic/probe7'))).toBe(
			'too-many-documents'
		);
		expect(await refusal(() => limits.admit('s3', null, 'topic/probe8'))).toBeNull();
	});

	it('count a document from its admission, before it is connected, until the reservation lapses', async () => {
		let clock = 0;
		const limits = limitsExtension(
			{ documentsPerSocket: 2, socketsPerUser: 1 },
			holds(),
			() => clock
		);
		await limits.admit('s1', 'ana', 'topic/probe9');
		await limits.admit('s1', 'ana', 'topic/probe10');
		// Both still loading: a third document on the socket, or a second socket, is refused.
		expect(await refusal(() => limits.admit('s1', 'ana', 'topic/probe11'))).toBe(
			'too-many-documents'
		);
		expect(await refusal(() => limits.admit('s2', 'ana', 'topic/probe12'))).toBe(
			'too-many-connections'
		);
		clock += 30_000;
		expect(await refusal(() => limits.admit('s1', 'ana', 'topic/probe13'))).toBeNull();
	});

	it('turn a reservation into the connected document’s slot, not a second one', async () => {
		const limits = limitsExtension({ documentsPerSocket: 2, socketsPerUser: 10 }, holds());
		await connect(limits, 's1', 'ana');
		expect(await refusal(() => limits.admit('s1', 'ana', 'topic/probe14'))).toBeNull();
		expect(await refusal(() => limits.admit('s1', 'ana', 'topic/probe15'))).toBe(
			'too-many-documents'
		);
	});

	it('keep one reservation for a document asked for again while it loads', async () => {
		const limits = limitsExtension({ documentsPerSocket: 2, socketsPerUser: 10 }, holds());
		await limits.admit('s1', 'ana', 'topic/ana');
		await limits.admit('s1', 'ana', 'topic/ana');
		expect(await refusal(() => limits.admit('s1', 'ana', 'topic/t'))).toBeNull();
		expect(await refusal(() => limits.admit('s1', 'ana', 'meeting/m'))).toBe('too-many-documents');
	});

	it('free the reservations and the place of a socket that closed before its documents connected', async () => {
		const limits = limitsExtension({ documentsPerSocket: 10, socketsPerUser: 1 }, holds());
		await limits.admit('s1', 'ana', 'topic/ana');
		expect(await refusal(() => limits.admit('s2', 'ana', 'topic/ana'))).toBe(
			'too-many-connections'
		);
		limits.socketClosed('s1');
		expect(await refusal(() => limits.admit('s2', 'ana', 'topic/ana'))).toBeNull();
	});

	it('give back only the places held on the socket that closed', async () => {
		const limits = limitsExtension({ documentsPerSocket: 10, socketsPerUser: 1 }, holds());
		const anaFirst = await connect(limits, 's1', 'ana');
		await connect(limits, 's2', 'ben');
		await limits.admit('s3', 'cy', 'topic/cy');
		limits.socketClosed('s1');
		limits.socketClosed('s1'); // every document of a socket reports its close
		anaFirst.close(); // and each document connection closes after it
		expect(await refusal(() => limits.admit('s4', 'ana', 'topic/probe18'))).toBeNull();
		expect(await refusal(() => limits.admit('s5', 'ben', 'topic/probe19'))).toBe(
			'too-many-connections'
		);
		expect(await refusal(() => limits.admit('s6', 'cy', 'topic/probe20'))).toBe(
			'too-many-connections'
		);
		expect(limits.busiestUser()).toBe(1);
	});

	it('count the sockets of a user on every instance against one cap', async () => {
		const hub = memoryHub();
		const onA = limitsExtension(
			{ documentsPerSocket: 10, socketsPerUser: 2 },
			hub.instance('a').holds
		);
		const onB = limitsExtension(
			{ documentsPerSocket: 10, socketsPerUser: 2 },
			hub.instance('b').holds
		);
		const first = await connect(onA, 'a1', 'ana');
		await connect(onB, 'b1', 'ana');
		expect(await refusal(() => onB.admit('b2', 'ana', 'topic/probe16'))).toBe(
			'too-many-connections'
		);
		first.close();
		expect(await refusal(() => onB.admit('b2', 'ana', 'topic/probe17'))).toBeNull();
	});
});
