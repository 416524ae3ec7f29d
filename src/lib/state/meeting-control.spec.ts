import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TopicStatus } from '../core/types.ts';
import { MeetingControl, type ControlView } from './meeting-control.svelte.ts';

/** A live view the test moves by hand, as the meeting's and the topic's documents would. */
function liveView(agendaStatus: TopicStatus, shownStatus: TopicStatus | null) {
	const view: ControlView = {
		meetingId: 'm1',
		agenda: [{ id: 't1', status: agendaStatus }],
		currentTopicId: 't1',
		shownStatus,
		hidden: false
	};
	const set = (agenda: TopicStatus, shown: TopicStatus | null) => {
		view.agenda = [{ id: 't1', status: agenda }];
		view.shownStatus = shown;
	};
	return { read: () => view, set };
}

describe('MeetingControl.view', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('takes the topic document’s status when it changes before the agenda does', () => {
		const live = liveView('draft', 'draft');
		const control = new MeetingControl(live.read);
		expect(control.view().status).toBe('draft');
		live.set('draft', 'open');
		expect(control.view().status).toBe('open');
		control.request('close');
		expect(control.armed).toBe('close');
		live.set('open', 'open');
		expect(control.view().status).toBe('open');
		control.destroy();
	});

	it('takes the agenda’s status when it changes before the topic document does', () => {
		const live = liveView('open', 'open');
		const control = new MeetingControl(live.read);
		expect(control.view().status).toBe('open');
		live.set('closed', 'open');
		expect(control.view().status).toBe('closed');
		control.request('close');
		expect(control.armed).toBeNull();
		live.set('closed', 'closed');
		expect(control.view().status).toBe('closed');
		// Reopened: the topic document first, then the agenda.
		live.set('closed', 'open');
		expect(control.view().status).toBe('open');
		live.set('open', 'open');
		expect(control.view().status).toBe('open');
		control.destroy();
	});

	it('follows the agenda alone until the topic document has loaded', () => {
		const live = liveView('open', null);
		const control = new MeetingControl(live.read);
		expect(control.view().status).toBe('open');
		live.set('closed', null);
		expect(control.view().status).toBe('closed');
		control.destroy();
	});

	it('closes on C twice while only the topic document shows the topic open', async () => {
		const live = liveView('draft', 'open');
		const posts: string[] = [];
		vi.stubGlobal(
			'fetch',
			vi.fn(async (path: string) => {
				posts.push(path);
				return new Response(JSON.stringify({ topic: { status: 'closed' } }), { status: 200 });
			})
		);
		const control = new MeetingControl(live.read);
		control.request('close');
		control.request('close');
		await vi.waitFor(() => expect(posts).toEqual(['/api/topics/t1/close']));
		await vi.waitFor(() => expect(control.view().status).toBe('closed'));
		control.destroy();
	});
});
