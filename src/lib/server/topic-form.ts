/** Reads the topic form (new topic, draft edit) into the fields `parseTopicInput` checks. */
export function topicFormInput(form: FormData) {
	return {
		title: form.get('title'),
		description: form.get('description') ?? '',
		options: form.getAll('option'),
		lateGraceSeconds: Number(form.get('lateGraceSeconds') ?? 0),
		resultsVisibility: form.get('resultsVisibility') ?? undefined,
		majority: form.get('majority') ?? 'simple',
		quorum: Number(form.get('quorum') || 0),
		kind: form.get('kind') ?? 'single',
		minChoices: form.has('minChoices') ? Number(form.get('minChoices')) : undefined,
		maxChoices: form.has('maxChoices') ? Number(form.get('maxChoices')) : undefined,
		scoreMax: form.has('scoreMax') ? Number(form.get('scoreMax')) : undefined,
		seats: form.has('seats') ? Number(form.get('seats')) : undefined,
		secret: form.get('secret') !== 'off',
		allowChange: form.get('allowChange') === 'on'
	};
}

/** What the person typed, sent back with a refusal so the form keeps it. */
export function typedBack(raw: ReturnType<typeof topicFormInput>) {
	return {
		title: typeof raw.title === 'string' ? raw.title : '',
		description: typeof raw.description === 'string' ? raw.description : '',
		options: raw.options.filter((option) => typeof option === 'string'),
		kind: typeof raw.kind === 'string' ? raw.kind : 'single'
	};
}
