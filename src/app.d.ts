import type { Locale } from '$lib/i18n/index.ts';
import type { Logger } from '$lib/server/log.ts';
import type { SessionRecord, UserRecord } from '$lib/server/storage/store.ts';

declare global {
	namespace App {
		interface Locals {
			user: UserRecord | null;
			session: SessionRecord | null;
			/** How the request was authenticated; cookie-authenticated writes get an Origin check. */
			authVia: 'cookie' | 'bearer' | null;
			/** The UI language: the `lang` cookie, else Accept-Language, else English. */
			locale: Locale;
			/** This request's logger: every line carries its `requestId`. */
			log: Logger;
			/** The request id, from a sane `X-Request-Id` or made here; echoed in the response. */
			requestId: string;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
