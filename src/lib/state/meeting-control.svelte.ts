/**
 * What a host's presenter and remote do to a meeting: show the previous or next topic, open and
 * close voting, hide and reveal results, start a timer. Both drive the meeting through the JSON
 * API (the server checks who may); the projector and the phones follow the meeting document.
 *
 * Closing voting and revealing results cannot be taken back in front of a room, so they ask
 * first: the first request arms them, the same request again (or `confirm`) carries them out,
 * and they disarm by themselves after `CONFIRM_MS`. Keys, buttons and the remote share this.
 *
 * Commands run one after another, and each reads what the previous one's answer said, so keys
 * pressed quickly (→ then O) open the topic just shown, not the one before.
 */
import { stepAgenda } from '../core/meeting-rules.ts';
import type { TopicStatus } from '../core/types.ts';

/** How long a request to close or reveal waits for its confirmation. */
export const CONFIRM_MS = 6000;

export type Confirmable = 'close' | 'reveal';
export type Command = 'previous' | 'next' | 'open' | 'close' | 'reveal' | 'hide' | 'toggle-results';

/** What the live documents say now, read on every command. */
export interface ControlView {
	meetingId: string;
	agenda: { id: string; status: TopicStatus }[];
	currentTopicId: string | null;
	/**
	 * The status the shown topic's own document gives (null until it has loaded). The server
	 * writes the topic's document and the meeting's agenda one after the other, so for a moment
	 * they can differ: whichever of the two changed last is the newer.
	 */
	shownStatus: TopicStatus | null;
	/** Whether the shown topic's results are hidden now (from its topic document). */
	hidden: boolean;
}

/** A server's refusal: its code (worded by the page) and English message. */
export type ControlFailure = {
	code: string | null;
	message: string | null;
};

/** A value the API answered, remembered until the live document moves on. */
interface Answer<T> {
	value: T;
	/** What the live document said when the answer came; once it says something else, it wins. */
	liveThen: T;
}

export class MeetingControl {
	/** The request waiting for its confirmation, if any. */
	armed = $state<Confirmable | null>(null);
	/** The last refusal, until the next command works. */
	failure = $state<ControlFailure | null>(null);

	#live: () => ControlView;
	#queue: Promise<void> = Promise.resolve();
	#disarm: ReturnType<typeof setTimeout> | null = null;
	#current: Answer<string | null> | null = null;
	#status = new Map<string, Answer<TopicStatus>>();
	#hidden = new Map<string, Answer<boolean>>();
	/** Per topic: what the agenda and the topic's document said last, and which of them is newer. */
	#statusSeen = new Map<
		string,
		{ agenda: TopicStatus; shown: TopicStatus | null; newer: TopicStatus }
	>();

	constructor(live: () => ControlView) {
		this.#live = live;
	}

	/** The live view, corrected by API answers the documents have not shown yet. */
	view() {
		const live = this.#live();
		const fresh = <T>(answer: Answer<T> | null | undefined, now: T) =>
			answer && answer.liveThen === now ? answer.value : now;
		const currentTopicId = fresh(this.#current, live.currentTopicId);
		const shown = live.agenda.find((topic) => topic.id === currentTopicId) ?? null;
		const status = shown ? fresh(this.#status.get(shown.id), this.#liveStatus(live, shown)) : null;
		const hidden = shown
			? fresh(
					this.#hidden.get(shown.id),
					shown.id === live.currentTopicId
						? live.hidden
						: (this.#hidden.get(shown.id)?.value ?? false)
				)
			: false;
		return { ...live, currentTopicId, status, hidden };
	}

	/**
	 * Asks for a command. Closing and revealing are armed by the first request and carried out by
	 * the second; everything else runs at once. Commands that do not apply now do nothing.
	 */
	request(command: Command) {
		const view = this.view();
		if (command === 'toggle-results') command = view.hidden ? 'reveal' : 'hide';
		if (command === 'close' && view.status !== 'open') return;
		if (command === 'reveal' && !(view.status === 'open' && view.hidden)) return;
		if (command === 'close' || command === 'reveal') {
			if (this.armed !== command) {
				this.#arm(command);
				return;
			}
		}
		this.cancel();
		this.#enqueue(() => this.#run(command));
	}

	/** Carries out the armed request. */
	confirm() {
		const armed = this.armed;
		if (!armed) return;
		this.cancel();
		this.#enqueue(() => this.#run(armed));
	}

	cancel() {
		this.armed = null;
		if (this.#disarm) clearTimeout(this.#disarm);
		this.#disarm = null;
	}

	/** Shows this topic to everyone. */
	show(topicId: string) {
		this.cancel();
		this.#enqueue(() => this.#show(topicId));
	}

	/** Starts a countdown on the open topic (0 stops it). */
	timer(seconds: number) {
		this.#enqueue(async () => {
			const { currentTopicId, status } = this.view();
			if (currentTopicId && status === 'open') {
				await this.#post(`/api/topics/${currentTopicId}/timer`, { seconds });
			}
		});
	}

	destroy() {
		this.cancel();
	}

	/** The newer of the agenda's and the topic document's status for one topic of the agenda. */
	#liveStatus(live: ControlView, entry: { id: string; status: TopicStatus }): TopicStatus {
		const shown = entry.id === live.currentTopicId ? live.shownStatus : null;
		const seen = this.#statusSeen.get(entry.id);
		let newer: TopicStatus;
		if (shown === null) newer = entry.status;
		else if (!seen || seen.shown !== shown) newer = shown;
		else if (seen.agenda !== entry.status) newer = entry.status;
		else newer = seen.newer;
		if (!seen || seen.agenda !== entry.status || seen.shown !== shown || seen.newer !== newer) {
			this.#statusSeen.set(entry.id, { agenda: entry.status, shown, newer });
		}
		return newer;
	}

	#arm(command: Confirmable) {
		this.cancel();
		this.armed = command;
		this.#disarm = setTimeout(() => (this.armed = null), CONFIRM_MS);
	}

	#enqueue(task: () => Promise<void>) {
		this.#queue = this.#queue.then(task).catch(() => {
			this.failure = { code: null, message: null };
		});
	}

	async #run(command: Exclude<Command, 'toggle-results'>) {
		const view = this.view();
		if (command === 'previous' || command === 'next') {
			const ids = view.agenda.map((topic) => topic.id);
			const next = stepAgenda(ids, view.currentTopicId, command === 'next' ? 1 : -1);
			if (next && next !== view.currentTopicId) await this.#show(next);
			return;
		}
		const id = view.currentTopicId;
		if (!id) return;
		if (command === 'open' && view.status !== 'open') await this.#topic(id, 'open');
		else if (command === 'close' && view.status === 'open') await this.#topic(id, 'close');
		else if (command === 'reveal' || command === 'hide') {
			if (view.status !== 'open') return;
			await this.#topic(id, 'results-visibility', { hidden: command === 'hide' });
		}
	}

	async #show(topicId: string) {
		const live = this.#live();
		const answer = await this.#post(`/api/meetings/${live.meetingId}/current`, { topicId });
		if (answer) {
			this.#current = { value: topicId, liveThen: this.#live().currentTopicId };
		}
	}

	async #topic(id: string, action: string, body?: unknown) {
		const answer = await this.#post(`/api/topics/${id}/${action}`, body);
		const topic = answer?.topic as { status?: TopicStatus; hideResults?: boolean } | undefined;
		if (!topic) return;
		const live = this.#live();
		const entry = live.agenda.find((candidate) => candidate.id === id);
		const liveStatus = entry ? this.#liveStatus(live, entry) : undefined;
		if (topic.status && liveStatus) {
			this.#status.set(id, { value: topic.status, liveThen: liveStatus });
		}
		if (typeof topic.hideResults === 'boolean' && id === live.currentTopicId) {
			this.#hidden.set(id, { value: topic.hideResults, liveThen: live.hidden });
		}
	}

	async #post(path: string, body?: unknown): Promise<Record<string, unknown> | null> {
		const response = await fetch(path, {
			method: 'POST',
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const json = await response.json().catch(() => null);
		if (response.ok) {
			this.failure = null;
			return json;
		}
		// `reason` names what was refused, so the page words it in its language.
		const error = json?.error;
		this.failure = {
			code: typeof error?.reason === 'string' ? error.reason : null,
			message: typeof error?.message === 'string' ? error.message : null
		};
		return null;
	}
}

/** What a key does on the presenter and the remote (null: not a shortcut). */
export type KeyAction =
	{ command: Command } | { timer: number } | 'confirm' | 'cancel' | 'fullscreen';

/** ← → (or P N) move through the agenda; O opens, C closes, R reveals or hides, T starts 1 minute. */
export function keyAction(key: string, armed: Confirmable | null): KeyAction | null {
	switch (key.length === 1 ? key.toLowerCase() : key) {
		case 'ArrowRight':
		case 'n':
		case 'PageDown':
			return { command: 'next' };
		case 'ArrowLeft':
		case 'p':
		case 'PageUp':
			return { command: 'previous' };
		case 'o':
			return { command: 'open' };
		case 'c':
			return { command: 'close' };
		case 'r':
			return { command: 'toggle-results' };
		case 't':
			return { timer: 60 };
		case 'f':
			return 'fullscreen';
		case 'Enter':
			return armed ? 'confirm' : null;
		case 'Escape':
			return armed ? 'cancel' : null;
		default:
			return null;
	}
}
