import { error, fail, redirect } from '@sveltejs/kit';
import type { FailureCode } from '$lib/core/failures.ts';
import { keepsDoor, keepsRoll, PRESENT_FROM, type PresentFrom } from '$lib/core/roll-rules.ts';
import { readForm } from '$lib/server/http.ts';
import { qrDataUrl } from '$lib/server/qr.ts';
import {
	addMember,
	checkIn,
	editMember,
	importRoll,
	issueInvitations,
	removeMember,
	revokeInvitation,
	setRollGroup
} from '$lib/server/roll.ts';
import { ROLL_CSV_MAX_BYTES } from '$lib/server/roll-csv.ts';
import { roomOrigin } from '$lib/server/room-address.ts';
import { services } from '$lib/server/services.ts';
import type { RollChange } from '$lib/server/storage/roll-store.ts';
import type { Actions, PageServerLoad } from './$types';

/** Rows shown at once: a roll of thousands is searched, not scrolled. */
const SHOWN = 200;

/** The roll for its keepers (hosts, co-hosts) and the door helpers (check-in only). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const meeting = await services().stores.meetings.get(params.id);
	if (!meeting) error(404, { message: 'No such meeting.' });
	const userId = locals.user?.id ?? null;
	const role = userId ? await services().stores.meetings.role(meeting.id, userId) : null;
	if (!userId || !keepsDoor(meeting, userId, role)) redirect(303, `/m/${meeting.id}`);
	const query = (url.searchParams.get('q') ?? '').trim().toLowerCase();
	const all = await services().stores.roll.list(meeting.id);
	const matching = query
		? all.filter((entry) =>
				[entry.name, entry.contact ?? '', entry.memberNumber ?? ''].some((field) =>
					field.toLowerCase().includes(query)
				)
			)
		: all;
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			access: meeting.access,
			rollVersion: meeting.rollVersion,
			presentFrom: meeting.presentFrom,
			rollGroup: meeting.rollGroup,
			weighted: meeting.weighted ?? false
		},
		/** The host alone sets the OpenID group (it grants votes). */
		isHost: meeting.ownerId === userId,
		oidc: services().config.oidc !== null,
		keeps: keepsRoll(meeting, userId, role),
		total: all.length,
		checkedIn: all.filter((entry) => entry.checkedInAt !== null).length,
		query,
		matching: matching.length,
		members: matching.slice(0, SHOWN)
	};
};

type Section = 'add' | 'import' | 'members' | 'present-from' | 'group' | 'weighted';

function refused(section: Section, result: Exclude<RollChange, { ok: true }>) {
	const status = result.reason === 'forbidden' ? 403 : result.reason === 'not-found' ? 404 : 422;
	return fail(status, {
		section,
		code: result.code as FailureCode,
		message: result.message,
		lines: (result.errors ?? []).map(({ line, code, message }) => ({
			line,
			code: code as FailureCode,
			message
		}))
	});
}

const field = (form: FormData, name: string) => String(form.get(name) ?? '');

function signedIn(locals: App.Locals) {
	if (!locals.user) error(401, 'Sign in first.');
	return locals.user.id;
}

export const actions: Actions = {
	add: async ({ locals, params, request }) => {
		const form = await readForm(request);
		const raw = {
			name: field(form, 'name'),
			contact: field(form, 'contact'),
			memberNumber: field(form, 'memberNumber'),
			weight: field(form, 'weight')
		};
		const result = await addMember(services(), params.id, signedIn(locals), raw);
		if (!result.ok) return refused('add', result);
		return { section: 'add' as const, ok: true };
	},

	import: async ({ locals, params, request }) => {
		const form = await readForm(request);
		const file = form.get('file');
		const text =
			file instanceof File && file.size <= ROLL_CSV_MAX_BYTES
				? await file.text()
				: field(form, 'csv');
		const before = (await services().stores.roll.list(params.id)).length;
		const result = await importRoll(services(), params.id, signedIn(locals), text);
		if (!result.ok) return refused('import', result);
		return { section: 'import' as const, ok: true, imported: result.entries.length - before };
	},

	edit: async ({ locals, params, request }) => {
		const form = await readForm(request);
		const result = await editMember(
			services(),
			params.id,
			signedIn(locals),
			field(form, 'entryId'),
			{
				name: field(form, 'name'),
				contact: field(form, 'contact'),
				memberNumber: field(form, 'memberNumber'),
				weight: field(form, 'weight')
			}
		);
		if (!result.ok) return refused('members', result);
		return { section: 'members' as const, ok: true };
	},

	remove: async ({ locals, params, request }) => {
		const form = await readForm(request);
		const result = await removeMember(
			services(),
			params.id,
			signedIn(locals),
			field(form, 'entryId')
		);
		if (!result.ok) return refused('members', result);
		return { section: 'members' as const, ok: true };
	},

	checkIn: async ({ locals, params, request }) => {
		const form = await readForm(request);
		const present = field(form, 'present') === 'true';
		const result = await checkIn(
			services(),
			params.id,
			signedIn(locals),
			field(form, 'entryId'),
			present
		);
		if (!result.ok) return refused('members', result);
		return { section: 'members' as const, ok: true };
	},

	/** A new invitation for one member (a lost phone): shown once, with its QR code. */
	reissue: async ({ locals, params, request, url }) => {
		const form = await readForm(request);
		const origin = roomOrigin(url, services().config.origin);
		const result = await issueInvitations(
			services(),
			params.id,
			signedIn(locals),
			[field(form, 'entryId')],
			origin
		);
		if (!result.ok) return refused('members', result);
		const [invitation] = result.invitations;
		return {
			section: 'members' as const,
			ok: true,
			invitation: { ...invitation, qr: await qrDataUrl(invitation.link) }
		};
	},

	revoke: async ({ locals, params, request }) => {
		const form = await readForm(request);
		const result = await revokeInvitation(
			services(),
			params.id,
			signedIn(locals),
			field(form, 'entryId')
		);
		if (!result.ok) return refused('members', result);
		return { section: 'members' as const, ok: true, revoked: true };
	},

	group: async ({ locals, params, request }) => {
		const form = await readForm(request);
		const result = await setRollGroup(
			services(),
			params.id,
			signedIn(locals),
			field(form, 'group')
		);
		if (!result.ok) return refused('group', result);
		return { section: 'group' as const, ok: true };
	},
	presentFrom: async ({ locals, params, request }) => {
		const form = await readForm(request);
		const from = field(form, 'from') as PresentFrom;
		if (!PRESENT_FROM.includes(from)) error(400, 'Choose where present comes from.');
		const result = await services().stores.roll.setPresentFrom(
			params.id,
			signedIn(locals),
			from,
			services().now()
		);
		if (!result.ok) return refused('present-from', result);
		await services().publishMeeting(params.id);
		return { section: 'present-from' as const, ok: true };
	},

	weighted: async ({ locals, params, request }) => {
		const form = await readForm(request);
		const result = await services().stores.roll.setWeighted(
			params.id,
			signedIn(locals),
			field(form, 'weighted') === 'on',
			services().now()
		);
		if (!result.ok) return refused('weighted', result);
		await services().publishMeeting(params.id);
		return { section: 'weighted' as const, ok: true };
	}
};
