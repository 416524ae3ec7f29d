import type { connectedPayload } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import { Refusal } from './auth.ts';
import { limitsExtension } from './limits.ts';

/** A document connection as the `connected` hook sees it, closed by hand. */
function connect(
	limits: ReturnType<typeof limitsExtension>,
	socketId: string,
	userId: string | null
) {
	limits.admit(socketId, userId);
	const callbacks: (() => void)[] = [];
	void limits.extension.connected!({
		socketId,
		context: { cookieSession: null, auth: userId ? { user: { id: userId } } : null },
		connection: { onClose: (callback: () => void) => callbacks.push(callback) }
	} as unknown as connectedPayload);
	return { close: () => callbacks.forEach((callback) => callback()) };
}

const refusal = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		return error instanceof Refusal ? error.reason : 'other error';
	}
	return null;
};

describe('connection limits', () => {
	it('refuse one document more than a socket may hold, and admit again once one closes', () => {
		const limits = limitsExtension({ documentsPerSocket: 2, socketsPerUser: 10 });
		const first = connect(limits, 's1', 'ana');
		connect(limits, 's1', 'ana');
		expect(refusal(() => limits.admit('s1', 'ana'))).toBe('too-many-documents');
		expect(refusal(() => limits.admit('s2', 'ana'))).toBeNull(); // another socket is fine
		first.close();
		expect(refusal(() => limits.admit('s1', 'ana'))).toBeNull();
	});

	it('refuse a user one socket more than allowed, but not more documents on a socket they hold', () => {
		const limits = limitsExtension({ documentsPerSocket: 10, socketsPerUser: 2 });
		connect(limits, 's1', 'ana');
		const second = connect(limits, 's2', 'ana');
		expect(refusal(() => limits.admit('s3', 'ana'))).toBe('too-many-connections');
		const more = connect(limits, 's2', 'ana'); // another document on a socket she holds
		expect(refusal(() => limits.admit('s3', 'ben'))).toBeNull(); // someone else
		second.close();
		more.close();
		expect(refusal(() => limits.admit('s3', 'ana'))).toBeNull();
	});

	it('count anonymous readers per socket only', () => {
		const limits = limitsExtension({ documentsPerSocket: 1, socketsPerUser: 1 });
		connect(limits, 's1', null);
		connect(limits, 's2', null);
		expect(refusal(() => limits.admit('s1', null))).toBe('too-many-documents');
		expect(refusal(() => limits.admit('s3', null))).toBeNull();
	});

	it('count a document from its admission, before it is connected, until the reservation lapses', () => {
		let clock = 0;
		const limits = limitsExtension({ documentsPerSocket: 2, socketsPerUser: 1 }, () => clock);
		limits.admit('s1', 'ana');
		limits.admit('s1', 'ana');
		// Both still loading: a third document on the socket, or a second socket, is refused.
		expect(refusal(() => limits.admit('s1', 'ana'))).toBe('too-many-documents');
		expect(refusal(() => limits.admit('s2', 'ana'))).toBe('too-many-connections');
		clock += 30_000;
		expect(refusal(() => limits.admit('s1', 'ana'))).toBeNull();
	});

	it('turn a reservation into the connected document’s slot, not a second one', () => {
		const limits = limitsExtension({ documentsPerSocket: 2, socketsPerUser: 10 });
		connect(limits, 's1', 'ana');
		expect(refusal(() => limits.admit('s1', 'ana'))).toBeNull();
		expect(refusal(() => limits.admit('s1', 'ana'))).toBe('too-many-documents');
	});
});
