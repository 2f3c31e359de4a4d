/**
 * Every notification kind of braintree_node 3.40 `WebhookNotification.Kind`, with what it means.
 * Descriptions of the subscription kinds follow Braintree's webhook reference.
 */
export const BRAINTREE_KINDS: ReadonlyArray<{ value: string; description: string }> = [
	{ value: 'account_updater_daily_report', description: 'The daily Account Updater report is ready' },
	{ value: 'check', description: 'A test sent with "Check URL" in the Control Panel' },
	{ value: 'connected_merchant_paypal_status_changed', description: "A connected merchant's PayPal status changed" },
	{ value: 'connected_merchant_status_transitioned', description: "A connected merchant's status changed" },
	{ value: 'disbursement', description: 'Funds were disbursed' },
	{ value: 'dispute_accepted', description: 'A dispute was accepted' },
	{ value: 'dispute_auto_accepted', description: 'A dispute was accepted automatically' },
	{ value: 'dispute_disputed', description: 'A dispute was disputed (evidence submitted)' },
	{ value: 'dispute_expired', description: 'A dispute expired' },
	{ value: 'dispute_lost', description: 'A dispute was lost' },
	{ value: 'dispute_opened', description: 'A dispute (for example a chargeback) was opened' },
	{ value: 'dispute_under_review', description: 'A dispute is under review' },
	{ value: 'dispute_won', description: 'A dispute was won' },
	{ value: 'granted_payment_instrument_update', description: 'A granted payment instrument was updated' },
	{ value: 'granted_payment_method_revoked', description: 'A granted payment method was revoked' },
	{ value: 'grantor_updated_granted_payment_method', description: 'The grantor updated a granted payment method' },
	{ value: 'local_payment_completed', description: 'A local payment completed' },
	{ value: 'local_payment_expired', description: 'A local payment expired' },
	{ value: 'local_payment_funded', description: 'A local payment was funded' },
	{ value: 'local_payment_reversed', description: 'A local payment was reversed' },
	{ value: 'oauth_access_revoked', description: 'OAuth access was revoked' },
	{ value: 'partner_merchant_connected', description: 'A partner merchant connected' },
	{ value: 'partner_merchant_declined', description: 'A partner merchant declined' },
	{ value: 'partner_merchant_disconnected', description: 'A partner merchant disconnected' },
	{ value: 'payment_method_customer_data_updated', description: "A payment method's customer data was updated" },
	{ value: 'payment_method_revoked_by_customer', description: 'The customer revoked a payment method' },
	{ value: 'recipient_updated_granted_payment_method', description: 'The recipient updated a granted payment method' },
	{ value: 'refund_failed', description: 'A refund failed' },
	{
		value: 'subscription_billing_skipped',
		description: 'A billing cycle was skipped because a zero or negative balance covers it',
	},
	{ value: 'subscription_canceled', description: 'A subscription was canceled' },
	{
		value: 'subscription_charged_successfully',
		description: 'A subscription moved to its next billing cycle with a successful charge',
	},
	{
		value: 'subscription_charged_unsuccessfully',
		description: 'An existing subscription failed to create a successful charge',
	},
	{ value: 'subscription_expired', description: 'A subscription reached its number of billing cycles and expired' },
	{ value: 'subscription_trial_ended', description: "A subscription's trial period ended" },
	{
		value: 'subscription_went_active',
		description: "A subscription's first authorized transaction was created, or a payment moved it from Past Due to Active",
	},
	{ value: 'subscription_went_past_due', description: 'A subscription moved from Active to Past Due' },
	{ value: 'transaction_disbursed', description: 'A transaction was disbursed' },
	{ value: 'transaction_retried', description: 'A transaction was retried' },
	{ value: 'transaction_reviewed', description: 'A transaction was reviewed' },
	{ value: 'transaction_settled', description: 'A transaction settled (ACH and similar methods)' },
	{ value: 'transaction_settlement_declined', description: 'A transaction settlement was declined' },
];

/** The kinds a subscription-to-SIM workflow needs: the default of the trigger's Events parameter. */
export const SUBSCRIPTION_KINDS: string[] = BRAINTREE_KINDS.map((kind) => kind.value).filter((kind) =>
	kind.startsWith('subscription_'),
);

/** "subscription_went_past_due" → "Subscription Went Past Due"; "oauth_…" → "OAuth …". */
export function kindDisplayName(kind: string): string {
	return kind
		.split('_')
		.map((word) => (word === 'oauth' ? 'OAuth' : word === 'paypal' ? 'PayPal' : word.charAt(0).toUpperCase() + word.slice(1)))
		.join(' ');
}
