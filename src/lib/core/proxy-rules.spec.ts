import { describe, expect, it } from 'vitest';
import {
	carried,
	checkApproval,
	checkDelegation,
	checkRevocation,
	checkSettings,
	ownBallot,
	parseProxySettings,
	proxyBallot,
	type Delegation,
	type ProxyMeeting
} from './proxy-rules.ts';

const meeting = (limit = 2, revocable = false): ProxyMeeting => ({
	roll: true,
	ended: false,
	settings: { limit, revocable }
});

let ids = 0;
const delegation = (
	from: string,
	to: string,
	status: Delegation['status'] = 'approved'
): Delegation => ({
	id: `d${++ids}`,
	meetingId: 'm',
	fromEntryId: from,
	toEntryId: to,
	status,
	requestedBy: 'host',
	requestedAt: 1,
	approvedBy: status === 'approved' ? 'host' : null,
	approvedAt: status === 'approved' ? 2 : null,
	revokedBy: status === 'revoked' ? 'host' : null,
	revokedAt: status === 'revoked' ? 3 : null
});

const everyone = () => true;
const code = (check: { ok: boolean; code?: string }) => (check.ok ? 'ok' : check.code);

describe('parseProxySettings', () => {
	it('takes a whole-number limit from 0 to 1000 and a revocable flag', () => {
		expect(parseProxySettings({ limit: 2, revocable: true })).toEqual({
			ok: true,
			settings: { limit: 2, revocable: true }
		});
		expect(parseProxySettings({ limit: '0' })).toEqual({
			ok: true,
			settings: { limit: 0, revocable: false }
		});
		for (const limit of [-1, 1.5, 1001, 'two', null, undefined]) {
			expect(code(parseProxySettings({ limit }))).toBe('proxy-limit-invalid');
		}
	});
});

describe('checkDelegation', () => {
	it('lets a member hand their vote to another member of a roll meeting that takes proxies', () => {
		expect(code(checkDelegation(meeting(), 'ann', 'ben', everyone, []))).toBe('ok');
	});

	it('refuses outside roll meetings, once ended, and with proxies off', () => {
		expect(code(checkDelegation({ ...meeting(), roll: false }, 'ann', 'ben', everyone, []))).toBe(
			'proxy-roll-only'
		);
		expect(code(checkDelegation({ ...meeting(), ended: true }, 'ann', 'ben', everyone, []))).toBe(
			'proxy-meeting-ended'
		);
		expect(code(checkDelegation(meeting(0), 'ann', 'ben', everyone, []))).toBe('proxies-off');
	});

	it('refuses oneself and members not on the roll', () => {
		expect(code(checkDelegation(meeting(), 'ann', 'ann', everyone, []))).toBe('proxy-self');
		expect(code(checkDelegation(meeting(), 'ann', 'zed', (id) => id !== 'zed', []))).toBe(
			'proxy-entry-not-found'
		);
	});

	it('allows one standing or requested delegation per member, and no chains', () => {
		const requested = [delegation('ann', 'ben', 'requested')];
		expect(code(checkDelegation(meeting(), 'ann', 'cem', everyone, requested))).toBe(
			'proxy-already-delegated'
		);
		// Ben carries Ann: he cannot hand over his own vote, and nobody can hand theirs to Ann.
		const stands = [delegation('ann', 'ben')];
		expect(code(checkDelegation(meeting(), 'ben', 'cem', everyone, stands))).toBe(
			'proxy-carries-others'
		);
		expect(code(checkDelegation(meeting(), 'cem', 'ann', everyone, stands))).toBe(
			'proxy-to-delegated'
		);
		// A revoked delegation no longer counts.
		const ended = [delegation('ann', 'ben', 'revoked')];
		expect(code(checkDelegation(meeting(), 'ann', 'cem', everyone, ended))).toBe('ok');
	});

	it('keeps everyone within the limit of members they carry', () => {
		const two = [delegation('ann', 'ben'), delegation('cem', 'ben')];
		expect(carried(two, 'ben')).toBe(2);
		expect(code(checkDelegation(meeting(2), 'dia', 'ben', everyone, two))).toBe(
			'proxy-limit-reached'
		);
		expect(code(checkDelegation(meeting(3), 'dia', 'ben', everyone, two))).toBe('ok');
		// Requests do not count against the limit until approved.
		const asked = [delegation('ann', 'ben', 'requested'), delegation('cem', 'ben', 'requested')];
		expect(code(checkDelegation(meeting(1), 'dia', 'ben', everyone, asked))).toBe('ok');
	});
});

describe('checkApproval', () => {
	it('approves a request while the proxy is below the limit, checked again at approval', () => {
		const first = delegation('ann', 'ben', 'requested');
		const second = delegation('cem', 'ben', 'requested');
		expect(code(checkApproval(meeting(1), first, everyone, [first, second]))).toBe('ok');
		const approved = { ...first, status: 'approved' as const };
		expect(code(checkApproval(meeting(1), second, everyone, [approved, second]))).toBe(
			'proxy-limit-reached'
		);
		expect(code(checkApproval(meeting(1), approved, everyone, [approved]))).toBe(
			'proxy-not-requested'
		);
	});
});

describe('checkRevocation', () => {
	const stands = delegation('ann', 'ben');
	const asked = delegation('ann', 'ben', 'requested');

	it('lets the hosts end any delegation, and a member withdraw their own request', () => {
		expect(code(checkRevocation(meeting().settings, stands, { host: true, entryId: null }))).toBe(
			'ok'
		);
		expect(code(checkRevocation(meeting().settings, asked, { host: false, entryId: 'ann' }))).toBe(
			'ok'
		);
	});

	it('lets the member take back a standing one only where the meeting allows it', () => {
		const member = { host: false, entryId: 'ann' };
		expect(code(checkRevocation(meeting(2, false).settings, stands, member))).toBe(
			'proxy-not-revocable'
		);
		expect(code(checkRevocation(meeting(2, true).settings, stands, member))).toBe('ok');
		expect(
			code(checkRevocation(meeting(2, true).settings, stands, { host: false, entryId: 'ben' }))
		).toBe('proxy-not-allowed');
		expect(
			code(checkRevocation(meeting().settings, delegation('ann', 'ben', 'revoked'), member))
		).toBe('proxy-not-found');
	});
});

describe('checkSettings', () => {
	it('never lowers the limit below what someone carries, nor turns proxies off while any stand', () => {
		const two = [delegation('ann', 'ben'), delegation('cem', 'ben')];
		expect(code(checkSettings({ limit: 1, revocable: false }, two))).toBe(
			'proxy-limit-below-carried'
		);
		expect(code(checkSettings({ limit: 2, revocable: true }, two))).toBe('ok');
		expect(
			code(checkSettings({ limit: 0, revocable: false }, [delegation('a', 'b', 'requested')]))
		).toBe('proxy-limit-below-carried');
		expect(code(checkSettings({ limit: 0, revocable: false }, []))).toBe('ok');
	});
});

describe('ballot rules', () => {
	const onRoll = { addedVersion: 1, removedVersion: null };

	it('takes a proxy’s ballot only for a member whose standing delegation names them', () => {
		const stands = delegation('ann', 'ben');
		expect(proxyBallot({ id: 'ben' }, onRoll, stands, 3)).toBeNull();
		expect(proxyBallot({ id: 'cem' }, onRoll, stands, 3)).toBe('not-a-proxy');
		expect(proxyBallot({ id: 'ben' }, onRoll, delegation('ann', 'ben', 'requested'), 3)).toBe(
			'not-a-proxy'
		);
		expect(proxyBallot({ id: 'ben' }, onRoll, delegation('ann', 'ben', 'revoked'), 3)).toBe(
			'not-a-proxy'
		);
		expect(proxyBallot({ id: 'ben' }, onRoll, null, 3)).toBe('not-a-proxy');
		expect(proxyBallot(null, onRoll, stands, 3)).toBe('not-a-proxy');
	});

	it('needs the member on the roll the topic opened with', () => {
		const stands = delegation('ann', 'ben');
		expect(proxyBallot({ id: 'ben' }, { addedVersion: 4, removedVersion: null }, stands, 3)).toBe(
			'not-eligible'
		);
	});

	it('refuses a member’s own ballot while their delegation stands, not while it is asked for', () => {
		expect(ownBallot(delegation('ann', 'ben'))).toBe('delegated');
		expect(ownBallot(delegation('ann', 'ben', 'requested'))).toBeNull();
		expect(ownBallot(delegation('ann', 'ben', 'revoked'))).toBeNull();
		expect(ownBallot(null)).toBeNull();
	});
});
