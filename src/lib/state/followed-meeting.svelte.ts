/**
 * A meeting as the host's screens follow it: the presenter and the remote each hold one. It keeps
 * one collaboration connection, the meeting's live document, the live document of the topic the
 * host shows now (replaced when the host moves on), and the controls that drive the meeting.
 *
 * Create it while a component initialises: its effects and clean-up belong to that component.
 */
import { browser } from '$app/environment';
import { onDestroy } from 'svelte';
import { meetingRoom, type MeetingValues } from '../shared/documents.ts';
import { CollabConnection } from './collab-connection.svelte.ts';
import { MeetingControl } from './meeting-control.svelte.ts';
import { MeetingLive } from './meeting-live.svelte.ts';
import { TopicLive } from './topic-live.svelte.ts';

export class FollowedMeeting {
	/** Null while rendering on the server. */
	readonly connection: CollabConnection | null;
	readonly meeting: MeetingLive;
	/** The shown topic's live document; its id alone keys it, so agenda updates keep its session. */
	topic = $state.raw<TopicLive | null>(null);
	readonly control: MeetingControl;

	/** `initial`: the server's render, seeded once; the live document takes over from there. */
	constructor(initial: Partial<MeetingValues>, meetingId: () => string) {
		this.meeting = new MeetingLive(initial);
		// The page's meeting does not change while it lives: its room is fixed.
		const connection = browser ? new CollabConnection(meetingRoom(meetingId())) : null;
		this.connection = connection;

		$effect(() => {
			if (!connection) return;
			this.meeting.start(connection, meetingId());
			return () => this.meeting.destroy();
		});
		$effect(() => {
			const id = this.meeting.currentTopicId;
			if (!connection || !id) return;
			const live = new TopicLive(null);
			live.start(connection, id, null);
			this.topic = live;
			return () => {
				live.destroy();
				this.topic = null;
			};
		});

		this.control = new MeetingControl(() => ({
			meetingId: meetingId(),
			agenda: this.meeting.agenda,
			currentTopicId: this.meeting.currentTopicId,
			shownStatus:
				this.topic?.meta?.id === this.meeting.currentTopicId
					? (this.topic?.topicState?.status ?? null)
					: null,
			hidden: this.topic?.topicState?.hideResults ?? false
		}));
		onDestroy(() => {
			this.control.destroy();
			connection?.destroy();
		});
	}
}
