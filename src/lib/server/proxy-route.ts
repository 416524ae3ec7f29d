/**
 * The JSON API of proxy votes: what someone sees of a meeting's delegations, and the changes the
 * proxy store decides (`storage/use-cases/proxies.ts`). Every answer is the viewer's view.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { api, apiError, requireUser } from './http.ts';
import { publishRollFigures } from './roll.ts';
import { services, type Services } from './services.ts';
import type { DelegationView, ProxyChange, ProxyView } from './storage/proxy-store.ts';

const STATUS = { 'not-found': 404, forbidden: 403, invalid: 422 } as const;

/** A delegation as the API gives it: the two members by roll entry and name, its state, times. */
export const delegationJson = (d: DelegationView) => ({
	id: d.id,
	from: { entryId: d.fromEntryId, name: d.fromName },
	to: { entryId: d.toEntryId, name: d.toName },
	status: d.status,
	requestedAt: d.requestedAt,
	approvedAt: d.approvedAt,
	revokedAt: d.revokedAt
});

/**
 * The viewer's view, with the roll's members (id and name) for hosts and members of a roll
 * meeting that takes proxies, to choose whom a vote goes to.
 */
export async function proxyJson(services: Services, meetingId: string, view: ProxyView) {
	const choose = view.settings.limit > 0 && (view.host || view.entry !== null);
	const members = choose
		? (await services.stores.roll.list(meetingId)).map((e) => ({ id: e.id, name: e.name }))
		: [];
	return {
		limit: view.settings.limit,
		revocable: view.settings.revocable,
		host: view.host,
		entry: view.entry,
		delegations: view.delegations.map(delegationJson),
		members
	};
}

export function proxyError(result: Exclude<ProxyChange, { ok: true }>): Response {
	return apiError(
		STATUS[result.reason],
		result.reason === 'invalid' ? 'validation' : result.reason,
		result.message,
		{ reason: result.code }
	);
}

/** A change over the JSON API: auth, run, answer with the view (and the delegation it touched). */
export function proxyChangeRoute(
	run: (services: Services, event: RequestEvent, userId: string) => Promise<ProxyChange>
) {
	return (event: RequestEvent) =>
		api(async () => {
			const user = requireUser(event.locals);
			const all = services();
			const result = await run(all, event, user.id);
			if (!result.ok) return proxyError(result);
			// Members' pages learn of the change through the meeting document (`delegationChanges`).
			await publishRollFigures(all, event.params.id!);
			const body = await proxyJson(all, event.params.id!, result.view);
			return json({
				...body,
				...(result.delegation ? { delegation: delegationJson(result.delegation) } : {})
			});
		});
}
