import { json, type RequestEvent } from '@sveltejs/kit';
import type { RollEntry } from '../core/roll-rules.ts';
import { api, apiError, requireUser } from './http.ts';
import { services, type Services } from './services.ts';
import type { RollChange } from './storage/roll-store.ts';

const STATUS = { 'not-found': 404, forbidden: 403, invalid: 422 } as const;

/** A roll entry as the API gives it. */
export const entryJson = (entry: RollEntry) => ({
	id: entry.id,
	name: entry.name,
	contact: entry.contact,
	memberNumber: entry.memberNumber,
	/** Exact decimal string (`lib/core/weights.ts`). */
	weight: entry.weight,
	addedVersion: entry.addedVersion,
	checkedIn: entry.checkedInAt !== null,
	checkedInAt: entry.checkedInAt,
	bound: entry.bound,
	invited: entry.invited
});

/** The answer to a refused roll change: the reason's code, and an import's refused lines. */
export function rollError(result: Exclude<RollChange, { ok: true }>): Response {
	return apiError(
		STATUS[result.reason],
		result.reason === 'invalid' ? 'validation' : result.reason,
		result.message,
		{
			reason: result.code,
			...(result.errors ? { lines: result.errors } : {})
		}
	);
}

/** A change to a meeting's roll over the JSON API: auth, run, answer with the roll's version. */
export function rollChangeRoute(
	run: (services: Services, event: RequestEvent, userId: string) => Promise<RollChange>
) {
	return (event: RequestEvent) =>
		api(async () => {
			const user = requireUser(event.locals);
			const result = await run(services(), event, user.id);
			if (!result.ok) return rollError(result);
			return json({ version: result.version, members: result.entries.map(entryJson) });
		});
}
