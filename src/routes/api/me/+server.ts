import { json } from '@sveltejs/kit';
import { api, requireUser } from '$lib/server/http.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
	api(async () => json({ user: requireUser(locals) }));
