/**
 * What a person can do in the labeling panel, whether by key or by click.
 */
import type { Rating } from '../../src/core/types';

/** One thing the person did. */
export type Action =
	| { type: 'rate'; rating: Rating }
	| { type: 'flag' }
	| { type: 'move'; by: 1 | -1 }
	| { type: 'goto'; idx: number }
	| { type: 'undo' }
	| { type: 'next' }
	| { type: 'finish'; reason: 'bad_problem' | 'give_up' }
	| { type: 'editCorrection' }
	| { type: 'submitCorrection' }
	| { type: 'skipCorrection' }
	| { type: 'evaluate' }
	| { type: 'openDocument' }
	| { type: 'generate' };
