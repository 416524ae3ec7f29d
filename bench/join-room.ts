/**
 * A room of people behind one NAT joining at once, against the real production server with the
 * default flood budgets (every request comes from 127.0.0.1, one address): how long until all are
 * in, and what an attacker from one address gets.
 *
 *   node bench/join-room.ts [people=500] [typo-share=0.1]      (after yarn build)
 *
 * Guests: each person looks the code up (a share mistype it first) and joins as a guest.
 * Accounts: each registers, then signs in again (two password hashes each).
 * People arrive 50 at a time; a 503 (hashing queue full) is retried after its Retry-After.
 * Attacker: guesses random codes until refused, then tries a real one.
 */
import { startServer } from '../tests/helpers/server.ts';
import { CODE_ALPHABET } from '../src/lib/core/meeting-rules.ts';

const people = Number(process.argv[2] ?? 500);
const typoShare = Number(process.argv[3] ?? 0.1);
const ARRIVING = 50;
const PASSWORD = 'correct horse battery staple';

// Empty values let the server use its own defaults, not the tests' generous ones.
const server = await startServer({
	LOGIN_ATTEMPTS: '',
	LOGIN_FAILURES_PER_ADDRESS: '',
	LOGIN_FAILURES_PER_USERNAME: '',
	REGISTRATIONS_PER_ADDRESS: '',
	TAKEN_PER_ADDRESS: '',
	JOIN_MISSES_PER_ADDRESS: '',
	GUESTS_PER_ADDRESS: '',
	GUESTS_PER_MEETING: ''
});

async function call(method: string, path: string, body?: unknown, token?: string) {
	for (;;) {
		const response = await fetch(`${server.url}${path}`, {
			method,
			headers: {
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(token ? { authorization: `Bearer ${token}` } : {})
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const json = await response.json().catch(() => null);
		if (response.status === 503) {
			const wait = Number(response.headers.get('retry-after') ?? 1) * 1000;
			await new Promise((resolve) => setTimeout(resolve, wait));
			continue;
		}
		return { status: response.status, body: json };
	}
}

/** Runs `task` for everyone, `ARRIVING` at a time; returns the seconds taken and the statuses. */
async function crowd(task: (index: number) => Promise<number>) {
	const started = performance.now();
	const statuses = new Map<number, number>();
	let next = 0;
	await Promise.all(
		Array.from({ length: ARRIVING }, async () => {
			while (next < people) {
				const status = await task(next++);
				statuses.set(status, (statuses.get(status) ?? 0) + 1);
			}
		})
	);
	return { seconds: (performance.now() - started) / 1000, statuses: Object.fromEntries(statuses) };
}

const randomCode = () =>
	Array.from({ length: 6 }, () => CODE_ALPHABET[Math.floor(Math.random() * 31)]).join('');

try {
	const run = Date.now().toString(36);
	const host = (
		await call('POST', '/api/auth/register', { username: `host${run}`, password: PASSWORD })
	).body;
	const meeting = (await call('POST', '/api/meetings', { title: 'Room' }, host.token)).body.meeting;
	await call('POST', `/api/meetings/${meeting.id}/access`, { access: 'guests' }, host.token);

	const guests = await crowd(async (index) => {
		if (Math.random() < typoShare) await call('GET', `/api/join/${randomCode()}`);
		const found = await call('GET', `/api/join/${meeting.code}`);
		if (found.status !== 200) return found.status;
		return (await call('POST', `/api/join/${meeting.code}/guest`, { displayName: `P${index}` }))
			.status;
	});
	console.log(
		`${people} guests from one address (${Math.round(typoShare * 100)}% mistype the code once): ` +
			`${guests.seconds.toFixed(1)} s, answers ${JSON.stringify(guests.statuses)}`
	);

	const accounts = await crowd(async (index) => {
		const username = `p${run}${index}`;
		const registered = await call('POST', '/api/auth/register', { username, password: PASSWORD });
		if (registered.status !== 201) return registered.status;
		return (await call('POST', '/api/auth/login', { username, password: PASSWORD })).status;
	});
	console.log(
		`${people} people registering and signing in from one address: ` +
			`${accounts.seconds.toFixed(1)} s, answers ${JSON.stringify(accounts.statuses)}`
	);

	const attacker = performance.now();
	let guesses = 0;
	for (;;) {
		const { status } = await call('GET', `/api/join/${randomCode()}`);
		if (status === 429) break;
		guesses++;
	}
	const real = await call('GET', `/api/join/${meeting.code}`);
	console.log(
		`attacker from one address: ${guesses} code guesses answered in ` +
			`${((performance.now() - attacker) / 1000).toFixed(2)} s, then 429; the real code then: ${real.status}`
	);
} finally {
	await server.dispose();
}
