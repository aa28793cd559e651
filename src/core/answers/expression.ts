/**
 * Parser for the plain-text answers the grader's symbolic check sees, such
 * as `3sqrt(13)`, `x^5-x^4+1` or `(a+5)(b+2)`. It follows what sympy's
 * `parse_expr` does with the grader's settings (standard transformations
 * plus implicit multiplication and application):
 *
 * - `^` and `**` are powers; they bind tighter than a leading minus
 *   (`-2^2` is -4) and group to the right (`2^3^2` is 512).
 * - Juxtaposition multiplies: `2x`, `2(3)`, `(1)(2)`, `sqrt(2)3`.
 * - `!` after an operand is a factorial, applied before a power.
 * - A name that is not `pi` or a known function is split into one symbol
 *   per character, digits becoming numbers: `xy` is x*y and `x2` is x*2.
 *   Names with `_` stay whole (`x_1`).
 * - Numbers are read as Python reads them: `012` is the integer 0 followed
 *   by 12 (so `012` means 0*12), `1_000` is 1000, `2e3` and `.5` are
 *   decimals, `2j` is imaginary. Decimals stay marked as such, because
 *   sympy treats them as binary floats.
 * - `//` is floor division.
 *
 * Anything else (commas, `=`, `±`, unknown characters) is a parse error,
 * which the grader counts as "not equal".
 */

/** A node of a parsed expression. */
export type Expr =
	| { kind: 'num'; text: string; decimal: boolean; imaginary?: boolean }
	| { kind: 'sym'; name: string }
	| { kind: 'pi' }
	| { kind: 'neg'; arg: Expr }
	| { kind: 'bin'; op: BinaryOp; left: Expr; right: Expr }
	| { kind: 'call'; fn: FunctionName; arg: Expr }
	| { kind: 'fact'; arg: Expr };

/** Binary operators; `//` is floor division. */
export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '^';

/** Functions the evaluator implements; `ln` is sympy's natural logarithm. */
export type FunctionName = 'sqrt' | 'ln';

const FUNCTIONS: ReadonlySet<string> = new Set<FunctionName>(['sqrt', 'ln']);

/** Thrown for text the expression grammar does not accept. */
export class ExpressionSyntaxError extends Error {
	override name = 'ExpressionSyntaxError';
}

type Token =
	| { t: 'num'; text: string; decimal: boolean; imaginary: boolean }
	| { t: 'name'; text: string }
	| { t: 'op'; text: string };

// Python's number grammar, tried in Python's order: imaginary, float, integer.
const DIGITS = '[0-9](?:_?[0-9])*';
const EXPONENT = `[eE][-+]?${DIGITS}`;
const POINT_FLOAT = `(?:${DIGITS}\\.(?:${DIGITS})?|\\.${DIGITS})(?:${EXPONENT})?`;
const FLOAT = `(?:${POINT_FLOAT}|${DIGITS}${EXPONENT})`;
const IMAGINARY_RE = new RegExp(`^(?:${FLOAT}|${DIGITS})[jJ]`);
const FLOAT_RE = new RegExp(`^${FLOAT}`);
const INT_RE = new RegExp(
	'^(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?0)*|[1-9](?:_?[0-9])*)',
);
const NAME_RE = /^[\p{L}_][\p{L}0-9_]*/u;

/**
 * Parses `text` into an expression tree.
 *
 * @throws ExpressionSyntaxError when the text is not an expression.
 */
export function parseExpression(text: string): Expr {
	const parser = new Parser(tokenize(text));
	const expr = parser.expression();
	parser.expectEnd();
	return expr;
}

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const rest = text.slice(i);
		const c = text[i];
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		if (/[0-9.]/.test(c)) {
			const token = numberToken(rest);
			if (token === null) {
				throw new ExpressionSyntaxError(`unexpected "${c}" in "${text}"`);
			}
			tokens.push(token);
			i += token.text.length;
			continue;
		}
		const name = NAME_RE.exec(rest);
		if (name !== null) {
			tokens.push(...splitName(name[0]));
			i += name[0].length;
			continue;
		}
		if (rest.startsWith('**')) {
			tokens.push({ t: 'op', text: '^' });
			i += 2;
			continue;
		}
		if (rest.startsWith('//')) {
			tokens.push({ t: 'op', text: '//' });
			i += 2;
			continue;
		}
		if ('+-*/^()!'.includes(c)) {
			tokens.push({ t: 'op', text: c });
			i++;
			continue;
		}
		throw new ExpressionSyntaxError(`unexpected "${c}" in "${text}"`);
	}
	return tokens;
}

function numberToken(rest: string): Token | null {
	const imaginary = IMAGINARY_RE.exec(rest);
	if (imaginary !== null) {
		return { t: 'num', text: imaginary[0], decimal: false, imaginary: true };
	}
	const float = FLOAT_RE.exec(rest);
	if (float !== null) {
		return { t: 'num', text: float[0], decimal: true, imaginary: false };
	}
	const int = INT_RE.exec(rest);
	return int === null ? null : { t: 'num', text: int[0], decimal: false, imaginary: false };
}

/** `pi` and function names stay whole; other names become one token per character. */
function splitName(name: string): Token[] {
	if (name === 'pi' || FUNCTIONS.has(name) || name.includes('_')) {
		return [{ t: 'name', text: name }];
	}
	return Array.from(name).map((ch): Token =>
		/[0-9]/.test(ch)
			? { t: 'num', text: ch, decimal: false, imaginary: false }
			: { t: 'name', text: ch },
	);
}

class Parser {
	private i = 0;

	constructor(private readonly tokens: Token[]) {}

	expectEnd(): void {
		if (this.i < this.tokens.length) {
			throw new ExpressionSyntaxError(`unexpected "${this.tokens[this.i].text}"`);
		}
	}

	/** sum := product (('+' | '-') product)* */
	expression(): Expr {
		let left = this.product();
		for (;;) {
			const op = this.peekOp();
			if (op !== '+' && op !== '-') {
				return left;
			}
			this.i++;
			left = { kind: 'bin', op, left, right: this.product() };
		}
	}

	/** product := unary (('*' | '/' | '//' | juxtaposition) unary)* */
	private product(): Expr {
		let left = this.unary();
		for (;;) {
			const op = this.peekOp();
			if (op === '*' || op === '/' || op === '//') {
				this.i++;
				left = { kind: 'bin', op, left, right: this.unary() };
			} else if (this.startsOperand()) {
				left = { kind: 'bin', op: '*', left, right: this.unary() };
			} else {
				return left;
			}
		}
	}

	/** unary := ('+' | '-') unary | power */
	private unary(): Expr {
		const op = this.peekOp();
		if (op === '-') {
			this.i++;
			return { kind: 'neg', arg: this.unary() };
		}
		if (op === '+') {
			this.i++;
			return this.unary();
		}
		return this.power();
	}

	/** power := postfix ('^' unary)? — the exponent may carry its own sign. */
	private power(): Expr {
		const base = this.postfix();
		if (this.peekOp() === '^') {
			this.i++;
			return { kind: 'bin', op: '^', left: base, right: this.unary() };
		}
		return base;
	}

	/** postfix := atom '!'* */
	private postfix(): Expr {
		let arg = this.atom();
		while (this.peekOp() === '!') {
			this.i++;
			arg = { kind: 'fact', arg };
		}
		return arg;
	}

	private atom(): Expr {
		const tok = this.tokens[this.i];
		if (tok === undefined) {
			throw new ExpressionSyntaxError('expression ends too early');
		}
		this.i++;
		if (tok.t === 'num') {
			return { kind: 'num', text: tok.text, decimal: tok.decimal, imaginary: tok.imaginary };
		}
		if (tok.t === 'name') {
			if (tok.text === 'pi') {
				return { kind: 'pi' };
			}
			if (FUNCTIONS.has(tok.text)) {
				if (this.peekOp() !== '(') {
					throw new ExpressionSyntaxError(`${tok.text} needs parentheses`);
				}
				return { kind: 'call', fn: tok.text as FunctionName, arg: this.atom() };
			}
			return { kind: 'sym', name: tok.text };
		}
		if (tok.text === '(') {
			const inner = this.expression();
			if (this.peekOp() !== ')') {
				throw new ExpressionSyntaxError('missing ")"');
			}
			this.i++;
			return inner;
		}
		throw new ExpressionSyntaxError(`unexpected "${tok.text}"`);
	}

	private peekOp(): string | null {
		const tok = this.tokens[this.i];
		return tok !== undefined && tok.t === 'op' ? tok.text : null;
	}

	private startsOperand(): boolean {
		const tok = this.tokens[this.i];
		return tok !== undefined && (tok.t !== 'op' || tok.text === '(');
	}
}

/** True when `expr` contains a decimal literal such as `0.5` or `2.`. */
export function hasDecimal(expr: Expr): boolean {
	return someLeaf(expr, (leaf) => leaf.kind === 'num' && leaf.decimal);
}

/** True when `expr` contains a free symbol. */
export function hasSymbol(expr: Expr): boolean {
	return someLeaf(expr, (leaf) => leaf.kind === 'sym');
}

/**
 * A power with a decimal exponent over a base with a symbol, like `x^2.0`.
 * sympy keeps such a term apart from `x^2` for good (it never cancels
 * against it), while `4^0.5` is just the number 2.0.
 */
export function isSymbolicFloatPower(expr: Expr): boolean {
	return expr.kind === 'bin' && expr.op === '^' && hasDecimal(expr.right) && hasSymbol(expr.left);
}

/** The text of `expr` when it is a decimal literal, possibly negated. */
export function loneDecimal(expr: Expr): string | null {
	const inner = expr.kind === 'neg' ? expr.arg : expr;
	return inner.kind === 'num' && inner.decimal ? inner.text : null;
}

/** The distinct symbol names in `expr`. */
export function symbolsOf(expr: Expr): Set<string> {
	const names = new Set<string>();
	someLeaf(expr, (leaf) => {
		if (leaf.kind === 'sym') {
			names.add(leaf.name);
		}
		return false;
	});
	return names;
}

function someLeaf(expr: Expr, test: (leaf: Expr) => boolean): boolean {
	switch (expr.kind) {
		case 'neg':
		case 'call':
		case 'fact':
			return someLeaf(expr.arg, test);
		case 'bin':
			return someLeaf(expr.left, test) || someLeaf(expr.right, test);
		default:
			return test(expr);
	}
}
