/**
 * The 1oT Terminal's documented error codes (1oT's API documentation, the `error_code` of an error body): what
 * each means in plain words for the person reading the execution, naming the SIM and what to do. The HTTP status of
 * each code is not documented, so the code, not the status, says what went wrong.
 */

export interface CodeInfo {
	/** Whether the code is about one SIM (so that, in a list, only that SIM fails). */
	perSim: boolean;
	/** The message; `sim` is e.g. "SIM 8988303000000000010". */
	message: (sim: string) => string;
}

export const ERROR_CODES: Record<string, CodeInfo> = {
	E000: { perSim: false, message: () => 'The 1oT Terminal had a server error (E000). Try again later.' },
	E002: {
		perSim: true,
		message: (sim) => `${sim} was not found in this 1oT account (E002). Check the identifier, and that the credential is the account's.`,
	},
	E003: {
		perSim: true,
		message: (sim) =>
			`The feature is not enabled for ${sim} (E003): it needs an add-on ordered in the 1oT Terminal's App Store.`,
	},
	E101: { perSim: true, message: (sim) => `The 1oT Terminal has no cost history for ${sim} in that month (E101).` },
	E102: { perSim: false, message: () => 'The 1oT Terminal has no account balance history for that month (E102).' },
	E103: { perSim: true, message: (sim) => `The 1oT Terminal has no diagnostics for ${sim} (E103).` },
	E201: {
		perSim: true,
		message: (sim) =>
			`The current status of ${sim} forbids this change (E201). Read it with Get, or use Set State, which calls only what the status allows.`,
	},
	E202: {
		perSim: true,
		message: (sim) => `The status of ${sim} is locked by an administrator (E202). It must be unlocked in the 1oT Terminal first.`,
	},
	E203: {
		perSim: true,
		message: (sim) => `The IMEI lock of ${sim} could not be applied (E203). Check the SIM's IMEI lock in the 1oT Terminal.`,
	},
	E210: {
		perSim: true,
		message: (sim) => `The new data limit of ${sim} is below the data it has already used (E210). Choose a higher limit.`,
	},
	E211: {
		perSim: true,
		message: (sim) =>
			`${sim} cannot be activated or resumed: its data used has reached its data limit (E211). Raise the limit with the Set Data Limit operation, or read its usage with Get Usage.`,
	},
	E220: { perSim: false, message: () => 'The group name is forbidden (E220). Choose another name for the group.' },
	E230: { perSim: false, message: () => 'More than 1000 SIMs were named in one call (E230).' },
	E240: {
		perSim: true,
		message: (sim) => `SMS is not allowed for ${sim} (E240). Enable SMS for the SIM in the 1oT Terminal first.`,
	},
};

/** The documented code's entry, or undefined for a code this node does not know (its own words are kept). */
export function codeInfo(code: string | null | undefined): CodeInfo | undefined {
	return code ? ERROR_CODES[code.toUpperCase()] : undefined;
}

/** "SIM 8988…" or "SIM with EID …": how messages name a SIM. */
export function simLabel(by: 'iccid' | 'eid' | 'imei', id: string): string {
	return by === 'iccid' ? `SIM ${id}` : `SIM with ${by.toUpperCase()} ${id}`;
}
