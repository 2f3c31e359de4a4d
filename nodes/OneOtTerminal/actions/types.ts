import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Outcome } from '../../shared/oneot/bulk';
import type { OneOtClient } from '../../shared/oneot/client';
import type { ImeiIndex } from '../../shared/oneot/resolve';
import type { SuspendWith } from '../../shared/oneot/states';

/** Settings read once per execution from the node's Options (first item). */
export interface ExecutionOptions {
	batchSize: number;
	readBatchSize: number;
	concurrency: number;
	maxRetries: number;
	waitForCompletion: boolean;
	completionTimeoutMs: number;
	suspendWith: SuspendWith;
}

export interface OperationContext {
	fn: IExecuteFunctions;
	client: OneOtClient;
	imeiIndex: ImeiIndex;
	options: ExecutionOptions;
}

/** One input item's prepared input, with the item index it came from. */
export interface Prepared<P> {
	index: number;
	input: P;
}

/** Each input item's result: one output item, several, or an error for that item alone. */
export type ItemOutcome = Outcome<IDataObject | IDataObject[]>;

/**
 * An operation runs in two phases so that bad input is refused before any API call: `prepare` reads
 * and checks one item's parameters (throwing for that item), `run` does the calls for all good items
 * at once, in bulk where the API allows, and returns one outcome per prepared item, in order.
 */
export interface Operation<P = unknown> {
	description: INodeProperties[];
	prepare(ctx: OperationContext, itemIndex: number): P;
	run(ctx: OperationContext, items: Array<Prepared<P>>): Promise<ItemOutcome[]>;
	/** Fields that name the item in an error output (e.g. its ICCID). */
	describe?(input: P): IDataObject;
}
