import { ROLL_CHANGE_ERRORS, ROLL_INPUT_ERRORS } from '../core/roll-rules.ts';
import { PAPER_ERRORS } from '../core/paper.ts';
import { VOTED_LIST_ERRORS } from '../core/voted-list.ts';
import { PROXY_ERRORS } from '../core/proxy-rules.ts';
import { describe, expect, it } from 'vitest';
import { de } from './de.ts';
import { en } from './en.ts';
import {
	ACCOUNT_ERRORS,
	CREDENTIALS_ERRORS,
	parseLogin,
	parseRegistration
} from '$lib/core/account-rules.ts';
import { loadPasswordEstimator } from '$lib/core/password-strength.ts';
import { FAILURE_CODES, FORM_ERRORS } from '$lib/core/failures.ts';
import { MEETING_CHANGE_ERRORS, MEETING_INPUT_ERRORS } from '$lib/core/meeting-rules.ts';
import {
	NAMED_VOTES_ERRORS,
	TOPIC_CHANGE_ERRORS,
	TOPIC_INPUT_ERRORS,
	decideDraftEdit,
	parseTopicInput,
	transition
} from '$lib/core/topic-rules.ts';
import type { TopicWithOptions } from '$lib/core/types.ts';
import { errorText, kindName, pickLocale } from './index.ts';

const estimate = await loadPasswordEstimator();

describe('pickLocale', () => {
	it('prefers the cookie, then Accept-Language by weight and order, then English', () => {
		expect(pickLocale('de', 'en-US,en;q=0.9')).toBe('de');
		expect(pickLocale('en', 'de-DE')).toBe('en');
		expect(pickLocale(undefined, 'de-AT,de;q=0.9,en;q=0.8')).toBe('de');
		expect(pickLocale(undefined, 'fr-FR,fr;q=0.9,de;q=0.5,en;q=0.4')).toBe('de');
		expect(pickLocale(undefined, 'en;q=0.2, de;q=0.7')).toBe('de');
		expect(pickLocale(undefined, 'de;q=0, en')).toBe('en');
		expect(pickLocale('xx', 'fr')).toBe('en');
		expect(pickLocale(undefined, null)).toBe('en');
		expect(pickLocale(undefined, ';;,;q=abc')).toBe('en');
	});
});

/** Every key of `a`, with the type of its value, as dotted paths. */
function shape(value: unknown, path = ''): string[] {
	if (typeof value === 'function') return [`${path}:function`];
	if (typeof value === 'string') return [`${path}:string`];
	return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
		shape(inner, path ? `${path}.${key}` : key)
	);
}

describe('messages', () => {
	it('German has exactly the keys of English, each of the same kind', () => {
		expect(shape(de).sort()).toEqual(shape(en).sort());
	});

	it('German texts are translated, not copied, except names and shared words', () => {
		const same = shape(en)
			.filter((key) => key.endsWith(':string'))
			.map((key) => key.slice(0, -':string'.length))
			.filter((key) => {
				const get = (root: unknown) =>
					key.split('.').reduce((node, part) => (node as Record<string, unknown>)[part], root);
				return get(en) === get(de);
			});
		// Language names, the product name, punctuation and words German shares with English.
		expect(same.sort()).toEqual([
			'app.name',
			'auth.sentenceEnd',
			'connection.online',
			'home.noTopicsEnd',
			'invitation.code',
			'join.codePlaceholder',
			'language.de',
			'language.en',
			'namedVotes.name',
			'newTopic.details',
			'newTopic.optional',
			'newTopic.quorum',
			'offlinePage.title',
			'poll.runoff.option',
			'roll.name',
			'serverStatus.live',
			'serverStatus.state'
		]);
	});
});

describe('errors', () => {
	const modules = [
		TOPIC_INPUT_ERRORS,
		TOPIC_CHANGE_ERRORS,
		NAMED_VOTES_ERRORS,
		CREDENTIALS_ERRORS,
		ACCOUNT_ERRORS,
		MEETING_INPUT_ERRORS,
		MEETING_CHANGE_ERRORS,
		ROLL_INPUT_ERRORS,
		ROLL_CHANGE_ERRORS,
		PAPER_ERRORS,
		VOTED_LIST_ERRORS,
		PROXY_ERRORS,
		FORM_ERRORS
	].flat();
	/** Values for every param a text may name. */
	const params = {
		max: 7,
		min: 3,
		minutes: 2,
		kinds: 'single, score',
		majorities: 'simple',
		values: 'at-close',
		field: 'status',
		fields: 'title, options'
	};

	it('every code the core modules can give has an English and a German text, and no other', () => {
		expect(new Set(modules)).toEqual(new Set(FAILURE_CODES));
		for (const messages of [en, de]) {
			expect(Object.keys(messages.errors).sort()).toEqual([...new Set(modules)].sort());
			for (const code of modules) {
				const text = errorText(messages, { code, params, message: 'fallback' });
				expect(text, code).toBeTruthy();
				expect(text, code).not.toBe('fallback');
				expect(text, code).not.toContain('undefined');
			}
		}
	});

	it('words the failure in the page’s language, with its values', () => {
		expect(errorText(de, { code: 'password-too-short', params: { min: 10 } })).toBe(
			'Verwenden Sie ein Passwort mit mindestens 10 Zeichen.'
		);
		expect(
			errorText(en, {
				code: 'password-too-short',
				params: { min: 10 },
				message: 'Use a password of at least 10 characters.'
			})
		).toBe('Use a password of at least 10 characters.');
		expect(errorText(de, { code: 'username-taken', message: 'That username is taken.' })).toBe(
			'Dieser Benutzername ist bereits vergeben.'
		);
	});

	it('English words each failure exactly as the server’s message does', () => {
		const ok = { title: 'T', options: ['a', 'b'] };
		const failures = [
			parseTopicInput(null),
			parseTopicInput({ ...ok, kind: 'approval' }),
			parseTopicInput({ ...ok, title: '' }),
			parseTopicInput({ ...ok, title: 'x'.repeat(201) }),
			parseTopicInput({ ...ok, description: 1 }),
			parseTopicInput({ ...ok, description: 'x'.repeat(2001) }),
			parseTopicInput({ ...ok, options: 'a' }),
			parseTopicInput({ ...ok, options: ['a'] }),
			parseTopicInput({ ...ok, options: ['a', 'x'.repeat(201)] }),
			parseTopicInput({ ...ok, options: ['a', 'A'] }),
			parseTopicInput({ ...ok, lateGraceSeconds: -1 }),
			parseTopicInput({ ...ok, hideResults: 1 }),
			parseTopicInput({ ...ok, majority: 'most' }),
			parseTopicInput({ ...ok, quorum: -1 }),
			parseTopicInput({ ...ok, secret: 1 }),
			parseTopicInput({ ...ok, kind: 'multiple', minChoices: 3 }),
			parseTopicInput({ ...ok, kind: 'score', scoreMax: 0 }),
			parseTopicInput({ ...ok, resultsVisibility: 'later' }),
			parseTopicInput({ ...ok, resultsVisibility: 'at-close', hideResults: false }),
			parseRegistration('a', 'x', estimate),
			parseRegistration('alice', 'x', estimate),
			parseRegistration('alice', 'x'.repeat(300), estimate),
			parseRegistration('alice', 'password123', estimate),
			parseLogin('', 'x'),
			parseLogin('bob', '')
		].map((result) => (result.ok ? null : result));
		const transitions = (['open', 'close'] as const)
			.flatMap((action) => (['draft', 'open', 'closed'] as const).map((s) => transition(s, action)))
			.flatMap((result) => (result.ok ? [] : [{ code: result.code, message: result.reason }]));
		for (const failure of [...failures, ...transitions]) {
			expect(failure).not.toBeNull();
			expect(errorText(en, { ...failure, message: null })).toBe(failure!.message);
		}
	});

	it('English words the refusals of a draft edit exactly as the server does', () => {
		const topic: TopicWithOptions = {
			id: 't',
			ownerId: 'o',
			title: 'T',
			description: '',
			status: 'draft',
			createdAt: 0,
			openedAt: null,
			closedAt: null,
			lateGraceSeconds: 0,
			meetingId: null,
			closesAt: null,
			hideResults: false,
			resultsBeforeVoting: false,
			presentAtClose: null,
			majority: 'simple',
			quorum: 0,
			kind: 'single',
			minChoices: 1,
			maxChoices: 1,
			scoreMax: 5,
			secret: true,
			allowChange: false,
			options: []
		};
		const refusals = [
			decideDraftEdit({ ...topic, status: 'open', options: [] }, 'o', null, {}),
			decideDraftEdit({ ...topic, status: 'draft', options: [] }, 'o', null, { status: 'x' })
		];
		for (const refusal of refusals) {
			expect(refusal.ok).toBe(false);
			if (!refusal.ok) {
				expect(errorText(en, { ...refusal, message: null })).toBe(refusal.message);
				expect(errorText(de, { ...refusal, message: null })).not.toBe(refusal.message);
			}
		}
	});

	it('falls back to the English message, and never throws', () => {
		expect(errorText(de, null)).toBeNull();
		expect(errorText(de, undefined)).toBeNull();
		expect(errorText(de, {})).toBeNull();
		expect(errorText(de, { message: 'Plain English.' })).toBe('Plain English.');
		expect(errorText(de, { code: 'no-such-code', message: 'Plain English.' })).toBe(
			'Plain English.'
		);
		expect(errorText(de, { code: 'toString', message: 'Plain English.' })).toBe('Plain English.');
		// A text that needs values, without them: the message rather than "undefined".
		expect(errorText(de, { code: 'title-too-long', message: 'Keep it short.' })).toBe(
			'Keep it short.'
		);
	});
});

describe('kindName', () => {
	it('names a topic that elects several options by its rule, in both languages', () => {
		expect(kindName(en, { kind: 'ranked' })).toBe('Ranked choice');
		expect(kindName(en, { kind: 'ranked', seats: 1 })).toBe('Ranked choice');
		expect(kindName(en, { kind: 'ranked', seats: 3 })).toBe('Single transferable vote, 3 seats');
		expect(kindName(de, { kind: 'ranked', seats: 3 })).toBe(
			'Übertragbare Einzelstimmgebung, 3 Sitze'
		);
		expect(kindName(en, { kind: 'multiple', seats: 2 })).toBe('Approval voting, 2 seats');
		expect(kindName(de, { kind: 'multiple', seats: 2 })).toBe('Zustimmungswahl, 2 Sitze');
		// Seats only change how options are elected; a score or single topic keeps its name.
		expect(kindName(en, { kind: 'score', seats: 4 })).toBe('Score');
	});
});
