/** Live state of a meeting: its agenda, the topic the host shows now, and who is present. */
import {
	meetingDocumentName,
	meetingMap,
	readMeeting,
	type MeetingValues
} from '../shared/documents.ts';
import type { CollabConnection } from './collab-connection.svelte.ts';

export class MeetingLive {
	meta = $state<MeetingValues['meta'] | null>(null);
	agenda = $state<MeetingValues['agenda']>([]);
	currentTopicId = $state<string | null>(null);
	present = $state(0);
	/** Roll meetings with proxies: moves with every change of the delegations (null: none yet). */
	delegationChanges = $state<number | null>(null);
	problem = $state<string | null>(null);

	#destroy: (() => void) | null = null;

	constructor(initial: Partial<MeetingValues> | null) {
		if (initial) this.#read(initial);
	}

	#read(values: Partial<MeetingValues>) {
		if (values.meta) this.meta = values.meta;
		if (values.agenda) this.agenda = values.agenda;
		if (values.current) this.currentTopicId = values.current.topicId;
		if (values.presence) this.present = values.presence.present;
		if (values.electorate !== undefined) {
			this.delegationChanges = values.electorate?.delegationChanges ?? null;
		}
	}

	start(connection: CollabConnection, meetingId: string) {
		const meeting = connection.open(meetingDocumentName(meetingId));
		meeting.onRefused((reason) => (this.problem = reason));
		const read = () => this.#read(readMeeting(meeting.doc));
		meetingMap(meeting.doc).observe(read);
		read();
		this.#destroy = meeting.destroy;
	}

	destroy() {
		this.#destroy?.();
		this.#destroy = null;
	}
}
