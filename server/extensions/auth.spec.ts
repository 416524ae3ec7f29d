import type { onAuthenticatePayload } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import type { SessionManager, SessionValidation } from '../../src/lib/server/auth/session.ts';
import type { MeetingStore, TopicStore } from '../../src/lib/server/storage/store.ts';
import {
	ballotDocumentName,
	meetingDocumentName,
	topicDocumentName
} from '../../src/lib/shared/documents.ts';
import { authExtension, TOKEN_REUSE_MS, type CollabContext } from './auth.ts';

const HOUR = 3_600_000;

/** Sessions by token, counting validations; a token maps to a user and an expiry. */
function sessions(valid: Record<string, { userId: string; expiresAt: number }>) {
	const calls: string[] = [];
	const manager = {
		async validate(token: string | null | undefined): Promise<SessionValidation | null> {
			calls.push(token ?? '');
			const found = token ? valid[token] : undefined;
			if (!found) return null;
			return {
				session: { id: `s-${token}`, expiresAt: found.expiresAt },
				user: { id: found.userId }
			} as unknown as SessionValidation;
		}
	};
	return { calls, manager: manager as unknown as SessionManager };
}

function setup(
	valid: Record<string, { userId: string; expiresAt: number }>,
	options: { roll?: boolean } = {}
) {
	const clock = { now: 1_000_000 };
	const roll = options.roll ?? false;
	/** What the sockets' `carrying` was asked: user and meeting. */
	const carrying: string[] = [];
	const { calls, manager } = sessions(valid);
	const admitted: string[] = [];
	const extension = authExtension({
		sessions: manager,
		topics: {
			get: async (id: string) => ({
				id,
				status: 'open',
				ownerId: 'host',
				meetingId: 'm1',
				rollVersion: roll ? 3 : null
			})
		} as unknown as TopicStore,
		meetings: {
			get: async (id: string) => ({ id, access: roll ? 'roll' : 'code' })
		} as unknown as MeetingStore,
		now: () => clock.now,
		admit: async (_socketId, _userId, documentName) => {
			admitted.push(documentName);
		}
	});
	/** One socket: its documents' contexts share what the socket's default context holds. */
	const socket = (socketId: string) => {
		const defaults: CollabContext = {
			cookieSession: null,
			tokens: { last: null },
			carrying: async (userId, meetingId) => void carrying.push(`${userId}@${meetingId}`)
		};
		return (documentName: string, token: string) =>
			extension.onAuthenticate!({
				documentName,
				token,
				socketId,
				context: { ...defaults },
				connectionConfig: { readOnly: false, isAuthenticated: false }
			} as unknown as onAuthenticatePayload) as Promise<Partial<CollabContext>>;
	};
	return { clock, calls, socket, admitted, carrying };
}

const documents = [meetingDocumentName('m1'), topicDocumentName('t1'), topicDocumentName('t2')];

describe('auth: session tokens', () => {
	it("reads a token's session once for the documents a socket opens together", async () => {
		const { calls, socket } = setup({ a: { userId: 'u1', expiresAt: 1_000_000 + HOUR } });
		const open = socket('socket-1');
		const accepted = await Promise.all(documents.map((name) => open(name, 'a')));
		expect(accepted.map((context) => context.auth?.user.id)).toEqual(['u1', 'u1', 'u1']);
		expect(calls).toEqual(['a']);
		await socket('socket-2')(documents[0], 'a');
		expect(calls).toEqual(['a', 'a']);
	});

	it('validates again for another token, after the reuse window, or once the session expired', async () => {
		const { clock, calls, socket } = setup({
			a: { userId: 'u1', expiresAt: 1_000_000 + TOKEN_REUSE_MS / 2 },
			b: { userId: 'u1', expiresAt: 1_000_000 + HOUR }
		});
		const open = socket('socket-1');
		await open(documents[0], 'a');
		await open(documents[1], 'b');
		expect(calls).toEqual(['a', 'b']);
		clock.now += TOKEN_REUSE_MS;
		await open(documents[2], 'b');
		expect(calls).toEqual(['a', 'b', 'b']);
		clock.now += 1;
		await open(documents[0], 'a');
		clock.now += 1;
		await open(documents[1], 'a');
		expect(calls).toEqual(['a', 'b', 'b', 'a', 'a']);
	});

	it('refuses every document of an invalid token, asking each time', async () => {
		const { calls, socket } = setup({});
		const open = socket('socket-1');
		for (const name of documents) {
			await expect(open(name, 'forged')).rejects.toMatchObject({ reason: 'invalid-token' });
		}
		expect(calls).toEqual(['forged', 'forged', 'forged']);
	});
});

describe('auth: ballots', () => {
	it('opens no ballot document, for its voter, a proxy or anyone: ballots are messages on their topic', async () => {
		const { socket, admitted } = setup({ b: { userId: 'ben', expiresAt: 1_000_000 + HOUR } });
		const open = socket('socket-1');
		for (const name of [
			ballotDocumentName('t1', 'ben'),
			ballotDocumentName('t1', 'ben', 'ann'),
			ballotDocumentName('t1', 'someone-else')
		]) {
			await expect(open(name, 'b')).rejects.toMatchObject({ reason: 'unknown-document' });
		}
		expect(admitted).toEqual([]);
		// The topic a voter's ballot travels on opens read-only, as for anyone.
		await open(topicDocumentName('t1'), 'b');
		expect(admitted).toEqual(['topic/t1']);
	});
});

describe('proxies', () => {
	it('asks what a signed-in user carries when they open a document of a roll meeting', async () => {
		const { socket, carrying } = setup(
			{ tok: { userId: 'ben', expiresAt: 1_000_000 + HOUR } },
			{ roll: true }
		);
		const open = socket('sock-1');
		await open(meetingDocumentName('m1'), 'tok');
		await open(topicDocumentName('t1'), 'tok');
		expect(carrying).toEqual(['ben@m1', 'ben@m1']);
	});

	it('asks nothing outside roll meetings, where nobody carries anyone', async () => {
		const { socket, carrying } = setup({ tok: { userId: 'ann', expiresAt: 1_000_000 + HOUR } });
		const open = socket('sock-1');
		await open(meetingDocumentName('m1'), 'tok');
		await open(topicDocumentName('t1'), 'tok');
		expect(carrying).toEqual([]);
	});
});
