import { describe, expect, it } from 'vitest';
import { CLOSE } from '../src/lib/shared/close-codes.ts';
import { createSessionSockets } from './session-sockets.ts';

function fakeSocket() {
	const closed: [number | undefined, string | undefined][] = [];
	return { closed, close: (code?: number, reason?: string) => void closed.push([code, reason]) };
}

describe('session sockets', () => {
	it('closes every socket of a session, whichever way it was bound', () => {
		const sockets = createSessionSockets();
		const byCookie = fakeSocket();
		const byToken = fakeSocket();
		const other = fakeSocket();
		sockets.add('s1', byCookie);
		sockets.add('s1', byToken);
		sockets.add('s2', other);
		sockets.close('s1');
		const ended = [CLOSE.sessionEnded.code, CLOSE.sessionEnded.reason];
		expect(byCookie.closed).toEqual([ended]);
		expect(byToken.closed).toEqual([ended]);
		expect(other.closed).toEqual([]);
		expect(sockets.count('s1')).toBe(0);
	});

	it('forgets closed sockets', () => {
		const sockets = createSessionSockets();
		const socket = fakeSocket();
		sockets.add('s1', socket);
		sockets.add('s2', socket);
		sockets.remove(socket);
		sockets.close('s1');
		expect(socket.closed).toEqual([]);
		expect(sockets.count('s2')).toBe(0);
	});
});

describe('session sockets, one or many per key', () => {
	it('keeps each socket of a session and each session of a socket through adds and removals', () => {
		const sockets = createSessionSockets();
		const [a, b, c] = [fakeSocket(), fakeSocket(), fakeSocket()];
		sockets.add('s1', a);
		sockets.add('s1', a);
		expect(sockets.count('s1')).toBe(1);
		sockets.add('s1', b);
		sockets.add('s1', c);
		sockets.add('s2', a);
		expect(sockets.count('s1')).toBe(3);
		sockets.remove(b);
		expect(sockets.count('s1')).toBe(2);
		sockets.remove(a);
		expect([sockets.count('s1'), sockets.count('s2')]).toEqual([1, 0]);
		sockets.close('s1');
		expect([a.closed, b.closed, c.closed].map((closed) => closed.length)).toEqual([0, 0, 1]);
		expect(sockets.count('s1')).toBe(0);
	});
});
