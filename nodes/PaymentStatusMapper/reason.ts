/**
 * The output's `reason` is read by people in n8n's execution table, so it is a short run of plain sentences. Every
 * part of it (what the gateway said, the decision, why an event was dropped) is written as a clause, and only this
 * file turns clauses into sentences, so the punctuation is the same wherever a reason is built.
 */

/** A clause, or nothing (left out). */
export type Clause = string | null | undefined | false;

/** Joins clauses as sentences: each starts with a capital letter and ends with exactly one period. */
export function sentences(...clauses: Clause[]): string {
	const out: string[] = [];
	for (const clause of clauses) {
		if (!clause) continue;
		// a clause may already be sentences (an earlier reason): its closing period is not doubled
		const text = clause.trim().replace(/\.+$/, '').trim();
		if (text !== '') out.push(text.charAt(0).toUpperCase() + text.slice(1));
	}
	return out.length > 0 ? `${out.join('. ')}.` : '';
}

/** The decisions, as the closing clause of a reason. */
export const ACTIVATE_SIM = 'activate the SIM';
export const SUSPEND_SIM = 'suspend the SIM';
export const NO_ACTION = 'no action';
