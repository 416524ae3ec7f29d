import { json } from '@sveltejs/kit';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const { stores } = services();
	await stores.users.findById('healthz');
	return json({ ok: true });
};
