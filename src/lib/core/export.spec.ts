import { describe, expect, it } from 'vitest';
import type { Tally } from './poll.ts';
import { csvCell, resultRows, toCsv, topicMinutes, type MinutesTopic } from './export.ts';

const topic = (overrides: Partial<MinutesTopic> = {}): MinutesTopic => ({
	id: 't1',
	title: 'Lunch',
	status: 'closed',
	kind: 'single',
	minChoices: 1,
	maxChoices: 1,
	scoreMax: 5,
	majority: 'absolute',
	quorum: 3,
	openedAt: Date.UTC(2027, 2, 4, 18, 0, 0),
	closedAt: Date.UTC(2027, 2, 4, 18, 5, 30),
	presentAtClose: 5,
	options: [
		{ id: 'a', label: 'Soup' },
		{ id: 'b', label: 'Salad' }
	],
	...overrides
});

describe('weighted topics', () => {
	it('carry head counts and weights side by side, and decide on weight', () => {
		const weighted = topic({
			majority: 'simple',
			quorum: 1,
			electorate: { eligible: 3, checkedIn: 3, rollVersion: 4, eligibleWeight: '1' }
		});
		const results: Tally = {
			turnout: 3,
			totals: { a: 1, b: 2 },
			weight: { totals: { a: '0.5', b: '0.49' }, turnout: '0.99' }
		};
		const minutes = topicMinutes(weighted, results);
		expect(minutes).toMatchObject({
			weightCast: '0.99',
			eligibleWeight: '1',
			options: [
				{ label: 'Soup', votes: 1, weight: '0.5' },
				{ label: 'Salad', votes: 2, weight: '0.49' }
			],
			// The quorum of weight 1 is not met by 0.99, though three heads voted.
			outcome: { result: 'no-quorum', quorumMet: false, majorityReached: true }
		});
		const csv = toCsv(resultRows(weighted, results)).split('\r\n');
		expect(csv[1].endsWith('"0.99","1","0.5","0","0",""')).toBe(true);
		expect(csv[2].endsWith('"0.99","1","0.49","0","0",""')).toBe(true);
		const unweighted = topicMinutes(topic(), { turnout: 1, totals: { a: 1 } });
		expect(unweighted).toMatchObject({ weightCast: null, eligibleWeight: null });
		expect(unweighted.options[0]).not.toHaveProperty('weight');
	});
});

describe('CSV export', () => {
	it('quotes cells and defuses formulas', () => {
		expect(csvCell('Plain')).toBe('"Plain"');
		expect(csvCell('Say "yes"')).toBe('"Say ""yes"""');
		expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
		expect(csvCell('-1')).toBe('"\'-1"');
		expect(csvCell('@SUM(A1)')).toBe('"\'@SUM(A1)"');
		expect(csvCell(-1)).toBe('"-1"');
	});

	it('gives each option row the topic’s rules, presence, turnout, outcome and times', () => {
		const rows = resultRows(topic(), { turnout: 4, totals: { a: 3, b: 1 } });
		expect(toCsv(rows)).toBe(
			'"topic","kind","status","majority","quorum","present","turnout","turnout_of_present","quorum_met","outcome","winner","opened_at","closed_at","row","round","option","measure","value","share","last_round","eliminated_in_round","eligible","checked_in","roll_version","weight_cast","eligible_weight","weight","paper_ballots","paper","proxy_ballots"\r\n' +
				'"Lunch","single","closed","absolute","3","5","4","0.8000","yes","winner","Soup","2027-03-04T18:00:00.000Z","2027-03-04T18:05:30.000Z","option","","Soup","ballots","3","0.7500","","","","","","","","","0","0",""\r\n' +
				'"Lunch","single","closed","absolute","3","5","4","0.8000","yes","winner","Soup","2027-03-04T18:00:00.000Z","2027-03-04T18:05:30.000Z","option","","Salad","ballots","1","0.2500","","","","","","","","","0","0",""\r\n'
		);
	});

	it('states eligible, checked in and the roll version of a roll meeting’s topic', () => {
		const electorate = { eligible: 8, checkedIn: 6, rollVersion: 3 };
		const minutes = topicMinutes(topic({ electorate }), { turnout: 4, totals: { a: 3, b: 1 } });
		expect(minutes).toMatchObject({ ...electorate, turnout: 4, turnoutOfEligible: 0.5 });
		const csv = toCsv(resultRows(topic({ electorate }), { turnout: 4, totals: { a: 3, b: 1 } }));
		expect(csv.split('\r\n')[1]).toMatch(/,"8","6","3","","","","0","0",""$/);
		expect(topicMinutes(topic(), { turnout: 4, totals: {} })).toMatchObject({
			eligible: null,
			checkedIn: null,
			rollVersion: null,
			turnoutOfEligible: null
		});
	});

	it('states the paper ballots among the turnout, per option and in all', () => {
		const results = {
			turnout: 6,
			totals: { a: 4, b: 2 },
			paper: { ballots: 3, totals: { a: 1, b: 2 }, batches: 2 }
		};
		expect(topicMinutes(topic(), results)).toMatchObject({
			turnout: 6,
			paperBallots: 3,
			options: [
				{ id: 'a', votes: 4, paper: 1 },
				{ id: 'b', votes: 2, paper: 2 }
			]
		});
		const lines = toCsv(resultRows(topic(), results)).split('\r\n');
		expect(lines[1]).toMatch(/,"Soup","ballots","4",.*,"3","1",""$/);
		expect(lines[2]).toMatch(/,"Salad","ballots","2",.*,"3","2",""$/);
	});

	it('keeps formula-like titles, options and winners harmless', () => {
		const csv = toCsv(
			resultRows(
				topic({
					title: '=cmd|calc',
					options: [
						{ id: 'a', label: '+SUM(1)' },
						{ id: 'b', label: '-2' }
					]
				}),
				{ turnout: 3, totals: { a: 3, b: 0 } }
			)
		);
		expect(csv).toContain('"\'=cmd|calc"');
		expect(csv).toContain('"\'+SUM(1)"');
		expect(csv).toContain('"\'-2"');
		expect(csv).not.toMatch(/(^|,)"[=+\-@]/m);
	});

	it('says why no option won: no votes, no quorum, a tie or no majority', () => {
		const result = (totals: Record<string, number>, turnout: number) =>
			topicMinutes(topic(), { turnout, totals }).outcome;
		expect(result({}, 0)).toMatchObject({ result: 'no-votes', winner: null });
		expect(result({ a: 2 }, 2)).toMatchObject({ result: 'no-quorum', quorumMet: false });
		expect(result({ a: 2, b: 2 }, 4)).toMatchObject({ result: 'tie', tie: ['Soup', 'Salad'] });
		expect(result({ a: 2, b: 1 }, 4)).toMatchObject({ result: 'no-majority', winner: null });
		expect(result({ a: 3, b: 1 }, 4)).toMatchObject({ result: 'winner', winner: 'Soup' });
	});

	it('leaves presence and turnout share empty when nobody was counted as present', () => {
		const minutes = topicMinutes(topic({ presentAtClose: null, status: 'open', closedAt: null }), {
			turnout: 1,
			totals: { a: 1 }
		});
		expect(minutes).toMatchObject({ present: null, turnoutOfPresent: null, closedAt: null });
		const row = resultRows(topic({ presentAtClose: null, closedAt: null }), {
			turnout: 1,
			totals: { a: 1 }
		})[0];
		expect(toCsv([row]).split('\r\n')[1]).toContain('"3","","1","","no","no-quorum","",');
	});

	it('gives points as a share of the most possible', () => {
		const score = resultRows(topic({ kind: 'score', options: [{ id: 'a', label: 'Hall' }] }), {
			turnout: 2,
			totals: { a: 7 }
		});
		expect(score[0]).toMatchObject({ measure: 'points', value: 7, share: 0.7 });
	});

	it('writes every runoff round of a ranked topic, with its exhausted ballots', () => {
		const ranked = topic({
			title: 'Capital',
			kind: 'ranked',
			options: [
				{ id: 'm', label: 'Memphis' },
				{ id: 'n', label: 'Nashville' },
				{ id: 'c', label: 'Chattanooga' }
			]
		});
		const tally: Tally = {
			turnout: 5,
			totals: { m: 2, n: 2, c: 1 },
			rounds: [
				{ totals: { m: 2, n: 2, c: 1 }, eliminated: ['c'], exhausted: 0 },
				{ totals: { m: 2, n: 2 }, eliminated: [], exhausted: 1 }
			]
		};
		const rows = resultRows(ranked, tally);
		expect(
			rows.map((row) => [
				row.row,
				row.round,
				row.option,
				row.measure,
				row.value,
				row.eliminatedInRound
			])
		).toEqual([
			['option', null, 'Memphis', 'first preferences', 2, null],
			['option', null, 'Nashville', 'first preferences', 2, null],
			['option', null, 'Chattanooga', 'first preferences', 1, 1],
			['round', 1, 'Memphis', 'continuing ballots', 2, null],
			['round', 1, 'Nashville', 'continuing ballots', 2, null],
			['round', 1, 'Chattanooga', 'continuing ballots', 1, 1],
			['round', 1, '', 'exhausted ballots', 0, null],
			['round', 2, 'Memphis', 'continuing ballots', 2, null],
			['round', 2, 'Nashville', 'continuing ballots', 2, null],
			['round', 2, '', 'exhausted ballots', 1, null]
		]);
		expect(rows.map((row) => row.lastRound).slice(0, 3)).toEqual([2, 2, 1]);
		expect(topicMinutes(ranked, tally)).toMatchObject({
			kind: 'ranked',
			rounds: tally.rounds,
			outcome: { result: 'tie', winner: null }
		});
	});
});
