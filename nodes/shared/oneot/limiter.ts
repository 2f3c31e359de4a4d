import { sleep } from 'n8n-workflow';

/**
 * Bounds how many requests are in flight at once, and makes all of them wait together after a 429:
 * when the API says "slow down", every request of the execution honours it, not only the one that got it.
 */
export class RequestLimiter {
	private active = 0;

	private readonly queue: Array<() => void> = [];

	private pausedUntil = 0;

	constructor(private readonly concurrency: number) {
		if (!Number.isInteger(concurrency) || concurrency < 1) {
			throw new RangeError('concurrency must be a whole number of at least 1');
		}
	}

	/** Holds every request until `ms` from now. A shorter pause never cuts a longer one short. */
	pauseFor(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		await this.acquire();
		try {
			// Re-check after a slot frees up: a 429 may have arrived while this request was queued.
			for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
				await sleep(wait);
			}
			return await task();
		} finally {
			this.release();
		}
	}

	private async acquire(): Promise<void> {
		if (this.active < this.concurrency) {
			this.active++;
			return;
		}
		await new Promise<void>((resolve) => this.queue.push(resolve));
	}

	private release(): void {
		const next = this.queue.shift();
		if (next) next();
		else this.active--;
	}
}
