import type { MemberRole } from '../../../core/types.ts';
import type { Db } from './db.ts';

/** Reads someone's role in a meeting and the meeting's host; shared by the topic, vote and meeting adapters. */
export function memberReader(db: Db) {
	const role = db
		.prepare<[string, string], MemberRole>(
			'SELECT role FROM meeting_members WHERE meeting_id = ? AND user_id = ?'
		)
		.pluck();
	const meeting = db.prepare<[string], { owner_id: string; access: 'accounts' | 'guests' }>(
		'SELECT owner_id, access FROM meetings WHERE id = ?'
	);
	return {
		role: (meetingId: string, userId: string): MemberRole | null =>
			role.get(meetingId, userId) ?? null,
		/** The meeting's host and access, with `userId`'s role in it. */
		standing(meetingId: string, userId: string) {
			const row = meeting.get(meetingId);
			if (!row) return null;
			return {
				id: meetingId,
				ownerId: row.owner_id,
				access: row.access,
				role: role.get(meetingId, userId) ?? null
			};
		}
	};
}
