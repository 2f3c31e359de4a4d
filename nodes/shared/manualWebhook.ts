import type { IHookFunctions } from 'n8n-workflow';

/**
 * The webhook lifecycle of a trigger whose URL the user pastes into the provider's console (Braintree's
 * Control Panel, the 1oT Terminal's workflows): there is no API to register it, so there is nothing to
 * check, create or delete — n8n still needs all three methods.
 */
export const manualRegistration = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};
