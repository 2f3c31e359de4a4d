/**
 * One decision per device per execution. A list (the nightly reconcile's `status=all`, a batch from a Webhook node)
 * can name one device several times: an ended subscription and the paid one that replaced it. Each item's decision
 * already weighs every subscription the store knows for the device, so the last one is the device's decision; the
 * earlier ones go to No Action naming it, so that Set State never receives Activate and Suspend for one SIM.
 */
import { NO_ACTION, sentences } from '../reason';
import type { Decision } from '../types';

export function lastPerDevice(decisions: Array<{ index: number; decision: Decision }>): void {
	const last = new Map<string, number>();
	for (const { index, decision } of decisions) {
		const id = decision.item.iccid ?? decision.item.imei;
		if (id && decision.item.action !== 'none') last.set(id, index);
	}
	for (const entry of decisions) {
		const { item } = entry.decision;
		const id = item.iccid ?? item.imei;
		if (!id || item.action === 'none') continue;
		const decider = last.get(id);
		if (decider === undefined || decider === entry.index) continue;
		entry.decision = {
			item: { ...item, action: 'none', desiredState: null, reason: sentences(item.reason, `but item ${decider} of this execution decides this device, so ${NO_ACTION} here`) },
			output: 'none',
			dropped: entry.decision.dropped,
		};
	}
}
