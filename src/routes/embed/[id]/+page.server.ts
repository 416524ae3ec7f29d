import { error } from '@sveltejs/kit';
import { services } from '$lib/server/services.ts';
import { topicRoom } from '$lib/shared/documents.ts';
import { topicFirstPaint, visibleTopic } from '$lib/server/topics.ts';
import type { PageServerLoad } from './$types';

const THEMES = ['auto', 'dark', 'light'] as const;
type Theme = (typeof THEMES)[number];

/**
 * The embeddable results of a topic, for stream overlays and dashboards. It shows what anyone
 * may see, whoever asks: the topic as an anonymous reader gets it (the results feed's rule), so
 * a framed page never carries a viewer's own view.
 */
export const load: PageServerLoad = async ({ params, url }) => {
	const topic = await visibleTopic(services(), params.id, null);
	if (!topic) error(404, { message: 'No such topic. Check the link you were given.' });
	const asked = url.searchParams.get('theme');
	const theme: Theme = THEMES.find((each) => each === asked) ?? 'auto';
	return {
		snapshot: await topicFirstPaint(services(), topic),
		theme,
		/** Where the feed's socket goes with several instances (`ROOM_PARAM`). */
		room: topicRoom(topic)
	};
};
