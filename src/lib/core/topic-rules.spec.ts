import { describe, expect, it } from 'vitest';
import type { TopicWithOptions } from './types.ts';
import {
	cleanLine,
	decideDraftEdit,
	parseTopicInput,
	topicVisibleTo,
	transition,
	TOPIC_INPUT_ERRORS,
	type TopicInputError
} from './topic-rules.ts';

describe('parseTopicInput', () => {
	it('normalises title, description and options', () => {
		expect(
			parseTopicInput({
				title: '  Where\tshall we  meet? ',
				description: 'Line 1\r\nLine 2\u0007',
				options: [' Here ', '', 'There']
			})
		).toEqual({
			ok: true,
			value: {
				title: 'Where shall we meet?',
				description: 'Line 1\nLine 2',
				options: ['Here', 'There'],
				lateGraceSeconds: 0,
				hideResults: false,
				resultsBeforeVoting: false,
				majority: 'simple',
				quorum: 0,
				kind: 'single',
				minChoices: 1,
				maxChoices: 1,
				scoreMax: 5,
				seats: 1,
				secret: true,
				allowChange: false
			}
		});
	});

	it('removes bidirectional overrides and control characters from labels', () => {
		expect(cleanLine('Yes\u202eoN\u0000')).toBe('Yes oN');
		expect(cleanLine('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
	});

	it.each([
		[{ options: ['a', 'b'] }, 'title'],
		[{ title: '   ', options: ['a', 'b'] }, 'title'],
		[{ title: 'x'.repeat(201), options: ['a', 'b'] }, 'title'],
		[{ title: 'T', description: 5, options: ['a', 'b'] }, 'description'],
		[{ title: 'T', options: ['a'] }, 'options'],
		[{ title: 'T', options: Array.from({ length: 21 }, (_, i) => `o${i}`) }, 'options'],
		[{ title: 'T', options: ['Same', 'same'] }, 'options'],
		[{ title: 'T', options: 'a,b' }, 'options'],
		[{ title: 'T', options: ['a', 'x'.repeat(201)] }, 'options'],
		[{ title: 'T', options: ['a', 'b'], lateGraceSeconds: -1 }, 'lateGraceSeconds'],
		[{ title: 'T', options: ['a', 'b'], kind: 'ranked', seats: 2 }, 'kind'],
		[{ title: 'T', options: ['a', 'b'], lateGraceSeconds: 1.5 }, 'lateGraceSeconds'],
		[{ title: 'T', options: ['a', 'b'], lateGraceSeconds: '60' }, 'lateGraceSeconds'],
		[{ title: 'T', options: ['a', 'b'], majority: 'most' }, 'rules'],
		[{ title: 'T', options: ['a', 'b'], quorum: -1 }, 'rules'],
		[{ title: 'T', options: ['a', 'b'], hideResults: 'yes' }, 'rules'],
		[{ title: 'T', options: ['a', 'b'], secret: 'no' }, 'rules'],
		[{ title: 'T', options: ['a', 'b'], secret: null }, 'rules'],
		[{ title: 'T', options: ['a', 'b'], allowChange: 1 }, 'rules'],
		[{ title: 'T', options: ['a', 'b'], allowChange: 'true' }, 'rules'],
		[{ title: 'T', options: ['a', 'b'], kind: 'approval' }, 'kind'],
		[{ title: 'T', options: ['a', 'b'], kind: 'SINGLE' }, 'kind'],
		[{ title: 'T', options: ['a', 'b'], kind: null }, 'kind'],
		[{ title: 'T', options: ['a', 'b'], kind: 3 }, 'kind'],
		[{ title: 'T', options: ['a', 'b', 'c'], kind: 'multiple', minChoices: 0 }, 'kind'],
		[{ title: 'T', options: ['a', 'b', 'c'], kind: 'multiple', maxChoices: 4 }, 'kind'],
		[{ title: 'T', options: ['a', 'b', 'c'], kind: 'multiple', minChoices: 4 }, 'kind'],
		[
			{ title: 'T', options: ['a', 'b', 'c'], kind: 'multiple', minChoices: 3, maxChoices: 2 },
			'kind'
		],
		[{ title: 'T', options: ['a', 'b', 'c'], kind: 'multiple', minChoices: 1.5 }, 'kind'],
		[{ title: 'T', options: ['a', 'b', 'c'], kind: 'multiple', maxChoices: '2' }, 'kind'],
		[{ title: 'T', options: ['a', 'b'], kind: 'score', scoreMax: 0 }, 'kind'],
		[{ title: 'T', options: ['a', 'b'], kind: 'score', scoreMax: 11 }, 'kind'],
		[{ title: 'T', options: ['a', 'b'], kind: 'score', scoreMax: 2.5 }, 'kind'],
		[{ title: 'T', options: ['a', 'b'], kind: 'score', scoreMax: '5' }, 'kind'],
		[{ title: 'T', options: ['a', 'b'], kind: 'ranked', secret: 'yes' }, 'rules'],
		[{ title: '', kind: 'yes-no' }, 'title']
	])('refuses %j on %s', (raw, field) => {
		const result = parseTopicInput(raw);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.field).toBe(field);
	});
});

describe('parseTopicInput: failure codes', () => {
	const ok = { title: 'T', options: ['a', 'b'] };
	const cases: [unknown, TopicInputError, Record<string, number | string>?][] = [
		[null, 'topic-input-missing'],
		['title', 'topic-input-missing'],
		[
			{ ...ok, kind: 'approval' },
			'kind-unknown',
			{ kinds: 'single, multiple, yes-no, ranked, score' }
		],
		[{ options: ['a', 'b'] }, 'title-missing'],
		[{ ...ok, title: ' \u202e ' }, 'title-missing'],
		[{ ...ok, title: 'x'.repeat(201) }, 'title-too-long', { max: 200 }],
		[{ ...ok, description: 5 }, 'description-not-text'],
		[{ ...ok, description: 'x'.repeat(2001) }, 'description-too-long', { max: 2000 }],
		[{ ...ok, options: 'a,b' }, 'options-not-text'],
		[{ ...ok, options: ['a', 3] }, 'options-not-text'],
		[{ ...ok, options: ['a'] }, 'options-count', { min: 2, max: 20 }],
		[{ ...ok, options: ['a', 'x'.repeat(201)] }, 'option-too-long', { max: 200 }],
		[{ ...ok, options: ['Same', 'same'] }, 'options-duplicate'],
		[{ ...ok, lateGraceSeconds: -1 }, 'late-grace-range', { max: 86_400 }],
		[{ ...ok, hideResults: 'yes' }, 'hide-results-not-boolean'],
		[
			{ ...ok, majority: 'most' },
			'majority-unknown',
			{ majorities: 'simple, absolute, two-thirds' }
		],
		[{ ...ok, quorum: 1.5 }, 'quorum-invalid'],
		[{ ...ok, secret: 'no' }, 'flags-not-boolean'],
		[{ ...ok, allowChange: 1 }, 'flags-not-boolean'],
		[{ ...ok, kind: 'multiple', minChoices: 3 }, 'choices-range', { max: 2 }],
		[{ ...ok, kind: 'score', scoreMax: 11 }, 'score-max-range', { max: 10 }],
		[{ ...ok, kind: 'ranked', seats: 2 }, 'seats-range', { max: 1 }],
		[
			{ ...ok, resultsVisibility: 'never' },
			'results-visibility-unknown',
			{ values: 'before-voting, after-voting, at-close' }
		],
		[{ ...ok, resultsVisibility: 'at-close', hideResults: false }, 'results-visibility-conflict']
	];

	it.each(cases)('refuses %j with %s', (raw, code, params) => {
		const result = parseTopicInput(raw);
		expect(result).toMatchObject({ ok: false, code });
		if (!result.ok) expect(result.params).toEqual(params);
	});

	it('covers every code it can give (a draft edit gives the last one)', () => {
		expect(new Set([...cases.map(([, code]) => code), 'topic-edit-unknown-field'])).toEqual(
			new Set(TOPIC_INPUT_ERRORS)
		);
	});

	it('keeps the English message beside the code', () => {
		expect(parseTopicInput({ ...ok, options: ['a'] })).toEqual({
			ok: false,
			field: 'options',
			code: 'options-count',
			params: { min: 2, max: 20 },
			message: 'Give between 2 and 20 options.'
		});
	});
});

describe('parseTopicInput: poll kinds', () => {
	const base = { title: 'T', options: ['a', 'b', 'c'] };
	const value = (raw: Record<string, unknown>) => {
		const result = parseTopicInput({ ...base, ...raw });
		if (!result.ok) throw new Error(`refused: ${result.message}`);
		return result.value;
	};

	it('defaults to a secret single-choice topic whose votes cannot change', () => {
		expect(value({})).toMatchObject({
			kind: 'single',
			minChoices: 1,
			maxChoices: 1,
			scoreMax: 5,
			secret: true,
			allowChange: false
		});
	});

	it('keeps named topics and changeable votes', () => {
		expect(value({ secret: false, allowChange: true })).toMatchObject({
			secret: false,
			allowChange: true
		});
	});

	it('seats: ranked and approval topics elect several; approval then marks at most that many', () => {
		expect(value({ kind: 'ranked', seats: 2 })).toMatchObject({ kind: 'ranked', seats: 2 });
		expect(value({ kind: 'multiple', seats: 2 })).toMatchObject({ seats: 2, maxChoices: 2 });
		expect(value({ kind: 'score' })).toMatchObject({ seats: 1 });
		for (const refused of [
			{ kind: 'multiple', seats: 2, maxChoices: 3 },
			{ kind: 'single', seats: 2 },
			{ kind: 'ranked', seats: 3 },
			{ kind: 'ranked', seats: 0 },
			{ kind: 'ranked', seats: 1.5 }
		]) {
			expect(parseTopicInput({ ...base, ...refused })).toMatchObject({ code: 'seats-range' });
		}
	});

	it('multiple: defaults to any number from one to all options', () => {
		expect(value({ kind: 'multiple' })).toMatchObject({
			kind: 'multiple',
			minChoices: 1,
			maxChoices: 3
		});
	});

	it('multiple: keeps bounds within the number of options', () => {
		expect(value({ kind: 'multiple', minChoices: 2, maxChoices: 2 })).toMatchObject({
			minChoices: 2,
			maxChoices: 2
		});
		expect(value({ kind: 'multiple', minChoices: 3, maxChoices: 3 })).toMatchObject({
			minChoices: 3,
			maxChoices: 3
		});
		expect(value({ kind: 'multiple', maxChoices: 2 })).toMatchObject({
			minChoices: 1,
			maxChoices: 2
		});
	});

	it('multiple: counts options after empty ones are dropped', () => {
		const result = parseTopicInput({
			title: 'T',
			options: ['a', ' ', 'b'],
			kind: 'multiple',
			maxChoices: 3
		});
		expect(result).toMatchObject({ ok: false, field: 'kind' });
	});

	it('ignores choice bounds and score limits that do not apply to the kind', () => {
		expect(value({ kind: 'single', minChoices: 2, maxChoices: 3, scoreMax: 9 })).toMatchObject({
			minChoices: 1,
			maxChoices: 1,
			scoreMax: 5
		});
		expect(value({ kind: 'ranked', minChoices: 2, maxChoices: 3 })).toMatchObject({
			kind: 'ranked',
			minChoices: 1,
			maxChoices: 1
		});
		expect(value({ kind: 'score', minChoices: 2 })).toMatchObject({ minChoices: 1, maxChoices: 1 });
	});

	it('score: the highest score is 1 to 10, 5 by default', () => {
		expect(value({ kind: 'score' }).scoreMax).toBe(5);
		expect(value({ kind: 'score', scoreMax: 1 }).scoreMax).toBe(1);
		expect(value({ kind: 'score', scoreMax: 10 }).scoreMax).toBe(10);
	});

	it('yes-no: always the options Yes, No, Abstain, whatever was sent', () => {
		expect(value({ kind: 'yes-no' }).options).toEqual(['Yes', 'No', 'Abstain']);
		expect(value({ kind: 'yes-no', options: ['Maybe', 'Never'] }).options).toEqual([
			'Yes',
			'No',
			'Abstain'
		]);
		expect(parseTopicInput({ title: 'Motion', kind: 'yes-no' })).toMatchObject({
			ok: true,
			value: { kind: 'yes-no', options: ['Yes', 'No', 'Abstain'], minChoices: 1, maxChoices: 1 }
		});
	});

	it('ranked: keeps the options as given', () => {
		expect(value({ kind: 'ranked' })).toMatchObject({ kind: 'ranked', options: ['a', 'b', 'c'] });
	});
});

describe('topicVisibleTo', () => {
	const topic = (status: 'draft' | 'open', meetingId: string | null = null) => ({
		status,
		ownerId: 'owner',
		meetingId
	});
	it('hides a draft from everyone but its owner, unless it is on a meeting’s agenda', () => {
		expect(topicVisibleTo(topic('draft'), 'owner')).toBe(true);
		expect(topicVisibleTo(topic('draft'), 'other')).toBe(false);
		expect(topicVisibleTo(topic('draft'), null)).toBe(false);
		expect(topicVisibleTo(topic('draft', 'm1'), null)).toBe(true);
		expect(topicVisibleTo(topic('open'), null)).toBe(true);
	});
});

describe('transition', () => {
	it('opens drafts and closed topics, closes open ones, and nothing else', () => {
		expect(transition('draft', 'open')).toEqual({ ok: true, status: 'open' });
		expect(transition('closed', 'open')).toEqual({ ok: true, status: 'open' });
		expect(transition('open', 'close')).toEqual({ ok: true, status: 'closed' });
		expect(transition('open', 'open')).toMatchObject({ ok: false, code: 'already-open' });
		expect(transition('draft', 'close')).toMatchObject({ ok: false, code: 'not-opened' });
		expect(transition('closed', 'close')).toMatchObject({ ok: false, code: 'already-closed' });
	});
});

describe('results visibility in the topic input', () => {
	const ok = { title: 'T', options: ['a', 'b'] };
	it('defaults to after voting, and stores each choice as two flags', () => {
		const flags = (extra: object) => {
			const parsed = parseTopicInput({ ...ok, ...extra });
			return parsed.ok ? [parsed.value.hideResults, parsed.value.resultsBeforeVoting] : parsed.code;
		};
		expect(flags({})).toEqual([false, false]);
		expect(flags({ resultsVisibility: 'after-voting' })).toEqual([false, false]);
		expect(flags({ resultsVisibility: 'before-voting' })).toEqual([false, true]);
		expect(flags({ resultsVisibility: 'at-close' })).toEqual([true, false]);
		expect(flags({ hideResults: true })).toEqual([true, false]);
		expect(flags({ resultsVisibility: 'at-close', hideResults: true })).toEqual([true, false]);
		expect(flags({ resultsVisibility: 'later' })).toBe('results-visibility-unknown');
		expect(flags({ resultsVisibility: 'before-voting', hideResults: true })).toBe(
			'results-visibility-conflict'
		);
	});
});

describe('decideDraftEdit', () => {
	const draft = (overrides: Partial<TopicWithOptions> = {}): TopicWithOptions => ({
		id: 't1',
		ownerId: 'owner',
		title: 'Lunch',
		description: '',
		status: 'draft',
		createdAt: 0,
		openedAt: null,
		closedAt: null,
		lateGraceSeconds: 0,
		meetingId: null,
		hideResults: false,
		resultsBeforeVoting: false,
		presentAtClose: null,
		majority: 'simple',
		quorum: 0,
		closesAt: null,
		kind: 'single',
		minChoices: 1,
		maxChoices: 1,
		scoreMax: 5,
		secret: true,
		allowChange: false,
		options: ['Soup', 'Salad'].map((label, position) => ({
			id: `o${position}`,
			topicId: 't1',
			label,
			position
		})),
		...overrides
	});

	it('lets the owner change a draft; fields left out keep their value', () => {
		const decision = decideDraftEdit(draft({ quorum: 4 }), 'owner', null, {
			title: ' Dinner ',
			options: ['Soup', 'Stew', 'Salad'],
			resultsVisibility: 'before-voting'
		});
		expect(decision).toMatchObject({
			ok: true,
			value: {
				title: 'Dinner',
				options: ['Soup', 'Stew', 'Salad'],
				quorum: 4,
				hideResults: false,
				resultsBeforeVoting: true,
				kind: 'single'
			}
		});
	});

	it('changes the poll type and its limits, checked as a new topic would be', () => {
		expect(
			decideDraftEdit(draft(), 'owner', null, { kind: 'multiple', minChoices: 1, maxChoices: 2 })
		).toMatchObject({ ok: true, value: { kind: 'multiple', maxChoices: 2 } });
		expect(decideDraftEdit(draft(), 'owner', null, { kind: 'yes-no' })).toMatchObject({
			ok: true,
			value: { options: ['Yes', 'No', 'Abstain'] }
		});
		expect(
			decideDraftEdit(draft(), 'owner', null, { kind: 'multiple', maxChoices: 3 })
		).toMatchObject({ ok: false, reason: 'validation', code: 'choices-range' });
		expect(decideDraftEdit(draft(), 'owner', null, { options: ['Only'] })).toMatchObject({
			ok: false,
			reason: 'validation',
			code: 'options-count'
		});
	});

	it('lets the meeting’s host and co-hosts edit an agenda draft, nobody else', () => {
		const onAgenda = draft({ meetingId: 'm1' });
		const host = { ownerId: 'host', role: null };
		expect(decideDraftEdit(onAgenda, 'host', host, { title: 'X' }).ok).toBe(true);
		expect(decideDraftEdit(onAgenda, 'co', { ownerId: 'host', role: 'cohost' }, {}).ok).toBe(true);
		for (const [actor, meeting] of [
			['stranger', host],
			['watcher', { ownerId: 'host', role: 'observer' as const }],
			['stranger', null]
		] as const) {
			expect(decideDraftEdit(onAgenda, actor, meeting, { title: 'X' })).toMatchObject({
				ok: false,
				reason: 'forbidden',
				code: 'topic-managers-only'
			});
		}
		expect(decideDraftEdit(draft(), 'stranger', null, {})).toMatchObject({ reason: 'forbidden' });
	});

	it('refuses once the topic was opened, even if it closed again', () => {
		for (const status of ['open', 'closed'] as const) {
			expect(decideDraftEdit(draft({ status }), 'owner', null, { title: 'X' })).toMatchObject({
				ok: false,
				reason: 'invalid-transition',
				code: 'topic-not-draft'
			});
		}
	});

	it('refuses bodies that are not an object of known fields', () => {
		for (const body of [null, 'title', 42, ['title'], undefined]) {
			expect(decideDraftEdit(draft(), 'owner', null, body)).toMatchObject({
				ok: false,
				reason: 'validation',
				code: 'topic-input-missing'
			});
		}
		expect(decideDraftEdit(draft(), 'owner', null, { status: 'closed' })).toMatchObject({
			ok: false,
			code: 'topic-edit-unknown-field',
			params: { field: 'status' }
		});
		expect(decideDraftEdit(draft(), 'owner', null, { ownerId: 'me', title: 'X' })).toMatchObject({
			code: 'topic-edit-unknown-field'
		});
		expect(decideDraftEdit(draft(), 'owner', null, { quorum: -1 })).toMatchObject({
			code: 'quorum-invalid'
		});
	});

	it('hideResults alone moves only the close rule, keeping “before voting” when unhidden', () => {
		expect(
			decideDraftEdit(draft({ resultsBeforeVoting: true }), 'owner', null, { hideResults: true })
		).toMatchObject({ ok: true, value: { hideResults: true } });
		expect(
			decideDraftEdit(draft({ hideResults: true }), 'owner', null, { hideResults: false })
		).toMatchObject({ ok: true, value: { hideResults: false, resultsBeforeVoting: false } });
	});
});
