/** Meeting use cases shared by the pages and the JSON API. */
import { cleanLine, TITLE_MAX } from '../core/topic-rules.ts';
import { parseCode } from '../core/meeting-rules.ts';
import type { MeetingRecord, TopicWithOptions } from '../core/types.ts';
import type { Services } from './services.ts';
import type { MeetingChange } from './storage/store.ts';
import { topicJson } from './topics.ts';

export type CreateMeetingResult =
	{ ok: true; meeting: MeetingRecord } | { ok: false; field: 'title'; message: string };

export async function createMeeting(
	services: Services,
	ownerId: string,
	title: unknown
): Promise<CreateMeetingResult> {
	const clean = typeof title === 'string' ? cleanLine(title) : '';
	if (clean === '') return { ok: false, field: 'title', message: 'Give the meeting a name.' };
	if (clean.length > TITLE_MAX) {
		return { ok: false, field: 'title', message: `Keep the name under ${TITLE_MAX} characters.` };
	}
	return {
		ok: true,
		meeting: await services.stores.meetings.create(ownerId, clean, services.now())
	};
}

/** Runs a host's change and, when it worked, pushes the new agenda to every open screen. */
export async function changeMeeting(
	services: Services,
	change: Promise<MeetingChange>
): Promise<MeetingChange> {
	const result = await change;
	if (result.ok) await services.publishMeeting(result.meeting.id);
	return result;
}

export async function findByCode(
	services: Services,
	input: unknown
): Promise<MeetingRecord | null> {
	const code = parseCode(input);
	return code ? services.stores.meetings.getByCode(code) : null;
}

/** What the meeting document holds, for a page's first render before the socket syncs. */
export async function meetingSnapshot(services: Services, meeting: MeetingRecord) {
	const agenda = await services.stores.meetings.agenda(meeting.id);
	return {
		meta: { id: meeting.id, title: meeting.title, code: meeting.code },
		agenda: agenda.map(({ id, title, status }) => ({ id, title, status })),
		current: { topicId: meeting.currentTopicId }
	};
}

export function meetingJson(meeting: MeetingRecord, agenda: TopicWithOptions[]) {
	return {
		id: meeting.id,
		title: meeting.title,
		code: meeting.code,
		ownerId: meeting.ownerId,
		currentTopicId: meeting.currentTopicId,
		createdAt: meeting.createdAt,
		agenda: agenda.map(topicJson)
	};
}
