import { normaliseEvent, type TerminalEvent } from './normalise';

export * from './table';
export * from './normalise';
export * from './eventOptions';

/** An alert as the API lists it (`{id, trigger, timestamp, is_read, iccid}`), normalised, plus its id. */
export type TerminalAlertEvent = TerminalEvent & { alertId: string };

export function normaliseAlert(alert: Record<string, unknown>, receivedAt?: number | Date): TerminalAlertEvent {
	return { ...normaliseEvent(alert, { receivedAt }), alertId: String(alert.id) };
}
