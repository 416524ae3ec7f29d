/**
 * Every user-visible string of the Svelte UI, in English. Other languages (`de.ts`) have the
 * same shape (`Messages` in `index.ts`); strings that take values are functions.
 *
 * Sentences around links or emphasis are split into parts, so each language orders its own words.
 */

import type { Majority } from '$lib/core/outcome.ts';
import { PROXY_LIMIT_MAX } from '$lib/core/proxy-rules.ts';
import { WEIGHT_MAX } from '$lib/core/weights.ts';

const majorityRule: Record<Majority, string> = {
	simple: 'the most votes',
	absolute: 'more than half of the votes',
	'two-thirds': 'two thirds of the votes'
};

const votes = (n: number) => (n === 1 ? '1 vote' : `${n} votes`);

export const en = {
	app: {
		name: 'Plenum',
		/** Browser tab title of a page. */
		title: (page: string) => `${page} · Plenum`
	},
	language: {
		label: 'Language',
		en: 'English',
		de: 'Deutsch'
	},
	nav: {
		label: 'Main',
		newMeeting: 'New meeting',
		newTopic: 'New topic',
		signOut: 'Sign out',
		signIn: 'Sign in',
		createAccount: 'Create account'
	},
	error: {
		notFound: 'Not found',
		generic: 'Something went wrong',
		back: 'Back to Plenum'
	},
	status: {
		draft: 'draft',
		open: 'open',
		closed: 'closed'
	},
	connection: {
		online: 'Live',
		connecting: 'Connecting…',
		reconnecting: 'Reconnecting…',
		offline: 'Offline — showing the last results received'
	},
	home: {
		yourMeetings: 'Your meetings',
		yourTopics: 'Your topics',
		noTopics: 'You have no topics yet.',
		createFirstTopic: 'Create your first topic',
		noTopicsEnd: '.',
		newTopic: 'New topic',
		newMeeting: 'New meeting',
		headline: 'Vote together, see results live.',
		intro:
			'Plenum runs polls for rooms and groups. Share a link, everyone votes from their phone or laptop, and the results change on every screen as votes arrive. Votes cast on a bad network are kept on the device and counted exactly once.',
		createAccount: 'Create an account',
		signIn: 'Sign in'
	},
	join: {
		title: 'Join a meeting',
		codeLabel: 'Meeting code',
		codePlaceholder: 'K7Q-2XD',
		submit: 'Join'
	},
	auth: {
		username: 'Username',
		password: 'Password',
		signInTitle: 'Sign in',
		signInSubmit: 'Sign in',
		newHere: 'New here?',
		createAccountLink: 'Create an account',
		registerTitle: 'Create an account',
		registerSubmit: 'Create account',
		passwordHint: 'At least 10 characters; a few words strung together work well.',
		haveAccount: 'Already have an account?',
		signInLink: 'Sign in',
		sentenceEnd: '.',
		/** Sign-in with the organisation's OpenID Connect provider. */
		signInWith: (provider: string) => `Sign in with ${provider}`,
		orPassword: 'Or with a username and password:',
		registrationClosed:
			'This server does not take new registrations. Sign in with your organisation’s account, or ask the operator for one.',
		invitationCode: 'Sign-up code',
		invitationHint:
			'Registration here is by invitation: enter the sign-up code the operator gave you.',
		/** Why an OpenID Connect sign-in did not complete, by the `oidc` query parameter. */
		oidc: {
			denied: 'Sign-in was cancelled at the identity provider. Nothing was changed here.',
			'not-in-group': (group: string) =>
				`Your account at the identity provider is not in the group “${group}”, which this server requires. Ask your organisation to add you.`,
			'no-username':
				'The identity provider did not say who you are (no usable username). Ask the operator to check the sign-in settings.',
			failed: 'Sign-in with the identity provider did not complete. Try again.',
			expired: 'The sign-in took too long or was started in another window. Try again.',
			unavailable: 'The identity provider cannot be reached right now. Try again later.'
		}
	},
	share: {
		label: 'Share this link with voters',
		copy: 'Copy',
		copied: 'Copied'
	},
	countdown: {
		closesIn: 'Voting closes in'
	},
	/** The embeddable results page (`/embed/<topic>`), for stream overlays and dashboards. */
	embed: {
		title: (topic: string) => `${topic} (live results)`,
		connecting: 'Connecting…',
		unavailable: 'These results are not available.',
		notOpen: 'Voting has not started yet.'
	},
	topic: {
		hereNow: (n: number) =>
			n === 1 ? '1 person has this topic open now' : `${n} people have this topic open now`,
		yourVote: 'Your vote',
		signInToVote: 'Sign in to vote',
		chooseOne: 'Choose one option',
		castVote: 'Cast vote',
		notStarted: 'Voting has not started yet. This page updates by itself when it does.',
		closed: 'Voting has closed.',
		results: 'Results',
		loading: 'Loading the topic…',
		unknownOption: 'an unknown option',
		liveRefused: (problem: string) => `The server refused this page’s live connection (${problem}).`
	},
	ballot: {
		pending: 'Pending:',
		pendingOnline: (label: string) =>
			`your vote for “${label}” is saved on this device and is being counted…`,
		pendingOffline: (label: string) =>
			`your vote for “${label}” is saved on this device and will be sent when you are back online.`,
		counted: 'Counted:',
		accepted: (label: string) => `your vote for “${label}” was accepted.`,
		receipt: 'Receipt',
		/** One option of a score ballot. */
		scored: (label: string, points: number) => `${label}: ${points}`,
		notCounted: 'Not counted:',
		refused: (label: string) => `your choice “${label}” was refused.`,
		closedWhileOffline: (time: string) => `The topic closed at ${time} while you were offline.`,
		reachedFirst: (label: string) =>
			`Your vote for “${label}” reached the server first, from this or another of your devices, and only one vote per person counts.`,
		sealed:
			'your vote in this secret poll was cast on another device (or before this device kept its receipt). Its choice is not kept with your name, so it cannot be shown here; your receipt is on the device you voted with.'
	},
	/** Why the server did not count a ballot, by `RefusalReason`. */
	refusal: {
		'not-signed-in': 'Sign in to vote.',
		'unknown-topic': 'This topic does not exist.',
		'topic-not-open': 'Voting has not started yet.',
		'topic-closed': 'Voting on this topic closed before your ballot arrived.',
		'unknown-option': 'That choice is not one of this topic’s options.',
		'already-voted': 'You have already voted on this topic; only your first vote counts.',
		'malformed-ballot': 'The ballot could not be read.',
		'invalid-choice': 'That ballot does not fit this topic’s rules.',
		observer: 'Observers follow the results but do not vote.',
		'guests-not-allowed': 'This meeting is for signed-in accounts only.',
		'not-a-participant': 'Join the meeting to vote on its topics.',
		delegated: 'You handed your vote to a proxy, who votes for you while the delegation stands.',
		'not-a-proxy': 'That member has not handed their vote to you.',
		'not-eligible':
			'Only the members on this meeting’s roll vote, each with their personal invitation. You can follow the results.'
	},
	results: {
		hidden: 'Results are hidden until voting closes, so that early votes do not sway later ones.',
		/** Screen-reader value of one bar. */
		barValue: (count: number, percent: number) => `${votes(count)}, ${percent}%`,
		votesCounted: (n: number) => `${votes(n)} counted`,
		/** Weighted topics: an option's weight beside its head count. */
		weightOf: (weight: string) => `weight ${weight}`,
		/** Weighted topics: the weight cast, of the weight eligible when known. */
		weightCast: (cast: string, eligible: string | null) =>
			eligible === null ? `weight cast ${cast}` : `weight ${cast} of ${eligible} cast`,
		weighted: 'Counted by weight: the outcome is decided on weight.'
	},
	outcome: {
		quorumMet: (turnout: number, quorum: number) => `Quorum met: ${turnout} of ${quorum} needed.`,
		quorumNotMet: (turnout: number, quorum: number) =>
			`Quorum not met: ${turnout} of ${quorum} needed.`,
		quorumWeightMet: (cast: string, quorum: number) =>
			`Quorum met: weight ${cast} of ${quorum} needed.`,
		quorumWeightNotMet: (cast: string, quorum: number) =>
			`Quorum not met: weight ${cast} of ${quorum} needed.`,
		wins: (label: string) => `“${label}” wins`,
		leads: (label: string) => `“${label}” leads`,
		/** Follows `wins`/`leads`, with its leading space. */
		withRule: (majority: Majority) => ` with ${majorityRule[majority]}.`,
		tied: 'Tied:',
		tie: (labels: string[], closed: boolean) =>
			`${labels.join(' and ')}; ${closed ? 'no option wins' : 'no option leads'}.`,
		noMajority: (majority: Majority, closed: boolean) =>
			`No option has ${majorityRule[majority]} ${closed ? '— the motion does not pass' : 'yet'}.`,
		noQuorum: 'No result stands without the quorum.',
		elected: (labels: string[], closed: boolean) =>
			`${closed ? 'Elected' : 'Elected so far'}: ${labels.join(', ')}`,
		noneElected: (closed: boolean) => (closed ? 'Nobody is elected.' : 'Nobody is elected yet.'),
		seatsRule: (seats: number, rule: string) => ` — ${seats} seats, ${rule}.`,
		pendingLot: (labels: string[]) =>
			`${labels.join(', ')} are tied: the lot decides when voting closes.`
	},
	host: {
		controls: 'Host controls',
		openVoting: 'Open voting',
		reopenVoting: 'Reopen voting',
		closeVoting: 'Close voting',
		revealResults: 'Reveal results',
		hideResults: 'Hide results',
		hideResultsUntilClose: 'Hide results until close',
		auditLog: 'Audit log',
		resultsCsv: 'Results (CSV)',
		resultsJson: 'Results (JSON)'
	},
	participant: {
		meeting: 'Meeting',
		code: (code: string) => `Code ${code}`,
		manage: 'Manage',
		needsAccount: 'Voting in this meeting needs an account, so each person has one vote.',
		signIn: 'Sign in',
		or: ' or ',
		createAccount: 'create an account',
		followAlong: '; until then you can follow along.',
		waiting: 'Waiting for the host to show the first topic. This page follows the host by itself.',
		observer: 'You are an observer: you follow the results but do not vote.',
		guestAs: (name: string) => `You take part as the guest “${name}”.`,
		whoMayVote: 'Who may vote:',
		ended: 'This meeting has ended.'
	},
	meeting: {
		presentNow: 'Present now',
		presentNobody: 'Nobody has the meeting open yet.',
		presentUnavailable: 'The list of who is here could not be loaded.',
		guestTag: 'guest',
		howToJoin: 'How participants join',
		qrAlt: (title: string) => `QR code to join ${title}`,
		joinCode: 'Join code',
		presenterView: 'Open presenter view',
		addTopic: 'Add a topic',
		agenda: 'Agenda',
		noTopics: 'No topics yet. Add the first one; participants see topics when you show them.',
		showingNow: 'Showing now',
		showNow: 'Show now',
		moveUp: (title: string) => `Move “${title}” up`,
		moveDown: (title: string) => `Move “${title}” down`,
		duplicate: 'Duplicate',
		remove: 'Remove',
		cohostNote: 'You are a co-host: you run the agenda and its topics together with the host.',
		whoMayVote: 'Who may vote',
		accessHostOnly: 'Only the host can change who may vote.',
		saveAccess: 'Save',
		accessSaved: 'Saved.',
		people: 'People',
		peopleExplain:
			'Co-hosts run the agenda and its topics with you. Observers follow the results but do not vote.',
		noPeople: 'Nobody has a role yet.',
		role: 'Role',
		addPerson: 'Add',
		removePerson: (name: string) => `Remove ${name}`,
		ended: 'This meeting has ended: its code no longer lets anyone join. Results stay here.',
		endHeading: 'End the meeting',
		endOpen: 'End the meeting…',
		endExplain:
			'Its join code stops working at once: nobody new can join, as a guest or with an account. Results and exports stay available. This cannot be undone.',
		endOpenTopics: 'Some topics are still open: close them first if voting is over.',
		endConfirm: 'End the meeting now'
	},
	newMeeting: {
		title: 'New meeting',
		nameLabel: 'Name of the meeting',
		namePlaceholder: 'General assembly 2027',
		explain:
			'You get a join code and a QR code. Participants sign in and follow along on their phones.',
		submit: 'Create meeting'
	},
	present: {
		title: (meeting: string) => `Presenting ${meeting}`,
		failed: 'That did not work.',
		firstTopicHint: 'Press → to show the first topic.',
		howToJoin: 'How to join',
		qrAlt: 'QR code to join',
		joinAt: 'Join at',
		withCode: 'with code',
		present: (n: number) => `${n} present`,
		previous: '← Previous',
		next: 'Next →',
		timer: '1-minute timer',
		agenda: 'Agenda',
		/** `<strong>{voted}</strong> of <strong>{present}</strong> present have voted` */
		turnoutOf: 'of',
		turnoutEnd: 'present have voted'
	},
	/** The projected presenter view and the host's remote control. */
	projector: {
		stageColumn: 'Stage',
		elected: 'Elected',
		electedSoFar: 'Elected so far',
		firstPreferences: 'First preferences',
		transfer: 'Transfer',
		/** Small print under the results: the audit chain's head, for `yarn audit:verify --head`. */
		auditHead: (entries: number, head: string) =>
			`Audit log: ${entries} ${entries === 1 ? 'entry' : 'entries'}, head ${head}`,
		state: {
			draft: 'Not open yet',
			open: 'Voting open',
			hidden: 'Voting open · results hidden',
			closed: 'Voting closed'
		},
		winner: 'Winner',
		leading: 'Leading',
		outInRound: (round: number) => `out in round ${round}`,
		average: (value: string) => `avg ${value}`,
		finalRound: (round: number) => `Final round (round ${round})`,
		exhausted: 'Exhausted ballots',
		roundColumn: 'Round',
		hiddenTitle: 'Results hidden',
		hiddenExplain: 'They are shown when voting closes or when the host reveals them.',
		welcome: 'Scan the code or type the address to join. Voting starts in a moment.',
		keysKept: 'Starting… the keys you pressed will run in a moment.',
		keys: 'Keys: ← → topic · O open · C close · R results · T timer · F full screen',
		fullscreen: 'Full screen',
		exitFullscreen: 'Leave full screen',
		remote: 'Remote control',
		confirmClose: 'Close voting?',
		confirmReveal: 'Reveal the results to the room?',
		confirmKeys: (key: string) => `Press ${key} again or Enter to confirm, Esc to cancel.`,
		cancel: 'Cancel',
		/** The remote: the host's phone or laptop driving the projector. */
		remoteTitle: (meeting: string) => `Remote: ${meeting}`,
		remoteHeading: 'Remote control',
		remoteExplain:
			'The projector and the participants’ phones follow what you do here. Open the projector at',
		showing: 'Showing now',
		nothingShown: 'No topic is shown yet. Pick one below or press Next.',
		voted: (voted: number, present: number) => `${voted} of ${present} present have voted`,
		resultsHidden: 'Results are hidden from the room.',
		resultsShown: 'Results are visible to the room.',
		tapAgainClose: 'Tap again to close voting',
		tapAgainReveal: 'Tap again to reveal the results',
		confirmHint: 'Closing voting and revealing results take a second tap.',
		timerLabel: 'Timer',
		timerFor: (seconds: number) => (seconds < 60 ? `${seconds} s` : `${seconds / 60} min`),
		stopTimer: 'Stop timer',
		agenda: 'Agenda',
		show: 'Show',
		shownNow: 'shown now'
	},
	newTopic: {
		motionNeeds: 'The motion passes with',
		winnerIs: (rule: string) => `The winner has ${rule}.`,
		kind: 'Poll type',
		yesNoOptions: (yes: string, no: string, abstain: string) =>
			`Voters answer ${yes}, ${no} or ${abstain}.`,
		minChoices: 'Pick at least',
		maxChoices: 'Pick at most',
		scoreMax: 'Highest score per option',
		seats: 'Seats to fill',
		seatsHint:
			'With more than one seat, a ranked topic is counted by the single transferable vote (Scottish rules), and multiple choice elects the options with the most approvals (each voter marks at most that many).',
		secrecy: 'Who sees how people voted',
		title: 'New topic',
		onAgenda: (meeting: string) => `On the agenda of “${meeting}”.`,
		question: 'Question',
		details: 'Details',
		optional: '(optional)',
		options: 'Options',
		optionsRange: (min: number, max: number) => `(${min} to ${max})`,
		option: (n: number) => `Option ${n}`,
		removeOption: (n: number) => `Remove option ${n}`,
		addOption: 'Add option',
		winnerNeeds: 'A winner needs',
		majority: {
			simple: 'The most votes (simple majority)',
			absolute: 'More than half of the votes (absolute majority)',
			'two-thirds': 'Two thirds of the votes'
		},
		quorum: 'Quorum',
		quorumHint: '(fewest voters for the result to stand; 0 for none)',
		hideResults: 'Hide results until voting closes, so early votes do not sway later ones',
		late: 'Ballots that arrive after closing',
		lateRefuse: 'Refuse them (default)',
		late5min: 'Count them for 5 minutes after closing',
		late15min: 'Count them for 15 minutes after closing',
		late1h: 'Count them for 1 hour after closing',
		lateHint:
			'Voters with a bad connection may cast their vote before you close and have it arrive later.',
		submit: 'Create topic',
		draftHint: 'It starts as a draft; open it when you are ready to take votes.'
	},
	/** Poll kinds, secrecy and counting (for the upcoming poll types). */
	poll: {
		kinds: {
			single: { name: 'Single choice', hint: 'Pick one' },
			multiple: {
				name: 'Multiple choice',
				hint: (min: number, max: number) => `Pick between ${min} and ${max}`
			},
			'yes-no': { name: 'Yes / no / abstain', hint: 'Yes, no or abstain' },
			ranked: { name: 'Ranked choice', hint: 'Rank the options in order of preference' },
			score: { name: 'Score', hint: (max: number) => `Give each option 0 to ${max} points` }
		},
		/** Topics that elect several options, named by their rule. */
		elects: {
			approval: (seats: number) => `Approval voting, ${seats} seats`,
			stv: (seats: number) => `Single transferable vote, ${seats} seats`
		},
		yes: 'Yes',
		no: 'No',
		abstain: 'Abstain',
		secret: {
			name: 'Secret ballot',
			explain: 'Nobody, not even the host, can see who voted what.'
		},
		named: {
			name: 'Named vote',
			explain: 'The host sees who voted what.'
		},
		changeVote: 'Voters may change their vote until voting closes (the last one counts)',
		runoff: {
			round: (n: number) => `Round ${n}`,
			eliminated: 'eliminated',
			exhausted: 'exhausted ballots',
			heading: 'Instant-runoff rounds',
			caption:
				'Each round counts every ballot for its highest-ranked option still in the race; the option with the fewest votes is eliminated until one has more than half.',
			option: 'Option',
			stvHeading: 'Single transferable vote (Scottish rules): stages',
			stvCaption:
				'Quota: the ballots divided by the seats plus one, rounded down, plus one. An option reaching the quota is elected and its surplus moves on to the next preferences at a reduced value (cut to 5 decimals); otherwise the option with the fewest votes is excluded and its ballots move on. Ties go to the earlier stage where the options differed, then to a lot.',
			stage: (n: number) => `Stage ${n}`,
			elected: 'elected',
			nonTransferable: 'non-transferable',
			quota: (quota: number, seats: number) => `Quota ${quota} for ${seats} seats`,
			surplus: (label: string, value: number) => `surplus of ${label} at ${value}`,
			exclusion: (label: string) => `ballots of ${label}`,
			lot: (labels: string[]) => `Tie between ${labels.join(', ')}: decided by lot.`,
			pendingLot: (labels: string[]) =>
				`Tie between ${labels.join(', ')}: decided by lot when voting closes.`
		},
		/** Voting forms per kind. */
		vote: {
			rankHint:
				'Tap the options in order of preference, your first choice first. Tap a ranked option again to remove it.',
			rankPosition: (n: number) => `Choice ${n}`,
			notRanked: 'Not ranked',
			startAgain: 'Start again',
			scoreLegend: (label: string) => `Points for “${label}”`,
			picked: (n: number, min: number, max: number) =>
				`${n} picked (${min === max ? `pick ${min}` : `pick ${min} to ${max}`})`,
			changeVote: 'Change my vote',
			changeHint: 'You may change your vote until voting closes; the last one counts.'
		},
		/** How a winner is found, shown with the outcome. */
		rule: {
			yesNo: {
				simple: 'more yes than no votes',
				absolute: 'yes from more than half of all ballots, abstentions included',
				'two-thirds': 'yes from two thirds of the yes and no votes'
			},
			ranked: 'more than half of the continuing ballots in the last round',
			score: 'the highest total score',
			stv: 'Single transferable vote (Scottish rules)',
			approvalSeats: 'the most approvals'
		},
		passes: 'The motion passes',
		passing: 'The motion is passing',
		fails: 'The motion does not pass',
		failing: 'The motion is not passing yet',
		points: (n: number) => (n === 1 ? '1 point' : `${n} points`),
		average: (value: string) => `average ${value}`,
		finalRound: 'Last round of the count'
	},
	roles: {
		host: 'Host',
		cohost: 'Co-host',
		voter: 'Voter',
		observer: 'Observer',
		door: 'Door (check-in)'
	},
	access: {
		accounts: {
			name: 'Signed-in accounts only',
			guarantee: 'One vote per account: each voter signed in with their own account.'
		},
		guests: {
			name: 'Guests with the code and a name',
			guarantee:
				'One vote per guest session: anyone with the code can join, and a person who joins again from another browser could vote twice. Use this for quick opinions, not binding decisions.'
		},
		roll: {
			name: 'Members on the roll only',
			guarantee:
				'One vote per member: only the people on the roll vote, each with their personal invitation, whatever device or account they use. Anyone with the code can follow.'
		}
	},
	guest: {
		displayName: 'Your display name',
		join: 'Join as a guest',
		joinMeeting: (title: string) => `Join “${title}”`,
		nameHint: (max: number) =>
			`1 to ${max} characters. In named votes, the hosts see this name next to your vote.`,
		haveAccount: 'Have an account?',
		signInInstead: 'Sign in instead',
		accountsOnly: 'This meeting is for signed-in accounts only. Sign in to take part.'
	},
	/** The hosts' list of who voted what, for named (not secret) topics. */
	namedVotes: {
		caption: 'Named vote: only the hosts see this list.',
		name: 'Name',
		choice: 'Choice',
		none: 'No votes yet.',
		failed: 'The list of votes could not be loaded.',
		/** One place of a ranked ballot. */
		ranked: (rank: number, label: string) => `${rank}. ${label}`
	},
	/**
	 * Why a form was refused, by the failure's `code` (see `$lib/core/failures.ts`); texts that
	 * name values take the failure's `params`. Shown through `errorText`.
	 */
	signOut: {
		pending: (n: number) =>
			n === 1
				? 'One ballot has not reached the server yet. Signing out now deletes it from this device and it will not be counted. Wait until you are back online, or sign out anyway.'
				: `${n} ballots have not reached the server yet. Signing out now deletes them from this device and they will not be counted. Wait until you are back online, or sign out anyway.`,
		wait: 'Wait',
		anyway: 'Sign out anyway'
	},
	/** The roll of members (roll meetings), invitations, check-in and the electorate figures. */
	roll: {
		link: 'Roll of members',
		title: (meeting: string) => `Roll · ${meeting}`,
		heading: 'Roll of members',
		intro:
			'Only the members on this roll vote in this meeting, each once, with a personal invitation. Every change makes a new roll version, recorded in the audit log; a topic keeps the roll it opened with.',
		version: (v: number) => `Roll version ${v}`,
		count: (n: number) => (n === 1 ? '1 member' : `${n} members`),
		addHeading: 'Add a member',
		name: 'Name',
		contact: 'E-mail or username (optional)',
		memberNumber: 'Member number (optional)',
		add: 'Add to the roll',
		importHeading: 'Import a CSV file',
		importHelp:
			'One member per line: name, then optionally e-mail or username, member number and weight (default 1, e.g. 0.25). A first line naming the columns (name, email, number, weight) is read as a header. Nothing is imported unless every line is right.',
		file: 'CSV file',
		import: 'Import',
		imported: (n: number) => (n === 1 ? '1 member imported.' : `${n} members imported.`),
		lineError: (line: number, text: string) => `Line ${line}: ${text}`,
		edit: 'Edit',
		save: 'Save',
		remove: 'Remove',
		checkIn: 'Check in',
		checkOut: 'Undo check-in',
		checkedIn: 'Present',
		bound: 'Invitation used',
		invited: 'Invited',
		notInvited: 'No invitation yet',
		reissue: 'New invitation',
		revoke: 'Revoke invitation',
		newInvitation: (name: string) => `New invitation for ${name}`,
		revokedNote: 'The earlier invitation and whatever device used it no longer vote.',
		printHeading: 'Invitations',
		printHelp:
			'Prints a personal invitation (link, code and QR code) for every member who has not used one yet; unused earlier invitations stop working.',
		print: 'Make invitation sheet',
		presentFrom: 'Present and quorum count',
		presentFromConnections: 'people with the meeting open',
		presentFromCheckIn: 'members checked in at the door',
		setPresentFrom: 'Save',
		groupHeading: 'Members by OpenID group',
		groupHelp:
			'People who sign in with OpenID Connect and whose provider names this group are put on the roll, bound to their account, when they open the meeting (once). Leave empty for none. Someone added after a vote opened votes from the next one.',
		groupNoOidc: 'This server has no OpenID Connect sign-in, so no one is added by group.',
		group: 'OpenID group',
		setGroup: 'Save group',
		weight: 'Weight (e.g. shares; default 1)',
		weightOf: (weight: string) => `weight ${weight}`,
		weightedHeading: 'Weighted voting',
		weighted: 'Count each member’s weight',
		weightedHelp:
			'Topics opened from now on count each ballot with its member’s weight (single choice, yes / no, multiple choice); results show weight beside head counts, and the quorum is a weight. Ranked choice, score and elections of several seats count heads. Weights cannot change while a weighted topic is open.',
		search: 'Find a member',
		door: 'Door',
		/** The participant page: who this device votes for. */
		votingAs: (name: string) => `Voting as the member ${name}`,
		haveInvitation: 'Have a personal invitation?',
		/** Eligible, present, voted, roll version: the presenter and the host's views. */
		eligible: 'eligible',
		checkedInCount: 'checked in',
		voted: 'voted',
		votedOfEligible: (voted: number, eligible: number) => `${voted} of ${eligible} eligible voted`,
		rollVersion: (v: number) => `roll v${v}`
	},
	/** The invitation sheet and the page that redeems an invitation. */
	invitation: {
		sheetTitle: (meeting: string) => `Invitations · ${meeting}`,
		sheetHeading: (meeting: string) => `Personal invitations for “${meeting}”`,
		sheetNote:
			'Each invitation works once and only for the member named on it. Hand them out at the door; keep this sheet out of sight.',
		none: 'Every member has already used an invitation; reissue one from the roll.',
		forMember: (name: string) => `For ${name}`,
		scan: 'Scan, or open the link, or type the code at',
		code: 'Code',
		printNow: 'Print',
		back: 'Back to the roll',
		title: 'Your invitation',
		heading: 'Redeem your invitation',
		enterCode: 'Invitation code',
		forMeeting: (name: string, meeting: string) =>
			`This invitation is for ${name}, member of “${meeting}”.`,
		bindAccount: (username: string) =>
			`Redeeming binds your account ${username} to this member: it votes for them, once per topic.`,
		bindDevice:
			'Redeeming binds this device to this member: it votes for them, once per topic. Use it on the device you will vote with.',
		redeem: 'Redeem and take part',
		unknown: 'This invitation is not valid (any more). Ask the hosts for a new one.',
		used: 'This invitation was already used. Ask the hosts for a new one.',
		otherEntry: 'You already vote for another member of this roll.',
		ended: 'This meeting has ended.',
		tooMany: 'Too many tries from your network just now. Wait a few minutes and try again.'
	},
	/** Who has voted (never what), for the hosts; counted paper ballots. */
	/** Proxy votes (roll meetings): delegations, and ballots cast for others. */
	proxies: {
		heading: 'Proxies',
		explain:
			'A member may hand their vote to another member, who then casts a separate ballot for them on every topic.',
		off: 'This meeting takes no proxies.',
		limitLabel: 'Votes one person may carry for others (0: no proxies)',
		revocableLabel: 'Members may take back their delegation themselves',
		save: 'Save',
		from: 'Member',
		to: 'hands their vote to',
		grant: 'Hand over vote',
		none: 'No delegations yet.',
		pair: (from: string, to: string) => `${from} → ${to}`,
		requested: 'waiting for the hosts',
		approved: 'stands',
		approve: 'Approve',
		refuse: 'Refuse',
		end: 'End',
		handedTo: (name: string) => `You handed your vote to ${name}, who votes for you.`,
		askedFor: (name: string) => `You asked to hand your vote to ${name}; the hosts decide.`,
		withdraw: 'Withdraw the request',
		takeBack: 'Take my vote back',
		askLabel: 'Hand my vote to',
		ask: 'Ask the hosts',
		carries: (names: string) => `You vote for yourself and, as proxy, for: ${names}.`,
		ballotFor: (name: string) => `Ballot for ${name} (by proxy)`,
		ballotExplain: 'A separate ballot, counted as this member’s vote.',
		castFor: (name: string) => `Cast vote for ${name}`,
		/** The ballot notice on a proxy's card: the member's vote, not the proxy's own. */
		notice: {
			pendingOnline: (label: string) =>
				`the vote for “${label}” is saved on this device and is being counted…`,
			pendingOffline: (label: string) =>
				`the vote for “${label}” is saved on this device and will be sent when you are back online.`,
			accepted: (label: string) => `the vote for “${label}” was accepted as this member’s vote.`,
			refused: (label: string) => `the choice “${label}” for this member was refused.`,
			reachedFirst: (label: string) =>
				`A vote for “${label}” reached the server first for this member, and only one vote per member counts.`,
			sealed:
				'this member’s vote in this secret poll was cast on another device. Its choice is not kept with a name, so it cannot be shown here.'
		},
		byProxy: (name: string) => `by proxy: ${name}`,
		represented: (n: number) => `${n} represented by proxy`,
		byProxyCount: (n: number) => `${n} by proxy`,
		failed: 'The change could not be saved.'
	},
	voted: {
		caption: 'Who has voted',
		explain: 'Only the hosts see this list. It shows who has voted, never what.',
		count: (voted: number, eligible: number) => `${voted} of ${eligible} have voted`,
		countOnly: (n: number) => (n === 1 ? '1 has voted' : `${n} have voted`),
		missing: 'Not voted yet',
		done: 'Voted',
		none: 'Nobody has voted yet.',
		allVoted: 'Everyone on the roll has voted.',
		checkedIn: 'checked in',
		guest: 'guest',
		number: (n: string) => `No. ${n}`,
		noList: 'Outside a roll there is no list of who may vote: this shows who voted.',
		failed: 'The list could not be loaded.'
	},
	paper: {
		heading: 'Paper ballots',
		explain:
			'Add counted paper ballots: how many named each option. They are counted with the votes and recorded in the audit log.',
		ballots: 'Paper ballots in this batch',
		note: 'Note (e.g. ballot box, who counted)',
		add: 'Add paper ballots',
		added: (n: number) => (n === 1 ? '1 paper ballot added.' : `${n} paper ballots added.`),
		ofWhich: (n: number) => (n === 1 ? 'of which 1 on paper' : `of which ${n} on paper`),
		option: (n: number) => `paper: ${n}`,
		unsupported:
			'Ranked and score topics take no paper ballots: they are counted from whole ballots.',
		failed: 'The paper ballots could not be added.'
	},
	errors: {
		'proxy-roll-only': 'Proxies exist only in meetings with a roll: each vote belongs to a member.',
		'proxies-off': 'This meeting takes no proxies.',
		'proxy-limit-invalid': `Give the limit as a whole number from 0 (no proxies) to ${PROXY_LIMIT_MAX}.`,
		'proxy-limit-below-carried':
			'Someone carries more votes than that now. End delegations first, then lower the limit.',
		'proxy-self': 'A member cannot hand their vote to themselves.',
		'proxy-entry-not-found': 'No such member on this roll.',
		'proxy-not-member': 'Only members on the roll, with their personal invitation, can do that.',
		'proxy-already-delegated': 'This member has already handed over their vote (or asked to).',
		'proxy-carries-others': 'This member carries others’ votes and cannot hand over their own.',
		'proxy-to-delegated': 'That member has handed over their own vote and cannot carry others.',
		'proxy-limit-reached': 'That member already carries as many votes as this meeting allows.',
		'proxy-not-found': 'No such delegation.',
		'proxy-not-requested': 'Only a request waiting for the hosts can be approved.',
		'proxy-not-allowed': 'Only the meeting’s hosts can do that.',
		'proxy-not-revocable': 'In this meeting only the hosts can end a delegation.',
		'proxy-meeting-ended': 'This meeting has ended.',
		'paper-kind-unsupported':
			'Paper ballots can be added to single choice, yes/no and multiple choice topics only: ranked and score ballots are counted from whole ballots.',
		'paper-topic-not-open': 'Paper ballots can be added once voting has opened.',
		'paper-too-late': 'Paper ballots can be added up to 24 hours after voting closed.',
		'paper-meeting-ended': 'The meeting has ended: its results no longer change.',
		'paper-counts-invalid': 'Give a whole number of 0 or more for each option.',
		'paper-ballots-invalid': 'Give the number of paper ballots, a whole number of 1 or more.',
		'paper-counts-mismatch': 'The counts per option do not fit the number of ballots.',
		'paper-note-too-long': 'Keep the note under 200 characters.',
		'paper-empty': 'The batch holds no ballots.',
		'paper-over-eligible':
			'More ballots than members on the roll: the votes cast and the paper ballots together cannot exceed those eligible.',
		'paper-weighted-unsupported':
			'This topic counts each member’s weight, and a paper batch names no members: add paper ballots to topics that count heads.',
		'voters-hosts-only': 'Only the topic’s hosts see who has voted.',
		'roll-name-missing': 'Give the member’s name.',
		'roll-name-too-long': 'Keep the name under 120 characters.',
		'roll-contact-too-long': 'The e-mail or username is too long.',
		'roll-number-too-long': 'The member number is too long.',
		'roll-number-duplicate': 'Another member already has this member number.',
		'roll-weight-invalid': `Give the weight as a number above 0 and at most ${WEIGHT_MAX}, with at most 6 decimals (e.g. 0.25).`,
		'roll-weight-locked': 'Weights cannot change while a weighted topic is open. Close it first.',
		'roll-too-many': 'The roll would hold too many members (or the file is too large).',
		'roll-csv-unreadable': 'This line could not be read as CSV (a quote left open?).',
		'roll-csv-empty': 'The file holds no members.',
		'roll-group-too-long': 'Keep the group under 200 characters.',
		'roll-entry-not-found': 'No such member on this roll.',
		'roll-not-allowed': 'Only the meeting’s hosts can do that.',
		'invitation-unknown': 'This invitation is not valid (any more). Ask the hosts for a new one.',
		'invitation-used': 'This invitation was already used. Ask the hosts for a new one.',
		'invitation-other-entry': 'You already vote for another member of this roll.',
		'invitation-meeting-ended': 'This meeting has ended.',
		'topic-input-missing': 'Send a title and options.',
		'kind-unknown': ({ kinds }: { kinds: string }) => `The poll type is one of ${kinds}.`,
		'title-missing': 'Give the topic a title.',
		'title-too-long': ({ max }: { max: number }) => `Keep the title under ${max} characters.`,
		'description-not-text': 'The description must be text.',
		'description-too-long': ({ max }: { max: number }) =>
			`Keep the description under ${max} characters.`,
		'options-not-text': 'Options must be a list of text.',
		'options-count': ({ min, max }: { min: number; max: number }) =>
			`Give between ${min} and ${max} options.`,
		'option-too-long': ({ max }: { max: number }) => `Keep each option under ${max} characters.`,
		'options-duplicate': 'Each option must be different.',
		'late-grace-range': ({ max }: { max: number }) =>
			`The grace period for late ballots is 0 to ${max} seconds.`,
		'hide-results-not-boolean': 'hideResults is true or false.',
		'majority-unknown': ({ majorities }: { majorities: string }) =>
			`The majority is one of ${majorities}.`,
		'quorum-invalid': 'The quorum is a number of voters, 0 for none.',
		'flags-not-boolean': 'secret and allowChange are true or false.',
		'choices-range': ({ max }: { max: number }) =>
			`Choose how many options a voter picks: at least 1, at most ${max}, the least not above the most.`,
		'score-max-range': ({ max }: { max: number }) => `The highest score is 1 to ${max} points.`,
		'seats-range': ({ max }: { max: number }) =>
			`Several seats are for approval or ranked topics: 1 to ${max} seats, fewer than the options; with approval, a voter marks at most as many options as there are seats.`,
		'topic-not-found': 'No such topic.',
		'topic-managers-only': 'Only the topic’s owner or the meeting’s hosts can do that.',
		'timer-needs-open': 'A timer runs only while voting is open.',
		'already-open': 'The topic is already open.',
		'not-opened': 'The topic has not been opened.',
		'already-closed': 'The topic is already closed.',
		'votes-hosts-only': 'Only the topic’s hosts see votes.',
		'votes-secret': 'This is a secret ballot: nobody can see who voted what.',
		'votes-hidden': 'Results are hidden until voting closes; so is who voted what.',
		'username-invalid': 'Use 3 to 32 letters, digits, “-” or “_”, starting with a letter or digit.',
		'password-too-short': ({ min }: { min: number }) =>
			`Use a password of at least ${min} characters.`,
		'password-too-long': ({ max }: { max: number }) => `Use at most ${max} characters.`,
		'password-too-common':
			'That password is on lists of common or leaked passwords, or close to one; pick another.',
		'password-has-username': 'That password is built on your username; pick one that is not.',
		'password-pattern':
			'That password follows a keyboard row, a sequence, a repeat or a date; pick one that does not.',
		'password-too-guessable':
			'That password would be guessed quickly; make it longer, for example with a few unrelated words.',
		'username-missing': 'Enter your username.',
		'password-missing': 'Enter your password.',
		'username-taken': 'That username is taken.',
		'wrong-credentials': 'Wrong username or password.',
		'too-many-attempts': ({ minutes }: { minutes: number }) =>
			`Too many sign-in attempts. Try again in ${minutes} minute(s).`,
		'meeting-name-missing': 'Give the meeting a name.',
		'meeting-name-too-long': ({ max }: { max: number }) => `Keep the name under ${max} characters.`,
		'meeting-code-unknown': 'No meeting has that code.',
		'join-code-unknown':
			'No meeting has that code. Check it with the host; codes look like K7Q-2XD.',
		'meeting-accounts-only': 'This meeting is for signed-in accounts only. Sign in to take part.',
		'display-name-length': ({ max }: { max: number }) =>
			`Give a display name of 1 to ${max} characters.`,
		'meeting-not-found': 'No such meeting.',
		'hosts-only': 'Only the meeting’s hosts can do that.',
		'host-only': 'Only the meeting’s host can do that.',
		'topic-not-removable': 'Only topics that were never opened can be removed.',
		'topic-not-on-agenda': 'That topic is not on this agenda.',
		'account-unknown': 'No account has that username.',
		'host-already-runs': 'The host already runs the meeting.',
		'sign-in-first': 'Sign in first.',
		'access-choose': 'Choose who may vote.',
		'member-username-missing': 'Enter a username.',
		'role-choose': 'Choose a role.',
		// Floods, ended meetings and busy servers
		'too-many-registrations': ({ minutes }: { minutes: number }) =>
			`Too many registrations from your network. Try again in ${minutes} minute(s).`,
		'server-busy': 'Too many people are signing in right now. Try again in a moment.',
		'registration-closed': 'This server does not take new registrations.',
		'signup-code-required':
			'Registration needs a sign-up code; ask the operator of this server for one.',
		'signup-code-invalid': 'That sign-up code is unknown, used or expired.',
		'password-sign-in-off': 'Sign-in with a password is turned off on this server.',
		'meeting-ended': 'This meeting has ended; its code no longer works.',
		'join-too-many':
			'Too many tries to join from your network just now. Wait a few minutes and try again.',
		'results-visibility-unknown': ({ values }: { values: string }) =>
			`resultsVisibility is one of ${values}.`,
		'results-visibility-conflict':
			'hideResults contradicts resultsVisibility; send resultsVisibility alone.',
		'topic-edit-unknown-field': ({ field, fields }: { field: string; fields: string }) =>
			`A topic has no field “${field}” to edit; fields are ${fields}.`,
		'topic-not-draft': 'Only a draft can be edited: this topic has been opened.'
	},
	/** The room: the phone ballot, when voters see results, guests leaving, the host console. */
	room: {
		visibility: {
			label: 'When voters see the live results',
			'before-voting': 'Before they vote: live from the start',
			'after-voting': 'Once they have voted (default)',
			'at-close': 'Only when voting closes: hidden from everyone until then',
			hint: 'Hosts always see the live results. “Once they have voted” is how the voters’ pages show them; only “when voting closes” keeps the totals from every screen.'
		},
		resultsAfterVoting: 'The live results appear here once you have voted.',
		/** The short link to what the meeting's voting rule guarantees. */
		aboutVotes: {
			accounts: 'About the votes here',
			guests: 'About guest votes',
			roll: 'About the roll'
		},
		leave: {
			button: 'Leave meeting',
			/** The header's button, short enough for a phone's one-line header. */
			short: 'Leave',
			title: 'Leave this meeting?',
			warning: (name: string) =>
				`You joined as the guest “${name}”. Once you leave you cannot come back as this guest: your votes stay counted, and joining again makes a new guest.`,
			memberWarning: (name: string) =>
				`This device votes for the member ${name} through their personal invitation. Once you leave it no longer does: your votes stay counted, and voting again needs a new invitation from the hosts.`,
			confirm: 'Leave meeting',
			cancel: 'Stay'
		},
		edit: {
			link: 'Edit',
			title: 'Edit draft',
			save: 'Save changes',
			cancel: 'Cancel',
			draftOnly:
				'A draft can be edited until voting opens; from then on the question, options and rules stay as they are.'
		},
		agenda: {
			turnout: (n: number) => (n === 1 ? '1 vote' : `${n} votes`),
			details: 'Type, status and votes'
		},
		share: {
			copyLink: 'Copy link'
		}
	},
	/** The page the service worker shows for a page never opened on this device, with no network. */
	offlinePage: {
		title: 'Offline · Plenum',
		heading: 'You are offline',
		body: 'This page has not been opened on this device yet, so it cannot be shown without a network. Pages opened here before, such as your meeting and its topics, open offline, and a vote cast offline is sent when the network is back.',
		waiting: 'This page opens by itself as soon as the network is back.',
		retry: 'Try again'
	},
	/** The operators' status page (`/admin/status`). */
	serverStatus: {
		title: 'Server status',
		live: 'Live',
		stale: 'Not updating: retrying',
		updated: (time: string) => `Updated ${time}`,
		uptime: (text: string) => `up ${text}`,
		duration: (hours: number, minutes: number) =>
			hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`,
		votesPerSecond: 'Votes per second',
		votesTotal: (n: string) => `${n} counted since start`,
		receipt: 'Receipt time',
		receiptHelp: (seconds: number) =>
			`from ballot seen to receipt written, last ${seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`}`,
		receiptNone: 'no ballots in the last two minutes',
		connections: 'Connections',
		connectionsSplit: (collab: string, feed: string) =>
			`${collab} voters and screens · ${feed} feeds`,
		documents: 'Documents open',
		documentsSplit: (topics: string, meetings: string) => `${topics} topics · ${meetings} meetings`,
		memory: 'Memory',
		memoryHelp: 'resident, this process',
		refusals: 'Refused ballots since start',
		noRefusals: 'No ballot has been refused.',
		topics: 'Live topics',
		noTopics: 'No topic is open on any screen right now.',
		topic: 'Topic',
		state: 'Status',
		subscribers: 'Watching',
		votes: 'Votes',
		lastTally: 'Last tally',
		never: 'not yet',
		ago: (seconds: number) => (seconds < 1 ? 'just now' : `${Math.round(seconds)} s ago`),
		trend: 'last two minutes'
	}
};
