// Building DOM nodes without HTML strings: every piece of data becomes a text node, so project names and
// Telegram names (attacker-controlled) are always shown as text, never parsed as markup.
import { ApiError } from './api.js';

/**
 * el('a', { href: '/x', class: 'link', on: { click: fn } }, 'text', child)
 * Props: class, text, on (event listeners), dataset, hidden, and any other key as an attribute.
 * Event-handler and style attributes are refused: the CSP forbids them anyway.
 */
export function el(tag, props = {}, ...children) {
	const node = document.createElement(tag);
	for (const [key, value] of Object.entries(props || {})) {
		if (value === undefined || value === null || value === false) {
			continue;
		}
		if (key === 'class') {
			node.className = value;
		} else if (key === 'text') {
			node.textContent = value;
		} else if (key === 'on') {
			for (const [event, handler] of Object.entries(value)) {
				node.addEventListener(event, handler);
			}
		} else if (key === 'dataset') {
			Object.assign(node.dataset, value);
		} else if (key.startsWith('on') || key === 'style') {
			throw new Error('refusing attribute ' + key);
		} else if (value === true) {
			node.setAttribute(key, '');
		} else {
			node.setAttribute(key, String(value));
		}
	}
	append(node, children);
	return node;
}

export function append(node, children) {
	for (const child of children.flat(Infinity)) {
		if (child === null || child === undefined || child === false) {
			continue;
		}
		node.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return node;
}

/** Replaces everything inside node. */
export function replace(node, ...children) {
	node.replaceChildren();
	return append(node, children);
}

let toastTimer;

/** A short message read out by screen readers (role=status) and shown at the bottom. */
export function toast(message, kind = 'ok') {
	const box = document.getElementById('toast');
	box.textContent = message;
	box.className = 'toast ' + kind;
	box.hidden = false;
	clearTimeout(toastTimer);
	toastTimer = setTimeout(() => { box.hidden = true; }, 4000);
}

/** A message to show on the next page (after a navigation). */
export function flash(message) {
	sessionStorage.setItem('bondify.flash', message);
}

export function showFlash() {
	const message = sessionStorage.getItem('bondify.flash');
	if (message) {
		sessionStorage.removeItem('bondify.flash');
		toast(message);
	}
}

/** Copies text; falls back to selecting it when the clipboard is not available. */
export async function copy(text, label, fallbackNode) {
	try {
		await navigator.clipboard.writeText(text);
		toast(label + ' copied to the clipboard.');
	} catch {
		if (fallbackNode) {
			const range = document.createRange();
			range.selectNodeContents(fallbackNode);
			const selection = window.getSelection();
			selection.removeAllRanges();
			selection.addRange(range);
		}
		toast('Copying is blocked by the browser; the text is selected, press Ctrl+C.', 'bad');
	}
}

/** A button that copies text (e.g. a whole snippet). */
export function copyButton(text, label, fallbackNode) {
	return el('button', {
		type: 'button', class: 'button small', 'aria-label': 'Copy ' + label.toLowerCase(),
		on: { click: () => copy(text, label, fallbackNode) },
	}, 'Copy');
}

/** A value in <code> with a copy button next to it. */
export function copyable(value, label, { id, className } = {}) {
	const code = el('code', { class: 'copy-value ' + (className || ''), id, text: value });
	const button = el('button', {
		type: 'button', class: 'button small', 'aria-label': 'Copy ' + label.toLowerCase(),
		on: { click: () => copy(value, label, code) },
	}, 'Copy');
	return el('span', { class: 'copyable' }, code, button);
}

/** A modal confirmation; resolves true when confirmed. When typeToConfirm is given, the user must type it. */
export function confirmDialog({ title, body, confirmLabel, danger = false, typeToConfirm }) {
	return new Promise((resolve) => {
		const input = typeToConfirm ? el('input', { id: 'confirm-input', type: 'text', autocomplete: 'off', spellcheck: 'false' }) : null;
		const confirmButton = el('button', { type: 'submit', class: 'button ' + (danger ? 'danger' : 'primary'), id: 'confirm-ok' }, confirmLabel);
		const cancelButton = el('button', { type: 'button', class: 'button ghost', id: 'confirm-cancel' }, 'Cancel');
		const form = el('form', { method: 'dialog', class: 'dialog-form' },
			el('h2', { id: 'confirm-title' }, title),
			el('p', {}, body),
			input ? el('label', { for: 'confirm-input', class: 'field' }, el('span', {}, 'Type ', el('strong', {}, typeToConfirm), ' to confirm'), input) : null,
			el('div', { class: 'actions' }, cancelButton, confirmButton));
		const dialog = el('dialog', { class: 'dialog', 'aria-labelledby': 'confirm-title' }, form);
		if (input) {
			confirmButton.disabled = true;
			input.addEventListener('input', () => { confirmButton.disabled = input.value !== typeToConfirm; });
		}
		let result = false;
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			if (input && input.value !== typeToConfirm) {
				return;
			}
			result = true;
			dialog.close();
		});
		cancelButton.addEventListener('click', () => dialog.close());
		dialog.addEventListener('close', () => { dialog.remove(); resolve(result); });
		document.body.append(dialog);
		dialog.showModal();
		(input || cancelButton).focus();
	});
}

/** Shown in place of a page (or part of one) when loading it failed. */
export function pageError(error) {
	const message = error instanceof ApiError ? error.message : 'Something went wrong: ' + error;
	return el('div', { class: 'notice bad', role: 'alert' }, message);
}
