import { error, fail } from '@sveltejs/kit';
import { roomOrigin } from '$lib/server/room-address.ts';
import { services } from '$lib/server/services.ts';
import {
	changeTopicStatus,
	ineligibility,
	managesTopicAs,
	proxyOf,
	topicFirstPaint,
	setResultsHidden,
	visibleTopic
} from '$lib/server/topics.ts';
import type { FailureCode } from '$lib/core/failures.ts';
import { topicRoom } from '$lib/shared/documents.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const topic = await visibleTopic(services(), params.id, locals.user?.id ?? null);
	if (!topic) error(404, { message: 'No such topic. Check the link you were given.' });
	return {
		snapshot: await topicFirstPaint(services(), topic),
		// The topic's owner, or the host and co-hosts of its meeting.
		isOwner: await managesTopicAs(services(), topic, locals.user?.id ?? null),
		secret: topic.secret,
		ineligible: await ineligibility(services(), topic, locals.user),
		/** Roll meetings: whom the viewer carries (a ballot each) and to whom they handed their vote. */
		proxy: await proxyOf(services(), topic.meetingId, locals.user?.id ?? null),
		shareUrl: `${roomOrigin(url, services().config.origin)}/t/${topic.id}`,
		/** Where the page's socket goes with several instances (`ROOM_PARAM`). */
		room: topicRoom(topic)
	};
};

const SIGN_IN_FIRST: { code: FailureCode; message: string } = {
	code: 'sign-in-first',
	message: 'Sign in first.'
};

async function change(locals: App.Locals, topicId: string, action: 'open' | 'close') {
	if (!locals.user) return fail(401, SIGN_IN_FIRST);
	const result = await changeTopicStatus(services(), topicId, locals.user.id, action);
	if (!result.ok) {
		return fail(result.reason === 'forbidden' ? 403 : 409, {
			code: result.code,
			message: result.message
		});
	}
	return { ok: true };
}

async function setHidden(locals: App.Locals, topicId: string, hidden: boolean) {
	if (!locals.user) return fail(401, SIGN_IN_FIRST);
	const result = await setResultsHidden(services(), topicId, locals.user.id, hidden);
	if (!result.ok) {
		return fail(result.reason === 'forbidden' ? 403 : 404, {
			code: result.code,
			message: result.message
		});
	}
	return { ok: true };
}

export const actions: Actions = {
	reveal: ({ locals, params }) => setHidden(locals, params.id, false),
	hide: ({ locals, params }) => setHidden(locals, params.id, true),
	open: ({ locals, params }) => change(locals, params.id, 'open'),
	close: ({ locals, params }) => change(locals, params.id, 'close')
};
