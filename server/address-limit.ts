/**
 * WebSockets per network address, for `/collab` and `/feed` alike. The address is the one pages
 * and the JSON API see (`getClientAddress` of adapter-node): behind a proxy, `ADDRESS_HEADER`
 * names the header that carries it, and for `X-Forwarded-For`, `XFF_DEPTH` says how many proxies
 * of our own sit in front (the address that many entries from the right). Without it, every phone
 * behind nginx would share nginx's address and one cap.
 *
 * The cap is counted across instances through the shared state's holds (one place per socket,
 * given back when it closes); this instance also counts its own, for `/metrics`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Holds } from './cluster/shared-state.ts';
import { socketId } from './socket-log.ts';

export interface AddressTrust {
	/** Lower-case header name, or null to use the socket's peer address. */
	header: string | null;
	/** For `x-forwarded-for`: entries from the right that our proxies added (1: the last). */
	depth: number;
}

/** The client's address, or null when the configured header is missing or too short. */
export function clientAddress(request: IncomingMessage, trust: AddressTrust): string | null {
	if (!trust.header) return request.socket.remoteAddress ?? null;
	const raw = request.headers[trust.header];
	const value = (Array.isArray(raw) ? raw.join(',') : raw)?.trim();
	if (!value) return null;
	if (trust.header !== 'x-forwarded-for') return value;
	const entries = value.split(',').map((entry) => entry.trim());
	const address = entries[entries.length - trust.depth];
	return address ? address : null;
}

function refuse(socket: Duplex, status: string) {
	socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Why an upgrade was refused: no client address where the proxy should give one, or over the cap. */
export type AddressRefusal = 'no-address' | 'sockets-per-address';

export function addressLimit(
	max: number,
	trust: AddressTrust,
	holds: Holds,
	onRefused: (reason: AddressRefusal) => void = () => {}
) {
	const counts = new Map<string, number>();
	return {
		/**
		 * Counts an upgrade's socket against its address until the socket closes. False when it was
		 * refused (the HTTP answer is written): 400 without the proxy's header, 429 over the cap.
		 */
		async admit(request: IncomingMessage, socket: Duplex): Promise<boolean> {
			const address = clientAddress(request, trust);
			if (address === null) {
				refuse(socket, '400 Bad Request');
				onRefused('no-address');
				return false;
			}
			const key = `address:${address}`;
			const holder = socketId();
			let closed = false;
			socket.once('close', () => (closed = true));
			if (!(await holds.acquire(key, holder, max))) {
				refuse(socket, '429 Too Many Requests');
				onRefused('sockets-per-address');
				return false;
			}
			if (closed) {
				await holds.release(key, holder);
				return false;
			}
			counts.set(address, (counts.get(address) ?? 0) + 1);
			socket.once('close', () => {
				void holds.release(key, holder);
				const left = (counts.get(address) ?? 1) - 1;
				if (left <= 0) counts.delete(address);
				else counts.set(address, left);
			});
			return true;
		},
		/** Open sockets of this instance counted for an address. */
		count: (address: string) => counts.get(address) ?? 0,
		/** The most sockets one address holds now (for `/metrics`). */
		busiest: () => Math.max(0, ...counts.values())
	};
}

export type AddressLimit = ReturnType<typeof addressLimit>;
