import type { INodeProperties } from 'n8n-workflow';

/**
 * Canvas subtitles in words: n8n shows a subtitle expression's result under the node, and parameter values
 * (`*`, `subscription_went_active`, `setState`) are not what a user reads in the panel. These helpers turn the
 * options' own names into expressions, so a new option is named on the canvas without another edit.
 *
 * The expressions compare values in a chain instead of looking them up in an object literal: braces inside
 * `{{ }}` confuse the expression parser of n8n 1.x's legacy engine.
 */

interface Named {
	value: unknown;
	name: string;
}

/** An expression (no `={{ }}`) giving the name of the option whose value `valueExpr` has, else the value itself. */
export function optionName(valueExpr: string, options: readonly Named[]): string {
	return options.reduceRight(
		(rest, option) => `(${valueExpr} === ${JSON.stringify(option.value)} ? ${JSON.stringify(option.name)} : ${rest})`,
		`${valueExpr}`,
	);
}

/**
 * A subtitle for a multi-options filter: `allLabel` when the wildcard `*` is chosen, the names of up to `listMax`
 * choices, else their count (`<n> <countNoun>`): a long list is cut off on the canvas anyway.
 */
export function choicesSubtitle(parameter: string, options: readonly Named[], { allLabel, countNoun, listMax = 3 }: { allLabel: string; countNoun: string; listMax?: number }): string {
	const chosen = `($parameter[${JSON.stringify(parameter)}] || [])`;
	return (
		`={{ ${chosen}.includes("*") ? ${JSON.stringify(allLabel)}` +
		` : ${chosen}.length > ${listMax} ? ${chosen}.length + ${JSON.stringify(` ${countNoun}`)}` +
		` : ${chosen}.map((v) => ${optionName('v', options)}).join(", ") }}`
	);
}

/**
 * A resource node's subtitle: the chosen operation's action ("Suspend a SIM", "Get the account balance"), read
 * from the `operation` parameters of each resource. `special` replaces the text of some `resource.operation`
 * pairs with an expression of its own.
 */
export function operationSubtitle(properties: readonly INodeProperties[], special: Record<string, string> = {}): string {
	const perResource: Array<[string, string]> = [];
	for (const p of properties) {
		const resources = p.displayOptions?.show?.resource as string[] | undefined;
		if (p.name !== 'operation' || !resources || !p.options) continue;
		const options = (p.options as Array<{ value: unknown; name: string; action?: string }>).map((o) => ({ value: o.value, name: o.action ?? o.name }));
		for (const resource of resources) {
			const plain = optionName('$parameter["operation"]', options);
			const specials = Object.entries(special).filter(([key]) => key.startsWith(`${resource}.`));
			const text = specials.reduceRight(
				(rest, [key, expr]) => `($parameter["operation"] === ${JSON.stringify(key.slice(resource.length + 1))} ? ${expr} : ${rest})`,
				plain,
			);
			perResource.push([resource, text]);
		}
	}
	const chain = perResource.reduceRight((rest, [resource, text]) => `($parameter["resource"] === ${JSON.stringify(resource)} ? ${text} : ${rest})`, '$parameter["operation"]');
	return `={{ ${chain} }}`;
}
