import type { connectedPayload } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import { Refusal } from './auth.ts';
import { memoryHub } from '../cluster/memory.ts';
import { limitsExtension } from './limits.ts';

/** A document connection as the `connected` hook sees it, closed by hand. */
async function connect(
	limits: ReturnType<typeof limitsExtension>,
	socketId: string,
	userId: string | null
) {
	await limits.admit(socketId, userId);
	const callbacks: (() => void)[] = [];
	void limits.extension.connected!({
		socketId,
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

describe('connection limits', async () => {
	it('refuse one document more than a socket may hold, and admit again once one closes', async () => {
		const limits = limitsExtension({ documentsPerSocket: 2, socketsPerUser: 10 }, holds());
		const first = await connect(limits, 's1', 'ana');
		await connect(limits, 's1', 'ana');
		expect(await refusal(() => limits.admit('s1', 'ana'))).toBe('too-many-documents');
		expect(await refusal(() => limits.admit('s2', 'ana'))).toBeNull(); // another socket is fine
		first.close();
		expect(await refusal(() => limits.admit('s1', 'ana'))).toBeNull();
	});

	it('refuse a user one socket more than allowed, but not more documents on a socket they hold', async () => {
		const limits = limitsExtension({ documentsPerSocket: 10, socketsPerUser: 2 }, holds());
		await connect(limits, 's1', 'ana');
		const second = await connect(limits, 's2', 'ana');
		expect(await refusal(() => limits.admit('s3', 'ana'))).toBe('too-many-connections');
		expect(await refusal(() => limits.admit('s2', 'ana'))).toBeNull();
		expect(await refusal(() => limits.admit('s3', 'ben'))).toBeNull(); // someone else
		second.close();
		expect(await refusal(() => limits.admit('s3', 'ana'))).toBeNull();
	});

	it('count anonymous readers per socket only', async () => {
		const limits = limitsExtension({ documentsPerSocket: 1, socketsPerUser: 1 }, holds());
		await connect(limits, 's1', null);
		await connect(limits, 's2', null);
		expect(await refusal(() => limits.admit('s1', null))).toBe('too-many-documents');
		expect(await refusal(() => limits.admit('s3', null))).toBeNull();
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
		expect(await refusal(() => onB.admit('b2', 'ana'))).toBe('too-many-connections');
		first.close();
		expect(await refusal(() => onB.admit('b2', 'ana'))).toBeNull();
	});
});
