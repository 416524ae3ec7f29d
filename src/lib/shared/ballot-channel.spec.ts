import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyAnswer, BallotChannel, pendingRequest } from './ballot-channel.ts';
import {
	ballotAnswer,
	MAX_BALLOT_MESSAGE,
	parseBallotMessage,
	readBallotAnswer
} from './ballot-messages.ts';
import { readBallot, type BallotReceipt, type BallotRefusal } from './documents.ts';

const receipt = (ballotId: string, tracker = 'AAAA-BBBB-CCCC'): BallotReceipt => ({
	ballotId,
	choice: ['yes'],
	tracker,
	acceptedAt: 1
});
const refusal = (ballotId: string, at = 1): BallotRefusal => ({
	ballotId,
	choice: ['yes'],
	reason: 'topic-closed',
	message: 'closed',
	at
});
const request = (ballotId: string) => ({ ballotId, choice: ['yes'], castAt: 0 });

function channel(forEntryId?: string) {
	const sent: unknown[] = [];
	const doc = new Y.Doc();
	return {
		doc,
		sent,
		channel: new BallotChannel(doc, (payload) => sent.push(JSON.parse(payload)), forEntryId)
	};
}

describe('a device’s ballot channel', () => {
	it('keeps a request on the device and sends it; sends it again on every connection until answered', () => {
		const { doc, sent, channel: ballot } = channel();
		ballot.vote(request('ballot-0000000001'));
		expect(readBallot(doc).request?.ballotId).toBe('ballot-0000000001');
		expect(sent).toEqual([{ type: 'plenum/vote', request: request('ballot-0000000001') }]);
		ballot.connected();
		expect(sent).toHaveLength(2);
		expect(sent[1]).toEqual(sent[0]);
		ballot.receive(
			ballotAnswer({ receipt: receipt('ballot-0000000001'), sealed: false, refusal: null })
		);
		expect(pendingRequest(doc)).toBeNull();
		ballot.connected();
		expect(sent[2]).toEqual({ type: 'plenum/ask' });
	});

	it('sends a refused request again when asked to, and nothing when it holds none', () => {
		const { sent, channel: ballot } = channel();
		ballot.sendAgain();
		expect(sent).toEqual([]);
		ballot.vote(request('ballot-0000000003'));
		ballot.receive(
			ballotAnswer({ receipt: null, sealed: false, refusal: refusal('ballot-0000000003') })
		);
		ballot.connected();
		expect(sent.at(-1)).toEqual({ type: 'plenum/ask' });
		ballot.sendAgain();
		expect(sent.at(-1)).toEqual({ type: 'plenum/vote', request: request('ballot-0000000003') });
	});

	it('asks on connection when nothing is pending, and names the member a proxy votes for', () => {
		const { sent, channel: ballot } = channel('entry-1');
		ballot.connected();
		ballot.vote(request('ballot-0000000002'));
		expect(sent).toEqual([
			{ type: 'plenum/ask', for: 'entry-1' },
			{ type: 'plenum/vote', request: request('ballot-0000000002'), for: 'entry-1' }
		]);
	});

	it('applies only answers for its own ballot', () => {
		const own = channel();
		const proxy = channel('entry-1');
		const forMember = ballotAnswer(
			{ receipt: receipt('member-ballot-001'), sealed: false, refusal: null },
			'entry-1'
		);
		expect(own.channel.receive(forMember)).toBe(false);
		expect(proxy.channel.receive(forMember)).toBe(true);
		expect(own.channel.receive(JSON.stringify({ type: 'plenum/results', results: {} }))).toBe(
			false
		);
		expect(readBallot(own.doc).receipt).toBeNull();
		expect(readBallot(proxy.doc).receipt?.ballotId).toBe('member-ballot-001');
	});
});

describe('applying the server’s answer', () => {
	it('replaces the receipt, clears it when no vote counts, and keeps it when the vote is sealed', () => {
		const doc = new Y.Doc();
		applyAnswer(doc, { receipt: receipt('first-ballot-0001'), sealed: false, refusal: null });
		applyAnswer(doc, { receipt: null, sealed: true, refusal: null });
		expect(readBallot(doc)).toMatchObject({
			receipt: { ballotId: 'first-ballot-0001' },
			sealed: false
		});
		applyAnswer(doc, { receipt: null, sealed: false, refusal: null });
		expect(readBallot(doc)).toMatchObject({ receipt: null, sealed: false });
		applyAnswer(doc, { receipt: null, sealed: true, refusal: null });
		expect(readBallot(doc)).toMatchObject({ receipt: null, sealed: true });
		applyAnswer(doc, { receipt: receipt('second-ballot-001'), sealed: false, refusal: null });
		expect(readBallot(doc)).toMatchObject({
			receipt: { ballotId: 'second-ballot-001' },
			sealed: false
		});
	});

	it('keeps the first time of a refusal told again, and a refusal when the answer has none', () => {
		const doc = new Y.Doc();
		applyAnswer(doc, { receipt: null, sealed: false, refusal: refusal('late-ballot-00001', 5) });
		applyAnswer(doc, { receipt: null, sealed: false, refusal: refusal('late-ballot-00001', 9) });
		expect(readBallot(doc).refusal?.at).toBe(5);
		applyAnswer(doc, { receipt: null, sealed: false, refusal: null });
		expect(readBallot(doc).refusal?.ballotId).toBe('late-ballot-00001');
	});

	it('writes nothing when the answer changes nothing', () => {
		const doc = new Y.Doc();
		applyAnswer(doc, { receipt: receipt('same-ballot-00001'), sealed: false, refusal: null });
		const before = Y.encodeStateVector(doc);
		applyAnswer(doc, { receipt: receipt('same-ballot-00001'), sealed: false, refusal: null });
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});
});

describe('ballot messages', () => {
	it('reads what devices send, refusing a bad proxy target and ignoring anything else', () => {
		expect(parseBallotMessage('{"type":"plenum/ask"}')).toEqual({ type: 'plenum/ask' });
		expect(parseBallotMessage('{"type":"plenum/vote","request":1,"for":"e-1"}')).toEqual({
			type: 'plenum/vote',
			request: 1,
			for: 'e-1'
		});
		expect(parseBallotMessage('{"type":"plenum/vote"}')).toBe('malformed');
		expect(parseBallotMessage('{"type":"plenum/ask","for":""}')).toBe('malformed');
		expect(parseBallotMessage('{"type":"plenum/ask","for":{}}')).toBe('malformed');
		for (const other of ['', 'null', '[]', '"plenum/vote"', '{"type":"plenum/ballot"}', '{'])
			expect(parseBallotMessage(other)).toBeNull();
		const long = JSON.stringify({ type: 'plenum/ask', pad: 'x'.repeat(MAX_BALLOT_MESSAGE) });
		expect(parseBallotMessage(long)).toBeNull();
	});

	it('reads the server’s answers and nothing else', () => {
		const answer = { receipt: receipt('read-ballot-00001'), sealed: false, refusal: null };
		expect(readBallotAnswer(ballotAnswer(answer))).toEqual({ type: 'plenum/ballot', ...answer });
		expect(readBallotAnswer('{"type":"plenum/ballot","receipt":"x","refusal":null}')).toBeNull();
		expect(readBallotAnswer('{"type":"plenum/results"}')).toBeNull();
		expect(readBallotAnswer('nope')).toBeNull();
	});
});
