import { json, type RequestEvent } from '@sveltejs/kit';
import { api, apiError, requireUser } from './http.ts';
import { changeMeeting, meetingJson } from './meetings.ts';
import { services, type Services } from './services.ts';
import type { MeetingChange } from './storage/store.ts';

const STATUS = { 'not-found': 404, forbidden: 403, invalid: 409 } as const;

/** A host's change to a meeting over the JSON API: auth, run, publish, answer. */
export function meetingChangeRoute(
	run: (services: Services, event: RequestEvent, userId: string) => Promise<MeetingChange>
) {
	return (event: RequestEvent) =>
		api(async () => {
			const user = requireUser(event.locals);
			const result = await changeMeeting(services(), run(services(), event, user.id));
			if (!result.ok) {
				// `reason`: what exactly was refused, so the presenter can word it in its language.
				return apiError(STATUS[result.reason], result.reason, result.message, {
					reason: result.code
				});
			}
			return json({ meeting: meetingJson(result.meeting, result.agenda) });
		});
}
