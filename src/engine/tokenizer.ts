/**
 * The model's own tokenizer, from its tokenizer.json, through
 * @huggingface/tokenizers (a faithful JS port of the Rust library, so ids
 * match what the model was trained with). A chat template, when the
 * folder has one, is applied with @huggingface/jinja.
 */
import { Template } from '@huggingface/jinja';
import { Tokenizer } from '@huggingface/tokenizers';
import { EngineError } from './errors';
import type { ModelFolder } from './modelFolder';

/** Encoding and decoding as the generation loop and the PRM need them. */
export class TextCodec {
	private readonly tok: Tokenizer;
	private readonly template?: Template;
	private readonly specials: Record<string, unknown>;

	constructor(folder: ModelFolder) {
		// transformers.js and tokenizers.js clean up spaces around
		// punctuation by default, which corrupts math text; the model folder
		// decides, and the default here is off.
		const config = { clean_up_tokenization_spaces: false, ...folder.tokenizerConfig };
		try {
			this.tok = new Tokenizer(folder.tokenizerJson, config);
		} catch (e) {
			throw new EngineError('model-folder',
				`${folder.path}/tokenizer.json could not be loaded: ${(e as Error).message}`,
				`${folder.path}/tokenizer.json`);
		}
		const chat = folder.tokenizerConfig.chat_template;
		if (typeof chat === 'string') {
			this.template = new Template(chat);
		}
		this.specials = folder.tokenizerConfig;
	}

	/** Whether the tokenizer carries a chat template. */
	get hasChatTemplate(): boolean {
		return this.template !== undefined;
	}

	/** Token ids of `text`; `special` adds BOS and the like as configured. */
	encode(text: string, special = false): number[] {
		return this.tok.encode(text, { add_special_tokens: special }).ids;
	}

	/** Text of `ids`, without special tokens. */
	decode(ids: readonly number[]): string {
		// tokenizers.js throws on an empty list; a sample that ends at once is empty text.
		if (ids.length === 0) {
			return '';
		}
		return this.tok.decode(ids as number[], { skip_special_tokens: true });
	}

	/** The id of a single token, or undefined when the vocabulary lacks it. */
	tokenId(token: string): number | undefined {
		return this.tok.token_to_id(token);
	}

	/** Renders a user message through the chat template. */
	applyChat(system: string | undefined, user: string): string {
		if (!this.template) {
			throw new EngineError('internal', 'applyChat called on a tokenizer without a chat template');
		}
		const messages = system ? [{ role: 'system', content: system }] : [];
		messages.push({ role: 'user', content: user });
		return this.template.render({
			messages,
			add_generation_prompt: true,
			bos_token: tokenText(this.specials.bos_token),
			eos_token: tokenText(this.specials.eos_token),
		});
	}
}

function tokenText(v: unknown): string {
	if (typeof v === 'string') {
		return v;
	}
	if (v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string') {
		return (v as { content: string }).content;
	}
	return '';
}
