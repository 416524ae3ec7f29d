import { nextEntry, type AuditEntry, type AuditKind } from '../../../core/audit-chain.ts';
import type { AuditHead } from '../../../core/types.ts';
import type { Db } from './db.ts';

interface AuditRow {
	topic_id: string;
	n: number;
	kind: AuditKind;
	payload: string;
	created_at: number;
	prev_hash: string;
	hash: string;
}

export const toAuditEntry = (row: AuditRow): AuditEntry => ({
	topicId: row.topic_id,
	n: row.n,
	kind: row.kind,
	payload: JSON.parse(row.payload),
	at: row.created_at,
	prev: row.prev_hash,
	hash: row.hash
});

/**
 * Appends to a topic's audit chain. Call it inside the transaction that makes the change it
 * records, so the entry and the change commit together.
 */
export function auditAppender(db: Db) {
	const last = db.prepare<[string], { n: number; hash: string }>(
		'SELECT n, hash FROM audit_log WHERE topic_id = ? ORDER BY n DESC LIMIT 1'
	);
	const insert = db.prepare(
		'INSERT INTO audit_log (topic_id, n, kind, payload, created_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	return (topicId: string, kind: AuditKind, payload: Record<string, unknown>, at: number) => {
		const entry = nextEntry(last.get(topicId) ?? null, topicId, kind, payload, at);
		insert.run(topicId, entry.n, kind, JSON.stringify(payload), at, entry.prev, entry.hash);
		return entry;
	};
}

export function auditReader(db: Db) {
	const list = db.prepare<[string], AuditRow>(
		'SELECT topic_id, n, kind, payload, created_at, prev_hash, hash FROM audit_log WHERE topic_id = ? ORDER BY n'
	);
	return (topicId: string) => list.all(topicId).map(toAuditEntry);
}

/** The head of a topic's chain (null before its first entry). */
export function auditHeadReader(db: Db) {
	const last = db.prepare<[string], { n: number; hash: string }>(
		'SELECT n, hash FROM audit_log WHERE topic_id = ? ORDER BY n DESC LIMIT 1'
	);
	return (topicId: string): AuditHead | null => {
		const row = last.get(topicId);
		return row ? { entries: row.n, head: row.hash } : null;
	};
}
