/** German UI strings; the shape is checked against the English ones (`Messages`). */

import type { Majority } from '$lib/core/outcome.ts';
import { PROXY_LIMIT_MAX } from '$lib/core/proxy-rules.ts';
import { WEIGHT_MAX } from '$lib/core/weights.ts';
import type { Messages } from './index.ts';

/** After „mit“ (dative). */
const withMajority: Record<Majority, string> = {
	simple: 'den meisten Stimmen',
	absolute: 'mehr als der Hälfte der Stimmen',
	'two-thirds': 'zwei Dritteln der Stimmen'
};

/** As the object of „hat“ (accusative). */
const hasMajority: Record<Majority, string> = {
	simple: 'die meisten Stimmen',
	absolute: 'mehr als die Hälfte der Stimmen',
	'two-thirds': 'zwei Drittel der Stimmen'
};

/** Weights are exact decimals with a point; German writes a comma. */
const decimal = (weight: string) => weight.replace('.', ',');
const votes = (n: number) => (n === 1 ? '1 Stimme' : `${n} Stimmen`);

export const de: Messages = {
	app: {
		name: 'Plenum',
		title: (page) => `${page} · Plenum`
	},
	language: {
		label: 'Sprache',
		en: 'English',
		de: 'Deutsch'
	},
	nav: {
		label: 'Hauptmenü',
		newMeeting: 'Neue Sitzung',
		newTopic: 'Neue Abstimmung',
		signOut: 'Abmelden',
		signIn: 'Anmelden',
		createAccount: 'Konto erstellen'
	},
	error: {
		notFound: 'Nicht gefunden',
		generic: 'Etwas ist schiefgegangen',
		back: 'Zurück zu Plenum'
	},
	status: {
		draft: 'Entwurf',
		open: 'offen',
		closed: 'geschlossen'
	},
	connection: {
		online: 'Live',
		connecting: 'Verbinden…',
		reconnecting: 'Verbindung wird wiederhergestellt…',
		offline: 'Offline – zuletzt empfangene Ergebnisse'
	},
	home: {
		yourMeetings: 'Ihre Sitzungen',
		yourTopics: 'Ihre Abstimmungen',
		noTopics: 'Sie haben noch keine Abstimmungen.',
		createFirstTopic: 'Erste Abstimmung anlegen',
		noTopicsEnd: '.',
		newTopic: 'Neue Abstimmung',
		newMeeting: 'Neue Sitzung',
		headline: 'Gemeinsam abstimmen, Ergebnisse live sehen.',
		intro:
			'Plenum führt Abstimmungen für Räume und Gruppen durch. Teilen Sie einen Link, alle stimmen per Smartphone oder Laptop ab, und die Ergebnisse ändern sich auf jedem Bildschirm, sobald Stimmen eintreffen. Stimmen, die bei schlechter Verbindung abgegeben werden, bleiben auf dem Gerät gespeichert und werden genau einmal gezählt.',
		createAccount: 'Konto erstellen',
		signIn: 'Anmelden'
	},
	join: {
		title: 'An einer Sitzung teilnehmen',
		codeLabel: 'Sitzungscode',
		codePlaceholder: 'K7Q-2XD',
		submit: 'Teilnehmen'
	},
	auth: {
		username: 'Benutzername',
		password: 'Passwort',
		signInTitle: 'Anmelden',
		signInSubmit: 'Anmelden',
		newHere: 'Neu hier?',
		createAccountLink: 'Konto erstellen',
		registerTitle: 'Konto erstellen',
		registerSubmit: 'Konto erstellen',
		passwordHint: 'Mindestens 10 Zeichen; einige aneinandergereihte Wörter eignen sich gut.',
		haveAccount: 'Sie haben bereits ein Konto?',
		signInLink: 'Anmelden',
		sentenceEnd: '.',
		signInWith: (provider: string) => `Anmelden mit ${provider}`,
		orPassword: 'Oder mit Benutzername und Passwort:',
		registrationClosed:
			'Dieser Server nimmt keine neuen Registrierungen an. Melden Sie sich mit dem Konto Ihrer Organisation an oder fragen Sie den Betreiber nach einem Konto.',
		invitationCode: 'Registrierungscode',
		invitationHint:
			'Die Registrierung ist hier nur mit Einladung möglich: Geben Sie den Registrierungscode ein, den Sie vom Betreiber erhalten haben.',
		oidc: {
			denied:
				'Die Anmeldung wurde beim Identitätsanbieter abgebrochen. Hier wurde nichts verändert.',
			'not-in-group': (group: string) =>
				`Ihr Konto beim Identitätsanbieter gehört nicht zur Gruppe „${group}“, die dieser Server verlangt. Bitten Sie Ihre Organisation, Sie aufzunehmen.`,
			'no-username':
				'Der Identitätsanbieter hat nicht mitgeteilt, wer Sie sind (kein verwendbarer Benutzername). Bitten Sie den Betreiber, die Anmeldeeinstellungen zu prüfen.',
			failed:
				'Die Anmeldung beim Identitätsanbieter wurde nicht abgeschlossen. Versuchen Sie es erneut.',
			expired:
				'Die Anmeldung hat zu lange gedauert oder wurde in einem anderen Fenster begonnen. Versuchen Sie es erneut.',
			unavailable:
				'Der Identitätsanbieter ist gerade nicht erreichbar. Versuchen Sie es später erneut.'
		}
	},
	share: {
		label: 'Diesen Link mit den Abstimmenden teilen',
		copy: 'Kopieren',
		copied: 'Kopiert'
	},
	countdown: {
		closesIn: 'Die Abstimmung endet in'
	},
	/** Die einbettbare Ergebnisseite (`/embed/<topic>`) für Stream-Overlays und Dashboards. */
	embed: {
		title: (topic: string) => `${topic} (Live-Ergebnis)`,
		connecting: 'Verbinde…',
		unavailable: 'Diese Ergebnisse sind nicht verfügbar.',
		notOpen: 'Die Abstimmung hat noch nicht begonnen.'
	},
	topic: {
		hereNow: (n) =>
			n === 1
				? '1 Person hat diese Abstimmung gerade offen'
				: `${n} Personen haben diese Abstimmung gerade offen`,
		yourVote: 'Ihre Stimme',
		signInToVote: 'Zum Abstimmen anmelden',
		chooseOne: 'Eine Option wählen',
		castVote: 'Stimme abgeben',
		notStarted:
			'Die Abstimmung hat noch nicht begonnen. Diese Seite aktualisiert sich von selbst, sobald es so weit ist.',
		closed: 'Die Abstimmung ist beendet.',
		results: 'Ergebnisse',
		loading: 'Abstimmung wird geladen…',
		unknownOption: 'eine unbekannte Option',
		liveRefused: (problem) =>
			`Der Server hat die Live-Verbindung dieser Seite abgelehnt (${problem}).`
	},
	ballot: {
		pending: 'Ausstehend:',
		pendingOnline: (label) =>
			`Ihre Stimme für „${label}“ ist auf diesem Gerät gespeichert und wird gerade gezählt…`,
		pendingOffline: (label) =>
			`Ihre Stimme für „${label}“ ist auf diesem Gerät gespeichert und wird gesendet, sobald Sie wieder online sind.`,
		counted: 'Gezählt:',
		accepted: (label) => `Ihre Stimme für „${label}“ wurde angenommen.`,
		receipt: 'Beleg',
		scored: (label, points) => `${label}: ${points}`,
		notCounted: 'Nicht gezählt:',
		refused: (label) => `Ihre Wahl „${label}“ wurde abgelehnt.`,
		closedWhileOffline: (time) =>
			`Die Abstimmung wurde um ${time} Uhr geschlossen, während Sie offline waren.`,
		reachedFirst: (label) =>
			`Ihre Stimme für „${label}“ hat den Server zuerst erreicht, von diesem oder einem anderen Ihrer Geräte, und pro Person zählt nur eine Stimme.`,
		sealed:
			'Ihre Stimme in dieser geheimen Abstimmung wurde auf einem anderen Gerät abgegeben (oder bevor dieses Gerät seine Quittung speicherte). Ihre Wahl wird nicht mit Ihrem Namen gespeichert und kann hier nicht angezeigt werden; Ihre Quittung liegt auf dem Gerät, mit dem Sie abgestimmt haben.'
	},
	refusal: {
		'not-signed-in': 'Melden Sie sich an, um abzustimmen.',
		'unknown-topic': 'Diese Abstimmung gibt es nicht.',
		'topic-not-open': 'Die Abstimmung hat noch nicht begonnen.',
		'topic-closed': 'Die Abstimmung wurde geschlossen, bevor Ihr Stimmzettel eintraf.',
		'unknown-option': 'Diese Wahl gehört nicht zu den Optionen dieser Abstimmung.',
		'already-voted':
			'Sie haben bei dieser Abstimmung bereits abgestimmt; nur Ihre erste Stimme zählt.',
		'malformed-ballot': 'Der Stimmzettel konnte nicht gelesen werden.',
		'invalid-choice': 'Dieser Stimmzettel entspricht nicht den Regeln dieser Abstimmung.',
		observer: 'Beobachtende verfolgen die Ergebnisse, stimmen aber nicht ab.',
		'guests-not-allowed': 'Diese Sitzung ist nur für angemeldete Konten.',
		'not-a-participant': 'Nehmen Sie an der Sitzung teil, um über ihre Themen abzustimmen.',
		delegated:
			'Sie haben Ihre Stimme übertragen: Ihre Vertretung stimmt für Sie, solange die Vollmacht besteht.',
		'not-a-proxy': 'Dieses Mitglied hat Ihnen seine Stimme nicht übertragen.',
		'not-eligible':
			'Nur die Mitglieder im Verzeichnis dieser Sitzung stimmen ab, jedes mit seiner persönlichen Einladung. Sie können die Ergebnisse verfolgen.'
	},
	results: {
		hidden:
			'Die Ergebnisse bleiben bis zum Ende der Abstimmung verborgen, damit frühe Stimmen spätere nicht beeinflussen.',
		barValue: (count, percent) => `${votes(count)}, ${percent} %`,
		votesCounted: (n) => `${votes(n)} gezählt`,
		weightOf: (weight) => `Gewicht ${decimal(weight)}`,
		weightCast: (cast, eligible) =>
			eligible === null
				? `Gewicht ${decimal(cast)} abgegeben`
				: `Gewicht ${decimal(cast)} von ${decimal(eligible)} abgegeben`,
		weighted: 'Nach Gewicht gezählt: Das Ergebnis entscheidet das Gewicht.'
	},
	outcome: {
		quorumMet: (turnout, quorum) =>
			`Quorum erreicht: ${turnout} von ${quorum} erforderlichen Stimmen.`,
		quorumNotMet: (turnout, quorum) =>
			`Quorum nicht erreicht: ${turnout} von ${quorum} erforderlichen Stimmen.`,
		quorumWeightMet: (cast, quorum) =>
			`Quorum erreicht: Gewicht ${decimal(cast)} von ${quorum} erforderlichen.`,
		quorumWeightNotMet: (cast, quorum) =>
			`Quorum nicht erreicht: Gewicht ${decimal(cast)} von ${quorum} erforderlichen.`,
		wins: (label) => `„${label}“ gewinnt`,
		leads: (label) => `„${label}“ liegt vorn`,
		withRule: (majority) => ` mit ${withMajority[majority]}.`,
		tied: 'Gleichstand:',
		tie: (labels, closed) =>
			`${labels.join(' und ')}; ${closed ? 'keine Option gewinnt' : 'keine Option liegt vorn'}.`,
		noMajority: (majority, closed) =>
			closed
				? `Keine Option hat ${hasMajority[majority]} – der Antrag ist abgelehnt.`
				: `Noch hat keine Option ${hasMajority[majority]}.`,
		noQuorum: 'Ohne Quorum steht kein Ergebnis fest.',
		elected: (labels, closed) => `${closed ? 'Gewählt' : 'Bisher gewählt'}: ${labels.join(', ')}`,
		noneElected: (closed) => (closed ? 'Niemand ist gewählt.' : 'Noch niemand ist gewählt.'),
		seatsRule: (seats, rule) => ` — ${seats} Sitze, ${rule}.`,
		pendingLot: (labels) =>
			`${labels.join(', ')} sind gleichauf: das Los entscheidet, wenn die Abstimmung schließt.`
	},
	host: {
		controls: 'Steuerung für die Leitung',
		openVoting: 'Abstimmung öffnen',
		reopenVoting: 'Abstimmung wieder öffnen',
		closeVoting: 'Abstimmung schließen',
		revealResults: 'Ergebnisse zeigen',
		hideResults: 'Ergebnisse verbergen',
		hideResultsUntilClose: 'Ergebnisse bis zum Schluss verbergen',
		auditLog: 'Prüfprotokoll',
		resultsCsv: 'Ergebnisse (CSV)',
		resultsJson: 'Ergebnisse (JSON)'
	},
	participant: {
		meeting: 'Sitzung',
		code: (code) => `Code ${code}`,
		manage: 'Verwalten',
		needsAccount:
			'Für die Abstimmung in dieser Sitzung ist ein Konto nötig, damit jede Person eine Stimme hat.',
		signIn: 'Melden Sie sich an',
		or: ' oder ',
		createAccount: 'erstellen Sie ein Konto',
		followAlong: '; bis dahin können Sie mitverfolgen.',
		waiting:
			'Warten, bis die Leitung die erste Abstimmung zeigt. Diese Seite folgt der Leitung von selbst.',
		observer: 'Sie beobachten: Sie verfolgen die Ergebnisse, stimmen aber nicht ab.',
		guestAs: (name) => `Sie nehmen als Gast „${name}“ teil.`,
		whoMayVote: 'Wer abstimmen darf:',
		ended: 'Diese Sitzung ist beendet.'
	},
	meeting: {
		presentNow: 'Jetzt anwesend',
		presentNobody: 'Noch niemand hat die Sitzung geöffnet.',
		presentUnavailable: 'Die Liste der Anwesenden konnte nicht geladen werden.',
		guestTag: 'Gast',
		howToJoin: 'So nehmen Teilnehmende teil',
		qrAlt: (title) => `QR-Code zur Teilnahme an ${title}`,
		joinCode: 'Teilnahmecode',
		presenterView: 'Präsentationsansicht öffnen',
		addTopic: 'Abstimmung hinzufügen',
		agenda: 'Tagesordnung',
		noTopics:
			'Noch keine Abstimmungen. Fügen Sie die erste hinzu; Teilnehmende sehen Abstimmungen, sobald Sie sie zeigen.',
		showingNow: 'Wird gerade gezeigt',
		showNow: 'Jetzt zeigen',
		moveUp: (title) => `„${title}“ nach oben verschieben`,
		moveDown: (title) => `„${title}“ nach unten verschieben`,
		duplicate: 'Duplizieren',
		remove: 'Entfernen',
		cohostNote:
			'Sie sind Co-Leitung: Sie führen die Tagesordnung und ihre Abstimmungen gemeinsam mit der Leitung.',
		whoMayVote: 'Wer abstimmen darf',
		accessHostOnly: 'Nur die Leitung kann ändern, wer abstimmen darf.',
		saveAccess: 'Speichern',
		accessSaved: 'Gespeichert.',
		people: 'Personen',
		peopleExplain:
			'Die Co-Leitung führt die Tagesordnung und ihre Abstimmungen mit Ihnen. Beobachtende verfolgen die Ergebnisse, stimmen aber nicht ab.',
		noPeople: 'Bisher hat niemand eine Rolle.',
		role: 'Rolle',
		addPerson: 'Hinzufügen',
		removePerson: (name) => `${name} entfernen`,
		ended:
			'Diese Sitzung ist beendet: Mit ihrem Code kann niemand mehr beitreten. Die Ergebnisse bleiben hier.',
		endHeading: 'Sitzung beenden',
		endOpen: 'Sitzung beenden …',
		endExplain:
			'Der Beitrittscode gilt sofort nicht mehr: Niemand kann neu beitreten, weder als Gast noch mit Konto. Ergebnisse und Exporte bleiben verfügbar. Das lässt sich nicht rückgängig machen.',
		endOpenTopics:
			'Einige Abstimmungen sind noch offen: Schließen Sie sie zuerst, wenn die Abstimmung vorbei ist.',
		endConfirm: 'Sitzung jetzt beenden'
	},
	newMeeting: {
		title: 'Neue Sitzung',
		nameLabel: 'Name der Sitzung',
		namePlaceholder: 'Mitgliederversammlung 2027',
		explain:
			'Sie erhalten einen Teilnahmecode und einen QR-Code. Teilnehmende melden sich an und verfolgen alles auf ihren Smartphones.',
		submit: 'Sitzung erstellen'
	},
	present: {
		title: (meeting) => `Präsentation: ${meeting}`,
		failed: 'Das hat nicht funktioniert.',
		firstTopicHint: 'Drücken Sie →, um die erste Abstimmung zu zeigen.',
		howToJoin: 'So nehmen Sie teil',
		qrAlt: 'QR-Code zur Teilnahme',
		joinAt: 'Teilnehmen unter',
		withCode: 'mit dem Code',
		present: (n) => `${n} anwesend`,
		previous: '← Zurück',
		next: 'Weiter →',
		timer: '1-Minuten-Timer',
		agenda: 'Tagesordnung',
		turnoutOf: 'von',
		turnoutEnd: 'Anwesenden haben abgestimmt'
	},
	/** Die projizierte Präsentation und die Fernbedienung der Gastgeber. */
	projector: {
		stageColumn: 'Schritt',
		elected: 'Gewählt',
		electedSoFar: 'Bisher gewählt',
		firstPreferences: 'Erstpräferenzen',
		transfer: 'Übertragung',
		auditHead: (entries: number, head: string) =>
			`Prüfprotokoll: ${entries} ${entries === 1 ? 'Eintrag' : 'Einträge'}, Kopf ${head}`,
		state: {
			draft: 'Noch nicht geöffnet',
			open: 'Abstimmung läuft',
			hidden: 'Abstimmung läuft · Ergebnis verborgen',
			closed: 'Abstimmung beendet'
		},
		winner: 'Gewinner',
		leading: 'Vorn',
		outInRound: (round) => `ausgeschieden in Runde ${round}`,
		average: (value) => `Ø ${value}`,
		finalRound: (round) => `Letzte Runde (Runde ${round})`,
		exhausted: 'Erschöpfte Stimmzettel',
		roundColumn: 'Runde',
		hiddenTitle: 'Ergebnis verborgen',
		hiddenExplain: 'Es wird gezeigt, wenn die Abstimmung endet oder die Gastgeber es aufdecken.',
		welcome:
			'Scannen Sie den Code oder geben Sie die Adresse ein, um teilzunehmen. Gleich geht es los.',
		keysKept: 'Wird gestartet … Ihre Tastendrücke werden gleich ausgeführt.',
		keys: 'Tasten: ← → Abstimmung · O öffnen · C schließen · R Ergebnis · T Timer · F Vollbild',
		fullscreen: 'Vollbild',
		exitFullscreen: 'Vollbild verlassen',
		remote: 'Fernbedienung',
		confirmClose: 'Abstimmung schließen?',
		confirmReveal: 'Das Ergebnis dem Saal zeigen?',
		confirmKeys: (key) => `Zum Bestätigen noch einmal ${key} oder Eingabe drücken, Esc bricht ab.`,
		cancel: 'Abbrechen',
		remoteTitle: (meeting) => `Fernbedienung: ${meeting}`,
		remoteHeading: 'Fernbedienung',
		remoteExplain:
			'Der Projektor und die Telefone der Teilnehmenden folgen dem, was Sie hier tun. Den Projektor öffnen Sie unter',
		showing: 'Jetzt gezeigt',
		nothingShown:
			'Noch keine Abstimmung gezeigt. Wählen Sie unten eine aus oder tippen Sie auf Weiter.',
		voted: (voted, present) => `${voted} von ${present} Anwesenden haben abgestimmt`,
		resultsHidden: 'Das Ergebnis ist für den Saal verborgen.',
		resultsShown: 'Das Ergebnis ist für den Saal sichtbar.',
		tapAgainClose: 'Noch einmal tippen, um zu schließen',
		tapAgainReveal: 'Noch einmal tippen, um das Ergebnis zu zeigen',
		confirmHint: 'Schließen und Aufdecken brauchen einen zweiten Tipp.',
		timerLabel: 'Zeitlimit',
		timerFor: (seconds) => (seconds < 60 ? `${seconds} s` : `${seconds / 60} min`),
		stopTimer: 'Timer anhalten',
		agenda: 'Tagesordnung',
		show: 'Zeigen',
		shownNow: 'jetzt gezeigt'
	},
	newTopic: {
		motionNeeds: 'Der Antrag ist angenommen mit',
		winnerIs: (rule) => `Es gewinnt, wer ${rule} hat.`,
		kind: 'Art der Abstimmung',
		yesNoOptions: (yes, no, abstain) => `Abstimmende antworten mit ${yes}, ${no} oder ${abstain}.`,
		minChoices: 'Mindestens wählen',
		maxChoices: 'Höchstens wählen',
		scoreMax: 'Höchste Punktzahl pro Option',
		seats: 'Zu besetzende Sitze',
		seatsHint:
			'Bei mehr als einem Sitz wird eine Rangfolge-Abstimmung mit übertragbarer Einzelstimme (schottische Regeln) ausgezählt, und bei Mehrfachauswahl sind die Optionen mit den meisten Zustimmungen gewählt (jede Person markiert höchstens so viele).',
		secrecy: 'Wer sieht, wie abgestimmt wurde',
		title: 'Neue Abstimmung',
		onAgenda: (meeting) => `Auf der Tagesordnung von „${meeting}“.`,
		question: 'Frage',
		details: 'Details',
		optional: '(optional)',
		options: 'Optionen',
		optionsRange: (min, max) => `(${min} bis ${max})`,
		option: (n) => `Option ${n}`,
		removeOption: (n) => `Option ${n} entfernen`,
		addOption: 'Option hinzufügen',
		winnerNeeds: 'Zum Gewinnen nötig',
		majority: {
			simple: 'Die meisten Stimmen (einfache Mehrheit)',
			absolute: 'Mehr als die Hälfte der Stimmen (absolute Mehrheit)',
			'two-thirds': 'Zwei Drittel der Stimmen'
		},
		quorum: 'Quorum',
		quorumHint: '(Mindestzahl an Abstimmenden, damit das Ergebnis gilt; 0 für keines)',
		hideResults:
			'Ergebnisse bis zum Ende der Abstimmung verbergen, damit frühe Stimmen spätere nicht beeinflussen',
		late: 'Stimmzettel, die nach dem Schließen eintreffen',
		lateRefuse: 'Ablehnen (Standard)',
		late5min: 'Bis 5 Minuten nach dem Schließen zählen',
		late15min: 'Bis 15 Minuten nach dem Schließen zählen',
		late1h: 'Bis 1 Stunde nach dem Schließen zählen',
		lateHint:
			'Bei schlechter Verbindung kann eine Stimme vor dem Schließen abgegeben werden und erst später eintreffen.',
		submit: 'Abstimmung erstellen',
		draftHint: 'Sie beginnt als Entwurf; öffnen Sie sie, wenn Sie Stimmen annehmen möchten.'
	},
	poll: {
		kinds: {
			single: { name: 'Einfachauswahl', hint: 'Wählen Sie eine Option' },
			multiple: {
				name: 'Mehrfachauswahl',
				hint: (min, max) => `Wählen Sie zwischen ${min} und ${max} Optionen`
			},
			'yes-no': { name: 'Ja / Nein / Enthaltung', hint: 'Ja, Nein oder Enthaltung' },
			ranked: {
				name: 'Rangfolge',
				hint: 'Bringen Sie die Optionen in die Reihenfolge Ihrer Präferenz'
			},
			score: {
				name: 'Punktvergabe',
				hint: (max) => `Vergeben Sie jeder Option 0 bis ${max} Punkte`
			}
		},
		elects: {
			approval: (seats) => `Zustimmungswahl, ${seats} Sitze`,
			stv: (seats) => `Übertragbare Einzelstimmgebung, ${seats} Sitze`
		},
		yes: 'Ja',
		no: 'Nein',
		abstain: 'Enthaltung',
		secret: {
			name: 'Geheime Abstimmung',
			explain: 'Niemand, auch nicht die Leitung, kann sehen, wer wie abgestimmt hat.'
		},
		named: {
			name: 'Namentliche Abstimmung',
			explain: 'Die Leitung sieht, wer wie abgestimmt hat.'
		},
		changeVote:
			'Abstimmende können ihre Stimme bis zum Ende der Abstimmung ändern (die letzte zählt)',
		runoff: {
			round: (n) => `Runde ${n}`,
			eliminated: 'ausgeschieden',
			exhausted: 'erschöpfte Stimmzettel',
			heading: 'Runden der Stichwahl',
			caption:
				'Jede Runde zählt jeden Stimmzettel für seine höchstgereihte Option, die noch im Rennen ist; die Option mit den wenigsten Stimmen scheidet aus, bis eine mehr als die Hälfte hat.',
			option: 'Option',
			stvHeading: 'Übertragbare Einzelstimme (schottische Regeln): Auszählungsschritte',
			stvCaption:
				'Quote: Stimmzettel geteilt durch Sitze plus eins, abgerundet, plus eins. Eine Option, die die Quote erreicht, ist gewählt, und ihr Überschuss geht mit verringertem Wert (auf 5 Nachkommastellen abgeschnitten) an die nächsten Präferenzen; sonst scheidet die Option mit den wenigsten Stimmen aus und ihre Stimmzettel gehen weiter. Bei Gleichstand entscheidet der frühere Schritt, in dem sich die Optionen unterschieden, dann das Los.',
			stage: (n) => `Schritt ${n}`,
			elected: 'gewählt',
			nonTransferable: 'nicht übertragbar',
			quota: (quota, seats) => `Quote ${quota} für ${seats} Sitze`,
			surplus: (label, value) => `Überschuss von ${label} zu ${value}`,
			exclusion: (label) => `Stimmzettel von ${label}`,
			lot: (labels) => `Gleichstand zwischen ${labels.join(', ')}: durch Los entschieden.`,
			pendingLot: (labels) =>
				`Gleichstand zwischen ${labels.join(', ')}: das Los entscheidet, wenn die Abstimmung schließt.`
		},
		vote: {
			rankHint:
				'Tippen Sie die Optionen in der Reihenfolge Ihrer Präferenz an, Ihre erste Wahl zuerst. Erneutes Antippen entfernt eine Option aus der Reihung.',
			rankPosition: (n) => `${n}. Wahl`,
			notRanked: 'Nicht gereiht',
			startAgain: 'Neu beginnen',
			scoreLegend: (label) => `Punkte für „${label}“`,
			picked: (n, min, max) =>
				`${n} gewählt (${min === max ? `${min} wählen` : `${min} bis ${max} wählen`})`,
			changeVote: 'Meine Stimme ändern',
			changeHint: 'Sie können Ihre Stimme bis zum Ende der Abstimmung ändern; die letzte zählt.'
		},
		rule: {
			yesNo: {
				simple: 'mehr Ja- als Nein-Stimmen',
				absolute: 'Ja von mehr als der Hälfte aller Stimmzettel, Enthaltungen eingeschlossen',
				'two-thirds': 'Ja von zwei Dritteln der Ja- und Nein-Stimmen'
			},
			ranked: 'mehr als die Hälfte der verbleibenden Stimmzettel in der letzten Runde',
			score: 'die höchste Gesamtpunktzahl',
			stv: 'Übertragbare Einzelstimme (schottische Regeln)',
			approvalSeats: 'die meisten Zustimmungen'
		},
		passes: 'Der Antrag ist angenommen',
		passing: 'Der Antrag liegt vorn',
		fails: 'Der Antrag ist abgelehnt',
		failing: 'Der Antrag hat noch keine Mehrheit',
		points: (n) => (n === 1 ? '1 Punkt' : `${n} Punkte`),
		average: (value) => `Durchschnitt ${value}`,
		finalRound: 'Letzte Runde der Auszählung'
	},
	roles: {
		host: 'Leitung',
		cohost: 'Co-Leitung',
		voter: 'Stimmberechtigt',
		observer: 'Beobachtung',
		door: 'Einlass (Anwesenheit)'
	},
	access: {
		accounts: {
			name: 'Nur angemeldete Konten',
			guarantee: 'Eine Stimme pro Konto: Alle Abstimmenden sind mit ihrem eigenen Konto angemeldet.'
		},
		guests: {
			name: 'Gäste mit Code und Namen',
			guarantee:
				'Eine Stimme pro Gastsitzung: Alle mit dem Code können teilnehmen, und wer erneut aus einem anderen Browser teilnimmt, könnte zweimal abstimmen. Nutzen Sie dies für schnelle Meinungsbilder, nicht für verbindliche Beschlüsse.'
		},
		roll: {
			name: 'Nur Mitglieder im Verzeichnis',
			guarantee:
				'Eine Stimme pro Mitglied: Nur die Personen im Verzeichnis stimmen ab, jede mit ihrer persönlichen Einladung, gleich mit welchem Gerät oder Konto. Alle mit dem Code können zuschauen.'
		}
	},
	guest: {
		displayName: 'Ihr Anzeigename',
		join: 'Als Gast teilnehmen',
		joinMeeting: (title) => `An „${title}“ teilnehmen`,
		nameHint: (max) =>
			`1 bis ${max} Zeichen. Bei namentlichen Abstimmungen sieht die Leitung diesen Namen neben Ihrer Stimme.`,
		haveAccount: 'Sie haben ein Konto?',
		signInInstead: 'Stattdessen anmelden',
		accountsOnly:
			'Diese Sitzung ist nur für angemeldete Konten. Melden Sie sich an, um teilzunehmen.'
	},
	namedVotes: {
		caption: 'Namentliche Abstimmung: Nur die Leitung sieht diese Liste.',
		name: 'Name',
		choice: 'Wahl',
		none: 'Noch keine Stimmen.',
		failed: 'Die Liste der Stimmen konnte nicht geladen werden.',
		ranked: (rank, label) => `${rank}. ${label}`
	},
	signOut: {
		pending: (n) =>
			n === 1
				? 'Ein Stimmzettel hat den Server noch nicht erreicht. Wenn Sie sich jetzt abmelden, wird er von diesem Gerät gelöscht und nicht gezählt. Warten Sie, bis Sie wieder online sind, oder melden Sie sich trotzdem ab.'
				: `${n} Stimmzettel haben den Server noch nicht erreicht. Wenn Sie sich jetzt abmelden, werden sie von diesem Gerät gelöscht und nicht gezählt. Warten Sie, bis Sie wieder online sind, oder melden Sie sich trotzdem ab.`,
		wait: 'Warten',
		anyway: 'Trotzdem abmelden'
	},
	roll: {
		link: 'Mitgliederverzeichnis',
		title: (meeting: string) => `Verzeichnis · ${meeting}`,
		heading: 'Mitgliederverzeichnis',
		intro:
			'Nur die Mitglieder in diesem Verzeichnis stimmen in dieser Sitzung ab, jedes einmal, mit einer persönlichen Einladung. Jede Änderung ergibt eine neue Fassung des Verzeichnisses, festgehalten im Prüfprotokoll; ein Thema behält das Verzeichnis, mit dem es eröffnet wurde.',
		version: (v: number) => `Verzeichnis-Fassung ${v}`,
		count: (n: number) => (n === 1 ? '1 Mitglied' : `${n} Mitglieder`),
		addHeading: 'Mitglied hinzufügen',
		name: 'Name',
		contact: 'E-Mail oder Benutzername (optional)',
		memberNumber: 'Mitgliedsnummer (optional)',
		add: 'Ins Verzeichnis aufnehmen',
		importHeading: 'CSV-Datei importieren',
		importHelp:
			'Ein Mitglied pro Zeile: Name, dann optional E-Mail oder Benutzername, Mitgliedsnummer und Gewicht (sonst 1, z. B. 0,25). Eine erste Zeile mit Spaltennamen (Name, E-Mail, Mitgliedsnummer, Gewicht) gilt als Kopfzeile. Importiert wird nur, wenn jede Zeile stimmt.',
		file: 'CSV-Datei',
		import: 'Importieren',
		imported: (n: number) => (n === 1 ? '1 Mitglied importiert.' : `${n} Mitglieder importiert.`),
		lineError: (line: number, text: string) => `Zeile ${line}: ${text}`,
		edit: 'Bearbeiten',
		save: 'Speichern',
		remove: 'Entfernen',
		checkIn: 'Einlass',
		checkOut: 'Einlass zurücknehmen',
		checkedIn: 'Anwesend',
		bound: 'Einladung eingelöst',
		invited: 'Eingeladen',
		notInvited: 'Noch keine Einladung',
		reissue: 'Neue Einladung',
		revoke: 'Einladung widerrufen',
		newInvitation: (name: string) => `Neue Einladung für ${name}`,
		revokedNote: 'Die frühere Einladung und das Gerät, das sie nutzte, stimmen nicht mehr ab.',
		printHeading: 'Einladungen',
		printHelp:
			'Druckt eine persönliche Einladung (Link, Code und QR-Code) für jedes Mitglied, das noch keine eingelöst hat; frühere, nicht genutzte Einladungen werden ungültig.',
		print: 'Einladungsbogen erstellen',
		presentFrom: 'Anwesenheit und Beschlussfähigkeit zählen',
		presentFromConnections: 'Personen mit geöffneter Sitzung',
		presentFromCheckIn: 'am Einlass erfasste Mitglieder',
		setPresentFrom: 'Speichern',
		groupHeading: 'Mitglieder per OpenID-Gruppe',
		groupHelp:
			'Wer sich mit OpenID Connect anmeldet und laut Anbieter in dieser Gruppe ist, kommt beim Öffnen der Versammlung auf die Liste, gebunden an das eigene Konto (einmal). Leer lassen für keine. Wer nach dem Öffnen einer Abstimmung hinzukommt, stimmt ab der nächsten mit.',
		groupNoOidc:
			'Dieser Server hat keine Anmeldung mit OpenID Connect; niemand kommt per Gruppe hinzu.',
		group: 'OpenID-Gruppe',
		setGroup: 'Gruppe speichern',
		weight: 'Gewicht (z. B. Anteile; sonst 1)',
		weightOf: (weight: string) => `Gewicht ${decimal(weight)}`,
		weightedHeading: 'Gewichtete Abstimmung',
		weighted: 'Gewicht jedes Mitglieds zählen',
		weightedHelp:
			'Ab jetzt geöffnete Themen zählen jede Stimme mit dem Gewicht ihres Mitglieds (Einfachwahl, Ja / Nein, Mehrfachwahl); Ergebnisse zeigen das Gewicht neben der Kopfzahl, und das Quorum ist ein Gewicht. Rangfolge, Punkte und Wahlen mehrerer Sitze zählen Köpfe. Gewichte können nicht geändert werden, solange ein gewichtetes Thema offen ist.',
		search: 'Mitglied suchen',
		door: 'Einlass',
		votingAs: (name: string) => `Sie stimmen als Mitglied ${name} ab`,
		haveInvitation: 'Sie haben eine persönliche Einladung?',
		eligible: 'stimmberechtigt',
		checkedInCount: 'eingecheckt',
		voted: 'abgestimmt',
		votedOfEligible: (voted: number, eligible: number) =>
			`${voted} von ${eligible} Stimmberechtigten haben abgestimmt`,
		rollVersion: (v: number) => `Verzeichnis v${v}`
	},
	invitation: {
		sheetTitle: (meeting: string) => `Einladungen · ${meeting}`,
		sheetHeading: (meeting: string) => `Persönliche Einladungen für „${meeting}“`,
		sheetNote:
			'Jede Einladung gilt einmal und nur für das genannte Mitglied. Geben Sie sie am Einlass aus; halten Sie diesen Bogen unter Verschluss.',
		none: 'Alle Mitglieder haben bereits eine Einladung eingelöst; eine neue gibt es im Verzeichnis.',
		forMember: (name: string) => `Für ${name}`,
		scan: 'Scannen, den Link öffnen oder den Code eingeben unter',
		code: 'Code',
		printNow: 'Drucken',
		back: 'Zurück zum Verzeichnis',
		title: 'Ihre Einladung',
		heading: 'Einladung einlösen',
		enterCode: 'Einladungscode',
		forMeeting: (name: string, meeting: string) =>
			`Diese Einladung gilt für ${name}, Mitglied von „${meeting}“.`,
		bindAccount: (username: string) =>
			`Beim Einlösen wird Ihr Konto ${username} an dieses Mitglied gebunden: Es stimmt für das Mitglied ab, einmal pro Thema.`,
		bindDevice:
			'Beim Einlösen wird dieses Gerät an dieses Mitglied gebunden: Es stimmt für das Mitglied ab, einmal pro Thema. Lösen Sie sie auf dem Gerät ein, mit dem Sie abstimmen.',
		redeem: 'Einlösen und teilnehmen',
		unknown: 'Diese Einladung ist nicht (mehr) gültig. Bitten Sie die Leitung um eine neue.',
		used: 'Diese Einladung wurde bereits eingelöst. Bitten Sie die Leitung um eine neue.',
		otherEntry: 'Sie stimmen bereits für ein anderes Mitglied dieses Verzeichnisses ab.',
		ended: 'Diese Sitzung ist beendet.',
		tooMany:
			'Zu viele Versuche aus Ihrem Netz. Warten Sie einige Minuten und versuchen Sie es erneut.'
	},
	/** Who has voted (never what), for the hosts; counted paper ballots. */
	/** Proxy votes (roll meetings): delegations, and ballots cast for others. */
	proxies: {
		heading: 'Vollmachten',
		explain:
			'Ein Mitglied kann seine Stimme einem anderen Mitglied übertragen, das dann bei jeder Abstimmung einen eigenen Stimmzettel für es abgibt.',
		off: 'In dieser Sitzung sind keine Vollmachten vorgesehen.',
		limitLabel: 'Stimmen, die eine Person für andere tragen darf (0: keine Vollmachten)',
		revocableLabel: 'Mitglieder dürfen ihre Vollmacht selbst zurücknehmen',
		save: 'Speichern',
		from: 'Mitglied',
		to: 'überträgt seine Stimme an',
		grant: 'Stimme übertragen',
		none: 'Noch keine Vollmachten.',
		pair: (from: string, to: string) => `${from} → ${to}`,
		requested: 'wartet auf die Sitzungsleitung',
		approved: 'gilt',
		approve: 'Bestätigen',
		refuse: 'Ablehnen',
		end: 'Beenden',
		handedTo: (name: string) => `Sie haben Ihre Stimme ${name} übertragen, der für Sie abstimmt.`,
		askedFor: (name: string) =>
			`Sie haben gebeten, Ihre Stimme ${name} zu übertragen; die Sitzungsleitung entscheidet.`,
		withdraw: 'Bitte zurückziehen',
		takeBack: 'Meine Stimme zurücknehmen',
		askLabel: 'Meine Stimme übertragen an',
		ask: 'Sitzungsleitung bitten',
		carries: (names: string) => `Sie stimmen für sich und als Vertretung für: ${names}.`,
		ballotFor: (name: string) => `Stimmzettel für ${name} (in Vollmacht)`,
		ballotExplain: 'Ein eigener Stimmzettel, gezählt als Stimme dieses Mitglieds.',
		castFor: (name: string) => `Stimme für ${name} abgeben`,
		notice: {
			pendingOnline: (label: string) =>
				`die Stimme für „${label}“ ist auf diesem Gerät gespeichert und wird gezählt …`,
			pendingOffline: (label: string) =>
				`die Stimme für „${label}“ ist auf diesem Gerät gespeichert und wird gesendet, sobald Sie wieder online sind.`,
			accepted: (label: string) =>
				`die Stimme für „${label}“ wurde als Stimme dieses Mitglieds angenommen.`,
			refused: (label: string) => `die Wahl „${label}“ für dieses Mitglied wurde abgelehnt.`,
			reachedFirst: (label: string) =>
				`Eine Stimme für „${label}“ hat den Server für dieses Mitglied zuerst erreicht, und pro Mitglied zählt nur eine Stimme.`,
			sealed:
				'Die Stimme dieses Mitglieds in dieser geheimen Abstimmung wurde auf einem anderen Gerät abgegeben. Die Wahl wird nicht mit einem Namen gespeichert und kann hier nicht angezeigt werden.'
		},
		byProxy: (name: string) => `in Vollmacht: ${name}`,
		represented: (n: number) => `${n} durch Vollmacht vertreten`,
		byProxyCount: (n: number) => `${n} in Vollmacht`,
		failed: 'Die Änderung konnte nicht gespeichert werden.'
	},
	voted: {
		caption: 'Wer hat abgestimmt',
		explain: 'Nur die Leitung sieht diese Liste. Sie zeigt, wer abgestimmt hat, nie wie.',
		count: (voted: number, eligible: number) => `${voted} von ${eligible} haben abgestimmt`,
		countOnly: (n: number) =>
			n === 1 ? '1 Person hat abgestimmt' : `${n} Personen haben abgestimmt`,
		missing: 'Noch nicht abgestimmt',
		done: 'Abgestimmt',
		none: 'Noch niemand hat abgestimmt.',
		allVoted: 'Alle im Verzeichnis haben abgestimmt.',
		checkedIn: 'eingecheckt',
		guest: 'Gast',
		number: (n: string) => `Nr. ${n}`,
		noList:
			'Ohne Mitgliederverzeichnis gibt es keine Liste der Stimmberechtigten: Hier steht, wer abgestimmt hat.',
		failed: 'Die Liste konnte nicht geladen werden.'
	},
	paper: {
		heading: 'Papierstimmzettel',
		explain:
			'Ausgezählte Papierstimmzettel erfassen: wie viele jede Option nennen. Sie zählen mit den Stimmen und stehen im Prüfprotokoll.',
		ballots: 'Papierstimmzettel in diesem Stapel',
		note: 'Notiz (z. B. Urne, wer gezählt hat)',
		add: 'Papierstimmzettel erfassen',
		added: (n: number) =>
			n === 1 ? '1 Papierstimmzettel erfasst.' : `${n} Papierstimmzettel erfasst.`,
		ofWhich: (n: number) => `davon ${n} auf Papier`,
		option: (n: number) => `Papier: ${n}`,
		unsupported:
			'Rangfolge- und Punkteabstimmungen nehmen keine Papierstimmzettel: Sie werden aus ganzen Stimmzetteln gezählt.',
		failed: 'Die Papierstimmzettel konnten nicht erfasst werden.'
	},
	errors: {
		'proxy-roll-only':
			'Vollmachten gibt es nur in Sitzungen mit Mitgliederverzeichnis: jede Stimme gehört einem Mitglied.',
		'proxies-off': 'In dieser Sitzung sind keine Vollmachten vorgesehen.',
		'proxy-limit-invalid': `Geben Sie die Grenze als ganze Zahl von 0 (keine Vollmachten) bis ${PROXY_LIMIT_MAX} an.`,
		'proxy-limit-below-carried':
			'Jemand vertritt gerade mehr Stimmen. Beenden Sie zuerst Vollmachten und senken Sie dann die Grenze.',
		'proxy-self': 'Ein Mitglied kann seine Stimme nicht sich selbst übertragen.',
		'proxy-entry-not-found': 'Dieses Mitglied steht nicht im Verzeichnis.',
		'proxy-not-member':
			'Das können nur Mitglieder im Verzeichnis mit ihrer persönlichen Einladung.',
		'proxy-already-delegated':
			'Dieses Mitglied hat seine Stimme bereits übertragen (oder darum gebeten).',
		'proxy-carries-others':
			'Dieses Mitglied vertritt andere und kann seine eigene Stimme nicht übertragen.',
		'proxy-to-delegated':
			'Dieses Mitglied hat seine eigene Stimme übertragen und kann niemanden vertreten.',
		'proxy-limit-reached':
			'Dieses Mitglied vertritt bereits so viele Stimmen, wie die Sitzung erlaubt.',
		'proxy-not-found': 'Diese Vollmacht gibt es nicht.',
		'proxy-not-requested':
			'Nur eine Bitte, die auf die Sitzungsleitung wartet, kann bestätigt werden.',
		'proxy-not-allowed': 'Das kann nur die Sitzungsleitung.',
		'proxy-not-revocable': 'In dieser Sitzung kann nur die Sitzungsleitung eine Vollmacht beenden.',
		'proxy-meeting-ended': 'Diese Sitzung ist beendet.',
		'paper-kind-unsupported':
			'Papierstimmzettel gibt es nur bei Einfachauswahl, Ja/Nein und Mehrfachauswahl: Rangfolge- und Punktestimmen werden aus ganzen Stimmzetteln gezählt.',
		'paper-topic-not-open':
			'Papierstimmzettel können erst nach dem Öffnen der Abstimmung erfasst werden.',
		'paper-too-late': 'Papierstimmzettel können bis 24 Stunden nach dem Schließen erfasst werden.',
		'paper-meeting-ended': 'Die Sitzung ist beendet: Ihre Ergebnisse ändern sich nicht mehr.',
		'paper-counts-invalid': 'Geben Sie für jede Option eine ganze Zahl ab 0 an.',
		'paper-ballots-invalid': 'Geben Sie die Zahl der Papierstimmzettel an, eine ganze Zahl ab 1.',
		'paper-counts-mismatch': 'Die Zahlen je Option passen nicht zur Zahl der Stimmzettel.',
		'paper-note-too-long': 'Die Notiz darf höchstens 200 Zeichen lang sein.',
		'paper-empty': 'Der Stapel enthält keine Stimmzettel.',
		'paper-over-eligible':
			'Mehr Stimmzettel als Mitglieder im Verzeichnis: Abgegebene Stimmen und Papierstimmzettel zusammen dürfen die Zahl der Stimmberechtigten nicht übersteigen.',
		'paper-weighted-unsupported':
			'Diese Abstimmung zählt das Gewicht jedes Mitglieds, und ein Papierstapel nennt keine Mitglieder: Papierstimmzettel nur bei Abstimmungen nach Köpfen.',
		'voters-hosts-only': 'Nur die Leitung sieht, wer abgestimmt hat.',
		'roll-name-missing': 'Geben Sie den Namen des Mitglieds an.',
		'roll-name-too-long': 'Der Name darf höchstens 120 Zeichen lang sein.',
		'roll-contact-too-long': 'E-Mail oder Benutzername ist zu lang.',
		'roll-number-too-long': 'Die Mitgliedsnummer ist zu lang.',
		'roll-number-duplicate': 'Ein anderes Mitglied hat bereits diese Mitgliedsnummer.',
		'roll-weight-invalid': `Geben Sie das Gewicht als Zahl über 0 und höchstens ${WEIGHT_MAX} an, mit höchstens 6 Nachkommastellen (z. B. 0,25).`,
		'roll-weight-locked':
			'Gewichte können nicht geändert werden, solange ein gewichtetes Thema offen ist. Schließe es zuerst.',
		'roll-too-many': 'Das Verzeichnis hätte zu viele Mitglieder (oder die Datei ist zu groß).',
		'roll-csv-unreadable': 'Diese Zeile ist kein lesbares CSV (ein offenes Anführungszeichen?).',
		'roll-csv-empty': 'Die Datei enthält keine Mitglieder.',
		'roll-group-too-long': 'Der Gruppenname ist zu lang (höchstens 200 Zeichen).',
		'roll-entry-not-found': 'Dieses Mitglied steht nicht im Verzeichnis.',
		'roll-not-allowed': 'Das kann nur die Leitung der Sitzung.',
		'invitation-unknown':
			'Diese Einladung ist nicht (mehr) gültig. Bitten Sie die Leitung um eine neue.',
		'invitation-used':
			'Diese Einladung wurde bereits eingelöst. Bitten Sie die Leitung um eine neue.',
		'invitation-other-entry':
			'Sie stimmen bereits für ein anderes Mitglied dieses Verzeichnisses ab.',
		'invitation-meeting-ended': 'Diese Sitzung ist beendet.',
		'topic-input-missing': 'Senden Sie einen Titel und Optionen.',
		'kind-unknown': ({ kinds }) => `Die Art der Abstimmung ist eine von: ${kinds}.`,
		'title-missing': 'Geben Sie der Abstimmung einen Titel.',
		'title-too-long': ({ max }) => `Der Titel darf höchstens ${max} Zeichen lang sein.`,
		'description-not-text': 'Die Beschreibung muss Text sein.',
		'description-too-long': ({ max }) =>
			`Die Beschreibung darf höchstens ${max} Zeichen lang sein.`,
		'options-not-text': 'Die Optionen müssen eine Liste von Texten sein.',
		'options-count': ({ min, max }) => `Geben Sie zwischen ${min} und ${max} Optionen an.`,
		'option-too-long': ({ max }) => `Jede Option darf höchstens ${max} Zeichen lang sein.`,
		'options-duplicate': 'Jede Option muss sich von den anderen unterscheiden.',
		'late-grace-range': ({ max }) =>
			`Die Nachfrist für verspätete Stimmzettel beträgt 0 bis ${max} Sekunden.`,
		'hide-results-not-boolean': 'hideResults ist true oder false.',
		'majority-unknown': ({ majorities }) => `Die Mehrheit ist eine von: ${majorities}.`,
		'quorum-invalid': 'Das Quorum ist eine Anzahl von Abstimmenden, 0 für keines.',
		'flags-not-boolean': 'secret und allowChange sind true oder false.',
		'choices-range': ({ max }) =>
			`Legen Sie fest, wie viele Optionen Abstimmende wählen: mindestens 1, höchstens ${max}, das Minimum nicht über dem Maximum.`,
		'score-max-range': ({ max }) => `Die höchste Punktzahl liegt zwischen 1 und ${max} Punkten.`,
		'seats-range': ({ max }) =>
			`Mehrere Sitze gibt es bei Zustimmungs- und Rangfolge-Abstimmungen: 1 bis ${max} Sitze, weniger als Optionen; bei Zustimmung markieren Abstimmende höchstens so viele Optionen, wie es Sitze gibt.`,
		'topic-not-found': 'Diese Abstimmung gibt es nicht.',
		'topic-managers-only':
			'Das können nur die Person, die die Abstimmung erstellt hat, und die Leitung der Sitzung.',
		'timer-needs-open': 'Ein Timer läuft nur, solange die Abstimmung offen ist.',
		'already-open': 'Die Abstimmung ist bereits offen.',
		'not-opened': 'Die Abstimmung wurde noch nicht geöffnet.',
		'already-closed': 'Die Abstimmung ist bereits geschlossen.',
		'votes-hosts-only': 'Nur die Leitung der Abstimmung sieht die Stimmen.',
		'votes-secret': 'Dies ist eine geheime Abstimmung: Niemand kann sehen, wer wie abgestimmt hat.',
		'votes-hidden':
			'Die Ergebnisse bleiben bis zum Ende der Abstimmung verborgen, ebenso, wer wie abgestimmt hat.',
		'username-invalid':
			'Verwenden Sie 3 bis 32 Buchstaben, Ziffern, „-“ oder „_“, beginnend mit einem Buchstaben oder einer Ziffer.',
		'password-too-short': ({ min }) => `Verwenden Sie ein Passwort mit mindestens ${min} Zeichen.`,
		'password-too-long': ({ max }) => `Verwenden Sie höchstens ${max} Zeichen.`,
		'password-too-common':
			'Dieses Passwort steht auf Listen häufiger oder geleakter Passwörter oder ähnelt einem davon; wählen Sie ein anderes.',
		'password-has-username':
			'Dieses Passwort baut auf Ihrem Benutzernamen auf; wählen Sie eines, das das nicht tut.',
		'password-pattern':
			'Dieses Passwort folgt einer Tastaturreihe, einer Folge, einer Wiederholung oder einem Datum; wählen Sie eines ohne solches Muster.',
		'password-too-guessable':
			'Dieses Passwort wäre schnell erraten; machen Sie es länger, zum Beispiel mit ein paar Wörtern, die nichts miteinander zu tun haben.',
		'username-missing': 'Geben Sie Ihren Benutzernamen ein.',
		'password-missing': 'Geben Sie Ihr Passwort ein.',
		'username-taken': 'Dieser Benutzername ist bereits vergeben.',
		'wrong-credentials': 'Benutzername oder Passwort ist falsch.',
		'too-many-attempts': ({ minutes }) =>
			`Zu viele Anmeldeversuche. Versuchen Sie es in ${minutes === 1 ? '1 Minute' : `${minutes} Minuten`} erneut.`,
		'meeting-name-missing': 'Geben Sie der Sitzung einen Namen.',
		'meeting-name-too-long': ({ max }) => `Der Name darf höchstens ${max} Zeichen lang sein.`,
		'meeting-code-unknown': 'Keine Sitzung hat diesen Code.',
		'join-code-unknown':
			'Keine Sitzung hat diesen Code. Prüfen Sie ihn mit der Leitung; Codes sehen aus wie K7Q-2XD.',
		'meeting-accounts-only':
			'Diese Sitzung ist nur für angemeldete Konten. Melden Sie sich an, um teilzunehmen.',
		'display-name-length': ({ max }) => `Geben Sie einen Anzeigenamen mit 1 bis ${max} Zeichen an.`,
		'meeting-not-found': 'Diese Sitzung gibt es nicht.',
		'hosts-only': 'Das können nur die Leitung und die Co-Leitung der Sitzung.',
		'host-only': 'Das kann nur die Leitung der Sitzung.',
		'topic-not-removable': 'Nur Abstimmungen, die nie geöffnet wurden, können entfernt werden.',
		'topic-not-on-agenda': 'Diese Abstimmung steht nicht auf dieser Tagesordnung.',
		'account-unknown': 'Kein Konto hat diesen Benutzernamen.',
		'host-already-runs': 'Die Leitung führt die Sitzung bereits.',
		'sign-in-first': 'Melden Sie sich zuerst an.',
		'access-choose': 'Wählen Sie, wer abstimmen darf.',
		'member-username-missing': 'Geben Sie einen Benutzernamen ein.',
		'role-choose': 'Wählen Sie eine Rolle.',
		// Floods, ended meetings and busy servers
		'too-many-registrations': ({ minutes }) =>
			`Zu viele Registrierungen aus Ihrem Netz. Versuchen Sie es in ${minutes === 1 ? '1 Minute' : `${minutes} Minuten`} erneut.`,
		'server-busy':
			'Gerade melden sich sehr viele Menschen an. Versuchen Sie es gleich noch einmal.',
		'registration-closed': 'Dieser Server nimmt keine neuen Registrierungen an.',
		'signup-code-required':
			'Die Registrierung braucht einen Registrierungscode; fragen Sie den Betreiber dieses Servers danach.',
		'signup-code-invalid':
			'Dieser Registrierungscode ist unbekannt, schon benutzt oder abgelaufen.',
		'password-sign-in-off': 'Die Anmeldung mit Passwort ist auf diesem Server abgeschaltet.',
		'meeting-ended': 'Diese Sitzung ist beendet; ihr Code gilt nicht mehr.',
		'join-too-many':
			'Zu viele Beitrittsversuche aus Ihrem Netz. Warten Sie ein paar Minuten und versuchen Sie es erneut.',
		'results-visibility-unknown': ({ values }) => `resultsVisibility ist einer von ${values}.`,
		'results-visibility-conflict':
			'hideResults widerspricht resultsVisibility; senden Sie nur resultsVisibility.',
		'topic-edit-unknown-field': ({ field, fields }) =>
			`Eine Abstimmung hat kein Feld „${field}“ zum Bearbeiten; die Felder sind ${fields}.`,
		'topic-not-draft':
			'Nur ein Entwurf kann bearbeitet werden: Diese Abstimmung wurde bereits eröffnet.'
	},
	room: {
		visibility: {
			label: 'Wann Abstimmende die laufenden Ergebnisse sehen',
			'before-voting': 'Schon vor ihrer Stimmabgabe: von Anfang an live',
			'after-voting': 'Sobald sie abgestimmt haben (Standard)',
			'at-close': 'Erst wenn die Abstimmung endet: bis dahin für alle verborgen',
			hint: 'Die Gastgeber sehen die laufenden Ergebnisse immer. „Sobald sie abgestimmt haben“ betrifft die Ansicht der Abstimmenden; nur „erst wenn die Abstimmung endet“ hält die Summen von jedem Bildschirm fern.'
		},
		resultsAfterVoting: 'Die laufenden Ergebnisse erscheinen hier, sobald Sie abgestimmt haben.',
		aboutVotes: {
			accounts: 'Über die Stimmen hier',
			guests: 'Über Gaststimmen',
			roll: 'Über das Mitgliederverzeichnis'
		},
		leave: {
			button: 'Sitzung verlassen',
			short: 'Verlassen',
			title: 'Diese Sitzung verlassen?',
			warning: (name) =>
				`Sie nehmen als Gast „${name}“ teil. Nach dem Verlassen können Sie nicht als dieser Gast zurückkehren: Ihre Stimmen bleiben gezählt, und wer erneut teilnimmt, wird ein neuer Gast.`,
			memberWarning: (name) =>
				`Dieses Gerät stimmt über die persönliche Einladung für das Mitglied ${name} ab. Wenn Sie gehen, tut es das nicht mehr: Ihre Stimmen bleiben gezählt, und um wieder abzustimmen, brauchen Sie eine neue Einladung von der Leitung.`,
			confirm: 'Sitzung verlassen',
			cancel: 'Bleiben'
		},
		edit: {
			link: 'Bearbeiten',
			title: 'Entwurf bearbeiten',
			save: 'Änderungen speichern',
			cancel: 'Abbrechen',
			draftOnly:
				'Ein Entwurf kann bearbeitet werden, bis die Abstimmung eröffnet wird; danach bleiben Frage, Optionen und Regeln, wie sie sind.'
		},
		agenda: {
			turnout: (n) => votes(n),
			details: 'Art, Status und Stimmen'
		},
		share: {
			copyLink: 'Link kopieren'
		}
	},
	offlinePage: {
		title: 'Offline · Plenum',
		heading: 'Sie sind offline',
		body: 'Diese Seite wurde auf diesem Gerät noch nicht geöffnet und kann daher ohne Netz nicht angezeigt werden. Seiten, die hier schon geöffnet waren, etwa Ihre Sitzung und ihre Abstimmungen, öffnen sich auch offline, und eine offline abgegebene Stimme wird gesendet, sobald das Netz zurück ist.',
		waiting: 'Die Seite öffnet sich von selbst, sobald das Netz zurück ist.',
		retry: 'Erneut versuchen'
	},
	serverStatus: {
		title: 'Serverstatus',
		live: 'Live',
		stale: 'Keine Aktualisierung: neuer Versuch läuft',
		updated: (time: string) => `Aktualisiert ${time}`,
		uptime: (text: string) => `läuft seit ${text}`,
		duration: (hours: number, minutes: number) =>
			hours > 0 ? `${hours} Std. ${minutes} Min.` : `${minutes} Min.`,
		votesPerSecond: 'Stimmen pro Sekunde',
		votesTotal: (n: string) => `${n} gezählt seit dem Start`,
		receipt: 'Zeit bis zur Quittung',
		receiptHelp: (seconds: number) =>
			`vom Eingang des Stimmzettels bis zur Quittung, letzte ${seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} Min.`}`,
		receiptNone: 'keine Stimmzettel in den letzten zwei Minuten',
		connections: 'Verbindungen',
		connectionsSplit: (collab: string, feed: string) =>
			`${collab} Abstimmende und Bildschirme · ${feed} Feeds`,
		documents: 'Offene Dokumente',
		documentsSplit: (topics: string, meetings: string) =>
			`${topics} Themen · ${meetings} Sitzungen`,
		memory: 'Arbeitsspeicher',
		memoryHelp: 'belegt von diesem Prozess',
		refusals: 'Abgelehnte Stimmzettel seit dem Start',
		noRefusals: 'Kein Stimmzettel wurde abgelehnt.',
		topics: 'Live-Themen',
		noTopics: 'Gerade ist auf keinem Bildschirm ein Thema geöffnet.',
		topic: 'Thema',
		state: 'Status',
		subscribers: 'Zuschauend',
		votes: 'Stimmen',
		lastTally: 'Letzte Auszählung',
		never: 'noch keine',
		ago: (seconds: number) => (seconds < 1 ? 'gerade eben' : `vor ${Math.round(seconds)} s`),
		trend: 'letzte zwei Minuten'
	}
};
