/**
 * Budgets against floods, over the real server. Addresses come from `X-Forwarded-For` here
 * (ADDRESS_HEADER, as behind a proxy), so one test can speak from many addresses; budgets are
 * small so a few requests spend them.
 */
import { describe, expect, it } from 'vitest';
import { PASSWORD, uniqueName } from '../helpers/api.ts';
import { useServer } from '../helpers/use-server.ts';

const { server } = useServer({
	ADDRESS_HEADER: 'x-forwarded-for',
	XFF_DEPTH: '1',
	LOGIN_FAILURES_PER_ADDRESS: '5',
	LOGIN_FAILURES_PER_USERNAME: '5',
	JOIN_MISSES_PER_ADDRESS: '5',
	GUESTS_PER_ADDRESS: '20',
	GUESTS_PER_MEETING: '30',
	REGISTRATIONS_PER_ADDRESS: '10',
	TAKEN_PER_ADDRESS: '3',
	HASH_CONCURRENCY: '1',
	HASH_QUEUE: '1'
});

let next = 1;
/** A fresh address for each caller that should not share another's budget. */
const newAddress = () => `10.0.${Math.floor(next / 250)}.${(next++ % 250) + 1}`;

async function call(
	method: string,
	path: string,
	{ address, token, body }: { address: string; token?: string; body?: unknown }
) {
	const headers: Record<string, string> = { 'x-forwarded-for': address };
	if (token) headers.authorization = `Bearer ${token}`;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${server.url}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await response.text();
	let json: any = null;
	try {
		json = JSON.parse(text);
	} catch {
		// not JSON
	}
	return { status: response.status, body: json, headers: response.headers };
}

async function register(username = uniqueName()) {
	const response = await call('POST', '/api/auth/register', {
		address: newAddress(),
		body: { username, password: PASSWORD }
	});
	expect(response.status, JSON.stringify(response.body)).toBe(201);
	return response.body as { user: { id: string; username: string }; token: string };
}

const login = (address: string, username: string, password: string) =>
	call('POST', '/api/auth/login', { address, body: { username, password } });

describe('sign-in floods', () => {
	it('stops spraying many usernames from one address, before any password is hashed', async () => {
		const address = newAddress();
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) {
			statuses.push((await login(address, uniqueName('spray'), 'Summer2024!!')).status);
		}
		expect(statuses).toEqual([401, 401, 401, 401, 401]);
		const account = await register();
		const blocked = await login(address, account.user.username, PASSWORD);
		expect(blocked.status).toBe(429);
		expect(blocked.body.error.code).toBe('rate-limited');
		expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
		// Another address is not affected.
		expect((await login(newAddress(), account.user.username, PASSWORD)).status).toBe(200);
	});

	it('stops guessing one username from many addresses', async () => {
		const account = await register();
		for (let i = 0; i < 5; i++) {
			expect((await login(newAddress(), account.user.username, 'not it at all')).status).toBe(401);
		}
		const guess = await login(newAddress(), account.user.username, 'still not it');
		expect(guess.status).toBe(429);
		// Other usernames from the same addresses still sign in.
		const other = await register();
		expect((await login(newAddress(), other.user.username, PASSWORD)).status).toBe(200);
	});
});

describe('password hashing', () => {
	it('runs a bounded number of hashes at once and answers the rest 503 with Retry-After', async () => {
		const attempts = await Promise.all(
			Array.from({ length: 30 }, () => login(newAddress(), uniqueName('busy'), 'Summer2024!!'))
		);
		const statuses = attempts.map((attempt) => attempt.status);
		expect(statuses).toContain(503);
		expect(statuses.every((status) => status === 401 || status === 503)).toBe(true);
		const busy = attempts.find((attempt) => attempt.status === 503)!;
		expect(busy.body.error.code).toBe('unavailable');
		expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});

describe('registration floods', () => {
	it('limits how often one address learns that a username is taken', async () => {
		const address = newAddress();
		const taken = await register();
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) {
			const response = await call('POST', '/api/auth/register', {
				address,
				body: { username: taken.user.username, password: PASSWORD }
			});
			statuses.push(response.status);
		}
		expect(statuses).toEqual([409, 409, 409, 429, 429]);
		// Once spent, the address learns nothing more, not even for a free name.
		const free = await call('POST', '/api/auth/register', {
			address,
			body: { username: uniqueName(), password: PASSWORD }
		});
		expect(free.status).toBe(429);
	});

	it('limits registrations per address', async () => {
		const address = newAddress();
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++) {
			const response = await call('POST', '/api/auth/register', {
				address,
				body: { username: uniqueName('many'), password: PASSWORD }
			});
			statuses.push(response.status);
		}
		expect(statuses.slice(0, 10).every((status) => status === 201)).toBe(true);
		expect(statuses[10]).toBe(429);
	});

	it('refuses a common password and says why', async () => {
		for (const password of ['password12', 'qwerty1234', 'Welcome2024!']) {
			const response = await call('POST', '/api/auth/register', {
				address: newAddress(),
				body: { username: uniqueName(), password }
			});
			expect(response.status).toBe(400);
			expect(response.body.error).toMatchObject({ code: 'validation', field: 'password' });
			expect(response.body.error.message).toMatch(/common or leaked/);
		}
	});
});

async function guestMeeting() {
	const host = await register();
	const created = await call('POST', '/api/meetings', {
		address: newAddress(),
		token: host.token,
		body: { title: 'Floods' }
	});
	const meeting = created.body.meeting as { id: string; code: string };
	await call('POST', `/api/meetings/${meeting.id}/access`, {
		address: newAddress(),
		token: host.token,
		body: { access: 'guests' }
	});
	return { host, meeting };
}

const joinGuest = (address: string, code: string, displayName = 'Guest') =>
	call('POST', `/api/join/${code}/guest`, { address, body: { displayName } });

describe('join-code floods', () => {
	it('stops guessing codes from one address, and then even the right code waits', async () => {
		const { meeting } = await guestMeeting();
		const address = newAddress();
		const statuses: number[] = [];
		for (const guess of ['AAA-AAA', 'BBB-BBB', 'CCC-CCC', 'DDD-DDD', 'EEE-EEE', 'FFF-FFF']) {
			statuses.push((await call('GET', `/api/join/${guess}`, { address })).status);
		}
		expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
		expect((await call('GET', `/api/join/${meeting.code}`, { address })).status).toBe(429);
		expect((await joinGuest(address, meeting.code)).status).toBe(429);
		expect((await call('GET', `/api/join/${meeting.code}`, { address: newAddress() })).status).toBe(
			200
		);
	});

	it('limits guests per address and per meeting', async () => {
		const { meeting } = await guestMeeting();
		const nat = newAddress();
		const fromNat: number[] = [];
		for (let i = 0; i < 21; i++) fromNat.push((await joinGuest(nat, meeting.code)).status);
		expect(fromNat.slice(0, 20).every((status) => status === 201)).toBe(true);
		expect(fromNat[20]).toBe(429);
		const elsewhere: number[] = [];
		for (let i = 0; i < 11; i++)
			elsewhere.push((await joinGuest(newAddress(), meeting.code)).status);
		expect(elsewhere.slice(0, 10).every((status) => status === 201)).toBe(true);
		expect(elsewhere[10]).toBe(429);
	});
});

describe('ended meetings and drafts', () => {
	it('stops the join code of a meeting its host ended', async () => {
		const { host, meeting } = await guestMeeting();
		const stranger = await register();
		const refused = await call('POST', `/api/meetings/${meeting.id}/end`, {
			address: newAddress(),
			token: stranger.token
		});
		expect(refused.status).toBe(403);
		expect((await joinGuest(newAddress(), meeting.code)).status).toBe(201);

		const ended = await call('POST', `/api/meetings/${meeting.id}/end`, {
			address: newAddress(),
			token: host.token
		});
		expect(ended.status).toBe(200);
		expect(ended.body.meeting.endedAt).toEqual(expect.any(Number));
		const lookup = await call('GET', `/api/join/${meeting.code}`, { address: newAddress() });
		expect(lookup.status).toBe(410);
		expect((await joinGuest(newAddress(), meeting.code)).status).toBe(410);
	});

	it('shows a meeting’s draft topics to the people who run it only', async () => {
		const { host, meeting } = await guestMeeting();
		const added = await call('POST', `/api/meetings/${meeting.id}/topics`, {
			address: newAddress(),
			token: host.token,
			body: { title: 'Secret plan', options: ['A', 'B'] }
		});
		expect(added.status, JSON.stringify(added.body)).toBeLessThan(300);
		const asHost = await call('GET', `/api/meetings/${meeting.id}`, {
			address: newAddress(),
			token: host.token
		});
		expect(asHost.body.meeting.agenda.map((t: { title: string }) => t.title)).toEqual([
			'Secret plan'
		]);
		const stranger = await register();
		for (const token of [undefined, stranger.token]) {
			const seen = await call('GET', `/api/meetings/${meeting.id}`, {
				address: newAddress(),
				token
			});
			expect(seen.status).toBe(200);
			expect(seen.body.meeting.agenda).toEqual([]);
		}
	});
});
