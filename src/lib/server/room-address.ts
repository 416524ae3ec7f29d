/**
 * The address phones in the room should use to reach this server, for the join link and its QR
 * code. A host often opens the presenter at `localhost`, which no phone can reach: then the
 * machine's address on the local network takes its place.
 */
import { networkInterfaces } from 'node:os';

type Interfaces = ReturnType<typeof networkInterfaces>;

/** `localhost`, `*.localhost`, 127.x.y.z and `[::1]`: names only this machine can use. */
const LOOPBACK = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The first IPv4 address other machines can reach this one at (not loopback, not a link-local
 * 169.254 address), in the order the system lists its interfaces; null when there is none.
 */
export function lanAddress(interfaces: Interfaces = networkInterfaces()): string | null {
	for (const addresses of Object.values(interfaces)) {
		for (const address of addresses ?? []) {
			if (address.family !== 'IPv4' || address.internal) continue;
			if (address.address.startsWith('169.254.')) continue;
			return address.address;
		}
	}
	return null;
}

/**
 * The origin to show phones: the configured `ORIGIN` if there is one; else the origin the
 * request came in on, with a loopback host swapped for the LAN address (same scheme and port).
 * Never `localhost` while a LAN address exists.
 */
export function roomOrigin(
	requestUrl: URL,
	configured: string | null,
	lan: string | null = lanAddress()
): string {
	if (configured) return configured;
	if (lan === null || !LOOPBACK.test(requestUrl.hostname)) return requestUrl.origin;
	const url = new URL(requestUrl.origin);
	url.hostname = lan;
	return url.origin;
}

/** The link a meeting's code leads to, at `origin`. */
export function joinLink(origin: string, code: string): string {
	return `${origin}/join?code=${encodeURIComponent(code)}`;
}
