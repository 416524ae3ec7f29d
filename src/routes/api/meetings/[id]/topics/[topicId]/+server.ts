import { meetingChangeRoute } from '$lib/server/meeting-route.ts';

/** Removes a topic that was never opened. */
export const DELETE = meetingChangeRoute((services, { params }, userId) =>
	services.stores.meetings.removeTopic(params.id!, userId, params.topicId!)
);
