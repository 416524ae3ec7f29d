import { json } from '@sveltejs/kit';
import { api, apiError } from '$lib/server/http.ts';
import { lookUpCode } from '$lib/server/meetings.ts';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

const CODES = { 404: 'not-found', 410: 'not-found', 429: 'rate-limited' } as const;

/**
 * Finds a running meeting by its join code (any case, with or without the dash). Codes that find
 * none spend the address's budget of misses; then every lookup from there gets 429.
 */
export const GET: RequestHandler = ({ params, getClientAddress }) =>
	api(async () => {
		const found = await lookUpCode(services(), params.code, getClientAddress());
		if (!found.ok) {
			const headers: Record<string, string> = found.retryAfterSeconds
				? { 'retry-after': String(found.retryAfterSeconds) }
				: {};
			return apiError(found.status, CODES[found.status], found.message, {}, headers);
		}
		const { meeting } = found;
		return json({ meetingId: meeting.id, title: meeting.title, code: meeting.code });
	});
