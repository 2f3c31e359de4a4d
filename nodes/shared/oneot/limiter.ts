import { sleep } from 'n8n-workflow';

/**
 * Bounds how many requests are in flight at once, makes all of them wait together after a 429, and from then on
 * keeps to the pace the API showed it accepts.
 *
 * Why the pace: 1oT does not publish its rate limit, and `Retry-After` comes in whole seconds. A client that only
 * waits out each 429 runs into the limit again in every window and loses up to a second each time (a 1,000-SIM
 * read that reached the limit 40 ms before the window reopened still waits a full second). So the first 429 is
 * also a measurement: the requests the API accepted in the `Retry-After` span before it are taken as its limit for
 * such a span, and later requests are spread so that no span of that length holds more. Another 429 measures again.
 * A 429 that was not the limit (a hiccup, a burst from another client of the account) would hold the execution to a
 * pace it does not need: so the pace doubles after every five spans without a 429, and a real limit shows itself again.
 */
export class RequestLimiter {
	private active = 0;

	private readonly queue: Array<() => void> = [];

	private pausedUntil = 0;

	/** Send times of requests, oldest first: the last ten minutes, then once paced the last two spans. */
	private readonly sent: number[] = [];

	/** Send times of requests answered 429, to leave them out of the count of accepted ones. */
	private readonly refused: number[] = [];

	/** Learned from a 429: at most `limit` requests in any `spanMs`, since `since`. */
	private pace: { limit: number; spanMs: number; since: number } | null = null;

	constructor(private readonly concurrency: number) {
		if (!Number.isInteger(concurrency) || concurrency < 1) {
			throw new RangeError('concurrency must be a whole number of at least 1');
		}
	}

	/** Holds every request until `ms` from now. A shorter pause never cuts a longer one short. */
	private pauseFor(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
	}

	/**
	 * The API answered 429 to the request sent at `sentAt`, asking to wait `retryAfterMs`: pause everything that long,
	 * and learn the pace from the requests it accepted in the span before.
	 */
	rateLimited(sentAt: number, retryAfterMs: number): void {
		this.pauseFor(retryAfterMs);
		this.refused.splice(this.refused.length - countSince(this.refused, sentAt), 0, sentAt);
		const now = Date.now();
		const spanMs = Math.max(retryAfterMs, 1000);
		const from = now - spanMs;
		const accepted = countSince(this.sent, from) - countSince(this.refused, from);
		this.pace = { limit: Math.max(1, accepted), spanMs, since: now };
	}

	/** Runs `task` when a slot is free, no pause holds and the pace allows; `task` gets the time it was sent. */
	async run<T>(task: (sentAt: number) => Promise<T>): Promise<T> {
		await this.acquire();
		try {
			// Re-check after every wait: a 429 may have arrived meanwhile and paused or paced everything.
			for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) await sleep(wait);
			const sentAt = Date.now();
			this.sent.push(sentAt);
			this.forget(sentAt);
			return await task(sentAt);
		} finally {
			this.release();
		}
	}

	/** How long the next request must wait: the 429 pause, or until the oldest request of the last span leaves it. */
	private waitMs(): number {
		const now = Date.now();
		const paused = this.pausedUntil - now;
		if (paused > 0) return paused;
		if (!this.pace) return 0;
		if (now - this.pace.since >= GROW_AFTER_SPANS * this.pace.spanMs) {
			this.pace.limit *= 2;
			this.pace.since = now;
		}
		const { limit, spanMs } = this.pace;
		// Refused requests count here too: spacing a little more than needed is cheaper than another 429.
		const inSpan = countSince(this.sent, now - spanMs);
		if (inSpan < limit) return 0;
		// A margin of 5 %: the API's window starts when the first request arrives, which on a busy machine or network may be tens of milliseconds after it left here.
		const oldest = this.sent[this.sent.length - inSpan];
		return Math.max(1, oldest + Math.ceil(spanMs * 1.05) - now);
	}

	/** Keeps only what a pace can still count, or measure at the next 429 (bounded: 100,000 SIMs one by one). */
	private forget(now: number): void {
		const from = now - (this.pace ? 2 * this.pace.spanMs : MEASURED_MS);
		dropBefore(this.sent, from);
		dropBefore(this.refused, from);
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

/** Spans without a 429 after which the learned pace is doubled. */
const GROW_AFTER_SPANS = 5;

/** The longest span a first 429 is measured over (a `Retry-After` beyond two minutes fails the call anyway). */
const MEASURED_MS = 600_000;

/** How many of the ascending times are at or after `from`. */
function countSince(times: number[], from: number): number {
	let lo = 0;
	let hi = times.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (times[mid] < from) lo = mid + 1;
		else hi = mid;
	}
	return times.length - lo;
}

/** Drops the times before `from`, in bulk (the counts above skip them anyway), so that a send costs no shift. */
function dropBefore(times: number[], from: number): void {
	const stale = times.length - countSince(times, from);
	if (stale > 256 || (stale > 0 && stale * 2 >= times.length)) times.splice(0, stale);
}
