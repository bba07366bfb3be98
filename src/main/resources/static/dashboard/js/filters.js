// Filters shared by Logs, Analytics and Webhooks: the project select and the URL that remembers them.
import { el } from './dom.js';

/** A labelled <select> of the developer's projects; allLabel adds an "all projects" choice. */
export function projectSelect(projects, selected, onChange, allLabel) {
	const select = el('select', { id: 'project-filter', name: 'project_id' },
		allLabel ? el('option', { value: '' }, allLabel) : null,
		projects.map((project) => el('option', { value: project.id, selected: project.id === selected }, project.name)));
	select.addEventListener('change', () => onChange(select.value));
	return el('label', { class: 'field inline', for: 'project-filter' }, el('span', {}, 'Project'), select);
}

/** Buttons of which one is pressed (aria-pressed), for status chips and ranges. */
export function toggleGroup(label, options, selected, onChange, id) {
	const buttons = options.map(([value, text]) => {
		const button = el('button', { type: 'button', class: 'toggle', 'aria-pressed': String(value === selected), dataset: { value } }, text);
		button.addEventListener('click', () => {
			for (const other of buttons) {
				other.setAttribute('aria-pressed', String(other === button));
			}
			onChange(value);
		});
		return button;
	});
	return el('div', { class: 'toggle-group', role: 'group', 'aria-label': label, id }, buttons);
}

export function params() {
	return new URLSearchParams(location.search);
}

/** Puts the filters into the address, so a reload or a shared link shows the same view. */
export function remember(values) {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(values)) {
		if (value) {
			search.set(key, value);
		}
	}
	const text = search.toString();
	history.replaceState(null, '', location.pathname + (text ? '?' + text : ''));
}
