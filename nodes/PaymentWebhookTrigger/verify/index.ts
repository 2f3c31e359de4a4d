import { verifyChargebee } from './chargebee';
import type { WebhookConfig } from './config';
import { verifyGenericHmac } from './genericHmac';
import { verifyGoCardless, verifyLemonSqueezy } from './bodyHmac';
import { verifyPaddle } from './paddle';
import type { Delivery, Verdict } from './types';

/** The one entry point: checks a delivery against the credential's provider. */
export function verifyDelivery(config: WebhookConfig, delivery: Delivery): Verdict {
	switch (config.provider) {
		case 'paddle':
			return verifyPaddle(delivery, config.secret, config.toleranceSeconds);
		case 'gocardless':
			return verifyGoCardless(delivery, config.secret);
		case 'lemonSqueezy':
			return verifyLemonSqueezy(delivery, config.secret);
		case 'chargebee':
			return verifyChargebee(delivery, config.user, config.password);
		case 'genericHmac':
			return verifyGenericHmac(delivery, config);
	}
}
