import { json } from '@sveltejs/kit';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/**
 * Ready to take traffic: the database answers and every migration of this version is applied,
 * and the process is not shutting down. 503 with the reason otherwise, so a load balancer drains
 * the instance. (`/healthz` only says the process is alive.)
 */
export const GET: RequestHandler = async () => {
	const readiness = await services().readiness();
	return json(readiness, {
		status: readiness.ready ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
};
