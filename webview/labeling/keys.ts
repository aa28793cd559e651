/**
 * The panel's keys. Labeling is keyboard first: one key per rating, so a
 * person can go through a solution without the mouse. The same table
 * drives the key legend shown on screen.
 */
import type { Action } from './actions';

/** A key press, as much of it as the mapping needs. */
export interface KeyInput {
	key: string;
	ctrl: boolean;
	meta: boolean;
	alt: boolean;
	/** The press happened in a text field (the corrected-step box). */
	inText: boolean;
}

/** One line of the on-screen legend. */
export interface KeyHelp {
	keys: string[];
	what: string;
}

/** The legend, in the order shown. */
export const KEY_HELP: readonly KeyHelp[] = [
	{ keys: ['1'], what: '+1 good' },
	{ keys: ['2', '0'], what: '0 neutral' },
	{ keys: ['3', '-'], what: '-1 wrong (ends the solution)' },
	{ keys: ['F'], what: 'flag: unsure' },
	{ keys: ['↓', 'J'], what: 'next step' },
	{ keys: ['↑', 'K'], what: 'previous step' },
	{ keys: ['U', 'Ctrl+Z'], what: 'undo' },
	{ keys: ['N'], what: 'next solution' },
	{ keys: ['B'], what: 'bad problem' },
	{ keys: ['G'], what: 'give up' },
	{ keys: ['C'], what: 'write the correct step (after a -1)' },
	{ keys: ['Ctrl+Enter'], what: 'save the correct step' },
	{ keys: ['E'], what: 'evaluation label (hard problem)' },
	{ keys: ['O'], what: 'open as document' },
];

const PLAIN: Record<string, Action> = {
	'1': { type: 'rate', rating: 1 },
	'2': { type: 'rate', rating: 0 },
	'0': { type: 'rate', rating: 0 },
	'3': { type: 'rate', rating: -1 },
	'-': { type: 'rate', rating: -1 },
	f: { type: 'flag' },
	j: { type: 'move', by: 1 },
	ArrowDown: { type: 'move', by: 1 },
	k: { type: 'move', by: -1 },
	ArrowUp: { type: 'move', by: -1 },
	u: { type: 'undo' },
	n: { type: 'next' },
	b: { type: 'finish', reason: 'bad_problem' },
	g: { type: 'finish', reason: 'give_up' },
	c: { type: 'editCorrection' },
	e: { type: 'evaluate' },
	o: { type: 'openDocument' },
	Escape: { type: 'skipCorrection' },
};

/** The action a key press stands for, or undefined to let it through. */
export function actionForKey(k: KeyInput): Action | undefined {
	if (k.inText) {
		// Typing a correction: only the keys that leave the box act.
		if ((k.ctrl || k.meta) && k.key === 'Enter') {
			return { type: 'submitCorrection' };
		}
		return k.key === 'Escape' ? { type: 'skipCorrection' } : undefined;
	}
	if (k.alt) {
		return undefined;
	}
	if (k.ctrl || k.meta) {
		// Other chords belong to VS Code (command palette, reload...); Ctrl+Shift+Z
		// arrives as "Z" and is redo elsewhere, so it is not undo here.
		return k.key === 'z' ? { type: 'undo' } : undefined;
	}
	const key = k.key.length === 1 ? k.key.toLowerCase() : k.key;
	return Object.prototype.hasOwnProperty.call(PLAIN, key) ? PLAIN[key] : undefined;
}
