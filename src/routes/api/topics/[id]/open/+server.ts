import { topicStatusRoute } from '$lib/server/topic-status-route.ts';

export const POST = topicStatusRoute('open');
