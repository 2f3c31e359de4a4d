import { checkBasicAuth } from '../../shared/webhookAuth';
import type { Delivery, Verdict } from './types';

/**
 * Chargebee signs nothing: its webhook settings take a user and password that it sends as HTTP Basic auth
 * (apidocs.chargebee.com, "Webhooks"; the chargebee SDK's `basicAuthValidator`). Anything else is 401 with a
 * Basic challenge.
 */
export function verifyChargebee(delivery: Delivery, user: string, password: string): Verdict {
	const outcome = checkBasicAuth(delivery.headers, { user, password }, 'Payment Webhook Trigger');
	return outcome.ok ? outcome : { ok: false, status: 401, reason: outcome.reason, headers: { 'WWW-Authenticate': outcome.challenge } };
}
