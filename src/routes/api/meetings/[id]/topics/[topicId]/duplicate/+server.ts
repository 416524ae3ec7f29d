import { meetingChangeRoute } from '$lib/server/meeting-route.ts';

/** Adds a draft copy of a topic right after it. */
export const POST = meetingChangeRoute((services, { params }, userId) =>
	services.stores.meetings.duplicateTopic(params.id!, userId, params.topicId!, services.now())
);
