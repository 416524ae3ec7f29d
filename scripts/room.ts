/**
 * `yarn room`: the production server for a meeting room, reachable by the phones on the same
 * network. Listens on every interface (unless HOST says otherwise) and prints the address to
 * open on the projector and the laptop; the presenter's QR code carries the same address.
 */
import { lanAddress } from '../src/lib/server/room-address.ts';

process.env.HOST ||= '0.0.0.0';
const port = process.env.PORT || '3000';
const lan = lanAddress();
const address = process.env.ORIGIN || `http://${lan ?? 'localhost'}:${port}`;
console.log(
	lan === null && !process.env.ORIGIN
		? 'plenum: no network address found; phones cannot reach this machine until it joins a network'
		: `plenum: open ${address} on this laptop and the projector; phones join at the same address`
);
await import('../server/index.ts');
