import type { connectedPayload } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import { Refusal } from './auth.ts';
import { limitsExtension } from './limits.ts';

/** A document connection as the `connected` hook sees it, closed by hand. */
let documents = 0;
function connect(
	limits: ReturnType<typeof limitsExtension>,
	socketId: string,
	userId: string | null
) {
	const documentName = `topic/t${++documents}`;
	limits.admit(socketId, userId, documentName);
	const callbacks: (() => void)[] = [];
	void limits.extension.connected!({
		socketId,
		documentName,
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
		expect(refusal(() => limits.admit('s1', 'ana', 'topic/probe1'))).toBe('too-many-documents');
		expect(refusal(() => limits.admit('s2', 'ana', 'topic/probe2'))).toBeNull(); // another socket is fine
		first.close();
		expect(refusal(() => limits.admit('s1', 'ana', 'topic/probe3'))).toBeNull();
	});

	it('refuse a user one socket more than allowed, but not more documents on a socket they hold', () => {
		const limits = limitsExtension({ documentsPerSocket: 10, socketsPerUser: 2 });
		connect(limits, 's1', 'ana');
		const second = connect(limits, 's2', 'ana');
		expect(refusal(() => limits.admit('s3', 'ana', 'topic/probe4'))).toBe('too-many-connections');
		const more = connect(limits, 's2', 'ana'); // another document on a socket she holds
		expect(refusal(() => limits.admit('s3', 'ben', 'topic/probe5'))).toBeNull(); // someone else
		second.close();
		more.close();
		expect(refusal(() => limits.admit('s3', 'ana', 'topic/probe6'))).toBeNull();
	});

	it('count anonymous readers per socket only', () => {
		const limits = limitsExtension({ documentsPerSocket: 1, socketsPerUser: 1 });
		connect(limits, 's1', null);
		connect(limits, 's2', null);
		expect(refusal(() => limits.admit('s1', null, 'topic/probe7'))).toBe('too-many-documents');
		expect(refusal(() => limits.admit('s3', null, 'topic/probe8'))).toBeNull();
	});

	it('count a document from its admission, before it is connected, until the reservation lapses', () => {
		let clock = 0;
		const limits = limitsExtension({ documentsPerSocket: 2, socketsPerUser: 1 }, () => clock);
		limits.admit('s1', 'ana', 'topic/probe9');
		limits.admit('s1', 'ana', 'topic/probe10');
		// Both still loading: a third document on the socket, or a second socket, is refused.
		expect(refusal(() => limits.admit('s1', 'ana', 'topic/probe11'))).toBe('too-many-documents');
		expect(refusal(() => limits.admit('s2', 'ana', 'topic/probe12'))).toBe('too-many-connections');
		clock += 30_000;
		expect(refusal(() => limits.admit('s1', 'ana', 'topic/probe13'))).toBeNull();
	});

	it('turn a reservation into the connected document’s slot, not a second one', () => {
		const limits = limitsExtension({ documentsPerSocket: 2, socketsPerUser: 10 });
		connect(limits, 's1', 'ana');
		expect(refusal(() => limits.admit('s1', 'ana', 'topic/probe14'))).toBeNull();
		expect(refusal(() => limits.admit('s1', 'ana', 'topic/probe15'))).toBe('too-many-documents');
	});

	it('keep one reservation for a document asked for again while it loads', () => {
		const limits = limitsExtension({ documentsPerSocket: 2, socketsPerUser: 10 });
		limits.admit('s1', 'ana', 'ballot/t/ana');
		limits.admit('s1', 'ana', 'ballot/t/ana');
		expect(refusal(() => limits.admit('s1', 'ana', 'topic/t'))).toBeNull();
		expect(refusal(() => limits.admit('s1', 'ana', 'meeting/m'))).toBe('too-many-documents');
	});

	it('free the reservations of a socket that closed before its documents connected', () => {
		const limits = limitsExtension({ documentsPerSocket: 10, socketsPerUser: 1 });
		limits.admit('s1', 'ana', 'ballot/t/ana');
		expect(refusal(() => limits.admit('s2', 'ana', 'ballot/t/ana'))).toBe('too-many-connections');
		limits.socketClosed('s1');
		expect(refusal(() => limits.admit('s2', 'ana', 'ballot/t/ana'))).toBeNull();
	});
});
