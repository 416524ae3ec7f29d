/**
 * The stores every caller uses, built once over any engine: each method runs one use case, a
 * write in its own transaction.
 */
import { verifyAuditInPages } from '../audit-pages.ts';
import type { Engine } from '../port.ts';
import { FencedOut, type Stores } from '../store.ts';
import * as accounts from './accounts.ts';
import * as identities from './identities.ts';
import * as meetings from './meetings.ts';
import * as paper from './paper.ts';
import * as proxies from './proxies.ts';
import * as roll from './roll.ts';
import * as topics from './topics.ts';
import * as votes from './votes.ts';

/** `auditPageSize`: audit entries the periodic check reads at once (`audit-pages.ts`). */
export function createStores(engine: Engine, options: { auditPageSize?: number } = {}): Stores {
	const { read, write } = engine;
	return {
		users: {
			create: (username, passwordHash, now) =>
				write(() => accounts.createUser(username, passwordHash, now)),
			createGuest: (meetingId, displayName, now) =>
				write(() => accounts.createGuest(meetingId, displayName, now)),
			findByUsername: (username) => read(() => accounts.accountByName(username)),
			findById: (id) => read(() => accounts.userById(id))
		},
		sessions: {
			create: (session) => write(() => accounts.createSession(session)),
			find: (id) => read(() => accounts.findSession(id)),
			setExpiry: (id, expiresAt) => write(() => accounts.setSessionExpiry(id, expiresAt)),
			delete: (id) => write(() => accounts.deleteSession(id)),
			deleteExpired: (now) => write(() => accounts.deleteExpiredSessions(now))
		},
		topics: {
			create: (ownerId, input, now) => write(() => topics.createTopic(ownerId, input, now)),
			get: (id) => read(() => topics.getTopic(id)),
			listByOwner: (ownerId) => read(() => topics.topicsOf(ownerId)),
			async changeStatus(id, actorId, action, now, present = null) {
				const change = await write(() => topics.changeStatus(id, actorId, action, now, present));
				// A closed secret topic's links are gone from the tables; now from the engine too.
				if (action === 'close' && change.ok && change.topic.secret) await engine.forget();
				return change;
			},
			editDraft: (id, actorId, patch) => write(() => topics.editDraft(id, actorId, patch)),
			setTimer: (id, actorId, closesAt) => write(() => topics.setTimer(id, actorId, closesAt)),
			listTimed: () => read(() => topics.timedTopics()),
			setResultsHidden: (id, actorId, hidden) =>
				write(() => topics.setResultsHidden(id, actorId, hidden))
		},
		votes: {
			castMany: (ballots, now) => write(() => votes.castMany(ballots, now)),
			findVote: (topicId, userId, forEntryId) =>
				read(() => votes.findVote(topicId, userId, forEntryId)),
			findVotes: (asks) => read(() => votes.findVotes(asks)),
			results: (topicId) => read(() => votes.results(topicId)),
			topicResults: (topicId) => read(() => votes.topicResults(topicId)),
			tallySource: (topicId) => read(() => votes.tallySource(topicId)),
			namedVotes: (topicId) => read(() => votes.namedVotes(topicId)),
			audit: (topicId) => read(() => votes.auditOf(topicId)),
			verifyAudit: (topicId) => verifyAuditInPages(engine, topicId, options.auditPageSize),
			addPaper: (topicId, actorId, raw, now) =>
				write(() => paper.addPaper(topicId, actorId, raw, now)),
			votedList: (topicId) => read(() => paper.votedList(topicId))
		},
		meetings: {
			create: (ownerId, title, now) => write(() => meetings.createMeeting(ownerId, title, now)),
			get: (id) => read(() => meetings.getMeeting(id)),
			getByCode: (code) => read(() => meetings.meetingByCode(code)),
			listByOwner: (ownerId) => read(() => meetings.meetingsRunBy(ownerId)),
			agenda: (meetingId) => read(() => meetings.agenda(meetingId)),
			addTopic: (meetingId, actorId, input, now) =>
				write(() => meetings.addTopic(meetingId, actorId, input, now)),
			moveTopic: (meetingId, actorId, topicId, delta) =>
				write(() => meetings.moveTopic(meetingId, actorId, topicId, delta)),
			duplicateTopic: (meetingId, actorId, topicId, now) =>
				write(() => meetings.duplicateTopic(meetingId, actorId, topicId, now)),
			removeTopic: (meetingId, actorId, topicId) =>
				write(() => meetings.removeTopic(meetingId, actorId, topicId)),
			setCurrent: (meetingId, actorId, topicId) =>
				write(() => meetings.setCurrent(meetingId, actorId, topicId)),
			setAccess: (meetingId, actorId, access) =>
				write(() => meetings.setAccess(meetingId, actorId, access)),
			end: (meetingId, actorId, now) => write(() => meetings.endMeeting(meetingId, actorId, now)),
			members: (meetingId) => read(() => meetings.members(meetingId)),
			role: (meetingId, userId) => read(() => meetings.role(meetingId, userId)),
			setMember: (meetingId, actorId, username, role, now) =>
				write(() => meetings.setMember(meetingId, actorId, username, role, now))
		},
		roll: {
			list: (meetingId) => read(() => roll.rollEntries(meetingId)),
			add: (meetingId, actorId, rows, now) =>
				write(() => roll.addMembers(meetingId, actorId, rows, now)),
			edit: (meetingId, actorId, entryId, raw, now) =>
				write(() => roll.editMember(meetingId, actorId, entryId, raw, now)),
			remove: (meetingId, actorId, entryId, now) =>
				write(() => roll.removeMember(meetingId, actorId, entryId, now)),
			issue: (meetingId, actorId, invitations, now) =>
				write(() => roll.issueInvitations(meetingId, actorId, invitations, now)),
			revoke: (meetingId, actorId, entryId, now) =>
				write(() => roll.revokeInvitation(meetingId, actorId, entryId, now)),
			peek: (codeHash) => read(() => roll.peekInvitation(codeHash)),
			redeem: (codeHash, userId, now) => write(() => roll.redeemInvitation(codeHash, userId, now)),
			checkIn: (meetingId, actorId, entryId, present, now) =>
				write(() => roll.checkIn(meetingId, actorId, entryId, present, now)),
			setPresentFrom: (meetingId, actorId, from, now) =>
				write(() => roll.setPresentFrom(meetingId, actorId, from, now)),
			setGroup: (meetingId, actorId, group, now) =>
				write(() => roll.setRollGroup(meetingId, actorId, group, now)),
			joinByGroup: (meetingId, userId, name, groups, now) =>
				write(() => roll.joinByGroup(meetingId, userId, name, groups, now)),
			setWeighted: (meetingId, actorId, weighted, now) =>
				write(() => roll.setWeighted(meetingId, actorId, weighted, now)),
			binding: (meetingId, userId) => read(() => roll.binding(meetingId, userId)),
			electorate: (topicId) => read(() => roll.electorate(topicId)),
			current: (meetingId) => read(() => roll.currentRoll(meetingId)),
			checkedIn: (meetingId) => read(() => roll.checkedIn(meetingId)),
			audit: (meetingId) => read(() => roll.rollAudit(meetingId))
		},
		proxies: {
			view: (meetingId, actorId) => read(() => proxies.proxyView(meetingId, actorId)),
			setSettings: (meetingId, actorId, raw, now) =>
				write(() => proxies.setProxySettings(meetingId, actorId, raw, now)),
			grant: (meetingId, actorId, pair, now) =>
				write(() => proxies.grantDelegation(meetingId, actorId, pair, now)),
			request: (meetingId, actorId, to, now) =>
				write(() => proxies.requestDelegation(meetingId, actorId, to, now)),
			approve: (meetingId, actorId, id, now) =>
				write(() => proxies.approveDelegation(meetingId, actorId, id, now)),
			revoke: (meetingId, actorId, id, now) =>
				write(() => proxies.revokeDelegation(meetingId, actorId, id, now)),
			history: (meetingId) => read(() => proxies.delegationHistory(meetingId))
		},
		documents: {
			async load(name, fence) {
				if (!fence) return read(() => accounts.loadDocument(name));
				const updates = await write(() => accounts.loadFencedDocument(name, fence));
				if (!updates) throw new FencedOut(fence);
				return updates;
			},
			async append(name, update, fence) {
				const stored = await write(() => accounts.appendDocument(name, update, fence));
				if (!stored) throw new FencedOut(fence!);
			},
			async compact(name, state, fence) {
				const stored = await write(() => accounts.compactDocument(name, state, fence));
				if (!stored) throw new FencedOut(fence!);
			}
		},
		identities: {
			signIn: (claims, now) => write(() => identities.signInWithIdentity(claims, now)),
			groups: (userId) => read(() => identities.identityGroups(userId))
		},
		signupCodes: {
			issue: (codeHash, note, now, expiresAt) =>
				write(() => identities.issueSignupCode(codeHash, note, now, expiresAt)),
			usable: (codeHash, now) => read(() => identities.signupCodeUsable(codeHash, now)),
			register: (codeHash, username, passwordHash, now) =>
				write(() => identities.registerWithSignupCode(codeHash, username, passwordHash, now))
		},
		pendingMigrations: () => engine.pendingMigrations(),
		close: () => engine.close()
	};
}
