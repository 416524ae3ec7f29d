import type { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { joinLink, lanAddress, roomOrigin } from './room-address.ts';

type Interfaces = ReturnType<typeof networkInterfaces>;

const info = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
	({
		address,
		family,
		internal,
		netmask: '',
		mac: '00:00:00:00:00:00',
		cidr: null,
		...(family === 'IPv6' ? { scopeid: 0 } : {})
	}) as NonNullable<Interfaces[string]>[number];

const laptop: Interfaces = {
	lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
	wlan0: [info('fe80::1', 'IPv6'), info('192.168.1.23', 'IPv4')],
	docker0: [info('172.17.0.1', 'IPv4')]
};

describe('lanAddress', () => {
	it('takes the first IPv4 address that is not the loopback', () => {
		expect(lanAddress(laptop)).toBe('192.168.1.23');
	});

	it('skips link-local addresses and IPv6', () => {
		expect(
			lanAddress({
				lo: [info('127.0.0.1', 'IPv4', true)],
				eth0: [info('169.254.10.2', 'IPv4'), info('fd00::2', 'IPv6')],
				wlan0: [info('10.0.0.7', 'IPv4')]
			})
		).toBe('10.0.0.7');
	});

	it('is null on a machine with no network but the loopback', () => {
		expect(lanAddress({ lo: [info('127.0.0.1', 'IPv4', true)] })).toBeNull();
	});
});

describe('roomOrigin', () => {
	it('uses the configured ORIGIN above all', () => {
		expect(
			roomOrigin(new URL('http://localhost:5173/present/x'), 'https://vote.example.org', '10.0.0.7')
		).toBe('https://vote.example.org');
	});

	it.each([
		'http://localhost:5173/present/x',
		'http://127.0.0.1:5173/present/x',
		'http://[::1]:5173/present/x',
		'http://plenum.localhost:5173/present/x'
	])('swaps a loopback host for the LAN address, keeping scheme and port: %s', (url) => {
		expect(roomOrigin(new URL(url), null, '192.168.1.23')).toBe('http://192.168.1.23:5173');
	});

	it('keeps a host that others can already reach', () => {
		expect(roomOrigin(new URL('http://192.168.1.23:3000/m/x'), null, '10.0.0.7')).toBe(
			'http://192.168.1.23:3000'
		);
		expect(roomOrigin(new URL('https://laptop.local/m/x'), null, '10.0.0.7')).toBe(
			'https://laptop.local'
		);
	});

	it('falls back to the request when the machine has no LAN address', () => {
		expect(roomOrigin(new URL('http://localhost:3000/'), null, null)).toBe('http://localhost:3000');
	});

	it('reads the real interfaces when none are given', () => {
		const lan = lanAddress();
		const origin = roomOrigin(new URL('http://localhost:3000/'), null);
		expect(origin).toBe(lan === null ? 'http://localhost:3000' : `http://${lan}:3000`);
	});
});

describe('joinLink', () => {
	it('puts the code in the query, encoded', () => {
		expect(joinLink('http://10.0.0.7:3000', 'K7Q-2XD')).toBe(
			'http://10.0.0.7:3000/join?code=K7Q-2XD'
		);
		expect(joinLink('http://10.0.0.7:3000', 'a b&c')).toBe(
			'http://10.0.0.7:3000/join?code=a%20b%26c'
		);
	});
});
