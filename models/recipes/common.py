"""Shared pieces: char tokenizer, a Llama-style model with HF parameter
names and a KV cache, the HF-layout folder writer and the ONNX export."""
import json
import math
import os

# Set before torch loads libgomp: with 2 cores shared by other jobs,
# spinning OpenMP threads make a step ~6x slower (measured 5.0 s vs
# 0.85 s); OpenBLAS threads would fight torch's for the same cores.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
import torch.nn as nn
import torch.nn.functional as F

PAD, BOS, EOS, UNK, NL = 0, 1, 2, 3, 4
SPECIALS = ["<pad>", "<s>", "</s>", "<unk>"]
CHARS = ["\n"] + [chr(c) for c in range(32, 127)]
VOCAB = SPECIALS + CHARS
STOI = {c: i for i, c in enumerate(VOCAB)}


def setup_torch():
    torch.set_num_threads(int(os.environ.get("STEPWISE_THREADS", "2")))


def encode(text):
    return [STOI.get(c, UNK) for c in text]


def decode(ids):
    return "".join(VOCAB[i] for i in ids if i >= len(SPECIALS))


DEFAULT_CFG = dict(hidden_size=128, num_hidden_layers=6,
                   num_attention_heads=4, num_key_value_heads=2,
                   intermediate_size=384, max_position_embeddings=512,
                   rms_norm_eps=1e-6, rope_theta=10000.0,
                   vocab_size=len(VOCAB))


class RMSNorm(nn.Module):
    def __init__(self, h, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(h))
        self.eps = eps

    def forward(self, x):
        v = x.pow(2).mean(-1, keepdim=True)
        return self.weight * (x * torch.rsqrt(v + self.eps))


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat([-x[..., h:], x[..., :h]], dim=-1)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.nh = c["num_attention_heads"]
        self.kvh = c["num_key_value_heads"]
        self.hd = c["hidden_size"] // self.nh
        h = c["hidden_size"]
        self.q_proj = nn.Linear(h, self.nh * self.hd, bias=False)
        self.k_proj = nn.Linear(h, self.kvh * self.hd, bias=False)
        self.v_proj = nn.Linear(h, self.kvh * self.hd, bias=False)
        self.o_proj = nn.Linear(self.nh * self.hd, h, bias=False)

    def forward(self, x, cos, sin, bias, pk, pv):
        B, T = x.shape[0], x.shape[1]
        rep = self.nh // self.kvh
        q = self.q_proj(x).view(B, T, self.nh, self.hd).transpose(1, 2)
        k = self.k_proj(x).view(B, T, self.kvh, self.hd).transpose(1, 2)
        v = self.v_proj(x).view(B, T, self.kvh, self.hd).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = torch.cat([pk, k], dim=2)
        v = torch.cat([pv, v], dim=2)
        # GQA without repeat: fold the query heads of one kv group into
        # the sequence axis (export-friendly with dynamic shapes)
        qg = q.reshape(B, self.kvh, rep * T, self.hd)
        s = torch.matmul(qg, k.transpose(2, 3)) / math.sqrt(self.hd)
        S = s.shape[-1]
        s = s.view(B, self.kvh, rep, T, S) + bias.unsqueeze(1)
        p = torch.softmax(s, dim=-1).view(B, self.kvh, rep * T, S)
        o = torch.matmul(p, v).view(B, self.nh, T, self.hd)
        o = o.transpose(1, 2).reshape(B, T, self.nh * self.hd)
        return self.o_proj(o), k, v


class MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, i = c["hidden_size"], c["intermediate_size"]
        self.gate_proj = nn.Linear(h, i, bias=False)
        self.up_proj = nn.Linear(h, i, bias=False)
        self.down_proj = nn.Linear(i, h, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self_attn = Attention(c)
        self.mlp = MLP(c)
        eps = c["rms_norm_eps"]
        self.input_layernorm = RMSNorm(c["hidden_size"], eps)
        self.post_attention_layernorm = RMSNorm(c["hidden_size"], eps)

    def forward(self, x, cos, sin, bias, pk, pv):
        a, k, v = self.self_attn(self.input_layernorm(x), cos, sin, bias,
                                 pk, pv)
        x = x + a
        x = x + self.mlp(self.post_attention_layernorm(x))
        return x, k, v


class Trunk(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.layers = nn.ModuleList(Layer(c)
                                    for _ in range(c["num_hidden_layers"]))
        self.norm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        hd = c["hidden_size"] // c["num_attention_heads"]
        inv = 1.0 / (c["rope_theta"] ** (torch.arange(0, hd, 2).float() / hd))
        self.register_buffer("inv_freq", inv, persistent=False)

    def forward(self, input_ids, attention_mask, position_ids, past):
        T = input_ids.shape[1]
        S = attention_mask.shape[1]
        # causal + padding mask built from shapes, so an empty past works
        qpos = torch.arange(T, device=input_ids.device) + (S - T)
        kpos = torch.arange(S, device=input_ids.device)
        causal = kpos.unsqueeze(0) <= qpos.unsqueeze(1)
        keep = causal.unsqueeze(0) & (attention_mask.unsqueeze(1) > 0)
        bias = torch.where(keep, torch.zeros((), dtype=torch.float32),
                           torch.full((), -1e9, dtype=torch.float32))
        bias = bias.unsqueeze(1)  # [B,1,T,S]
        f = position_ids.unsqueeze(-1).float() * self.inv_freq
        emb = torch.cat([f, f], dim=-1)
        cos, sin = emb.cos().unsqueeze(1), emb.sin().unsqueeze(1)
        x = self.embed_tokens(input_ids)
        presents = []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, cos, sin, bias, past[2 * i], past[2 * i + 1])
            presents += [k, v]
        return self.norm(x), presents


class LlamaLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.cfg = c
        self.model = Trunk(c)
        self.lm_head = nn.Linear(c["hidden_size"], c["vocab_size"],
                                 bias=False)

    def forward(self, input_ids, attention_mask, position_ids, *past):
        h, presents = self.model(input_ids, attention_mask, position_ids,
                                 past)
        return (self.lm_head(h), *presents)


class LlamaPRM(nn.Module):
    """Same trunk, one Linear(H,1) value head on the final-normed state,
    so the head can later be refit as a logistic regression."""

    def __init__(self, c):
        super().__init__()
        self.cfg = c
        self.model = Trunk(c)
        self.score = nn.Linear(c["hidden_size"], 1)

    def forward(self, input_ids, attention_mask, position_ids, *past):
        h, presents = self.model(input_ids, attention_mask, position_ids,
                                 past)
        return (self.score(h), h, *presents)


def empty_past(c, B, device="cpu"):
    hd = c["hidden_size"] // c["num_attention_heads"]
    z = torch.zeros(B, c["num_key_value_heads"], 0, hd, device=device)
    return [z] * (2 * c["num_hidden_layers"])


def n_params(m):
    return sum(p.numel() for p in m.parameters())


# ---------------------------------------------------------------- batching
def left_pad(seqs):
    """Left-pad id lists; returns ids, mask, HF-style position ids."""
    T = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), T), PAD, dtype=torch.long)
    mask = torch.zeros((len(seqs), T), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, T - len(s):] = torch.tensor(s)
        mask[i, T - len(s):] = 1
    pos = (mask.cumsum(-1) - 1).masked_fill(mask == 0, 1)
    return ids, mask, pos


@torch.no_grad()
def generate(model, prompts, max_new=160, temperature=0.0, gen=None):
    """Batched sampling with the KV cache. prompts: list of id lists
    (BOS included). Returns generated id lists, cut at EOS."""
    c = model.cfg
    ids, mask, pos = left_pad(prompts)
    B = ids.shape[0]
    past = empty_past(c, B)
    toks = torch.full((B, max_new), PAD, dtype=torch.long)
    lens = torch.full((B,), max_new, dtype=torch.long)
    done = torch.zeros(B, dtype=torch.bool)
    cur_ids, cur_pos = ids, pos
    for t in range(max_new):
        res = model(cur_ids, mask, cur_pos, *past)
        logits, past = res[0][:, -1], list(res[1:])
        if temperature > 0:
            probs = torch.softmax(logits / temperature, -1)
            nxt = torch.multinomial(probs, 1, generator=gen).squeeze(1)
        else:
            nxt = logits.argmax(-1)
        nxt = nxt.masked_fill(done, PAD)
        toks[:, t] = nxt
        fin = (nxt == EOS) & ~done
        lens[fin] = t
        done |= fin
        if bool(done.all()):
            break
        cur_ids = nxt.unsqueeze(1)
        cur_pos = cur_pos[:, -1:] + 1
        mask = torch.cat([mask, torch.ones(B, 1, dtype=torch.long)], 1)
    # rows that never emitted EOS keep all max_new tokens (truncated)
    out = [toks[i, :int(lens[i])].tolist() for i in range(B)]
    return out


# ---------------------------------------------------------------- export
def hf_config(c, prm=False):
    hd = c["hidden_size"] // c["num_attention_heads"]
    cfg = {
        "architectures": ["LlamaForProcessRewardModel" if prm
                          else "LlamaForCausalLM"],
        "model_type": "llama",
        "hidden_size": c["hidden_size"],
        "intermediate_size": c["intermediate_size"],
        "num_hidden_layers": c["num_hidden_layers"],
        "num_attention_heads": c["num_attention_heads"],
        "num_key_value_heads": c["num_key_value_heads"],
        "head_dim": hd,
        "hidden_act": "silu",
        "vocab_size": c["vocab_size"],
        "max_position_embeddings": c["max_position_embeddings"],
        "rms_norm_eps": c["rms_norm_eps"],
        "rope_theta": c["rope_theta"],
        "attention_bias": False,
        "tie_word_embeddings": False,
        "torch_dtype": "float32",
        "bos_token_id": BOS, "eos_token_id": EOS, "pad_token_id": PAD,
        "use_cache": True,
    }
    if prm:
        cfg["num_labels"] = 1
    return cfg


def tokenizer_json():
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": t, "single_word": False, "lstrip": False,
             "rstrip": False, "normalized": False, "special": True}
            for i, t in enumerate(SPECIALS)],
        "normalizer": None,
        "pre_tokenizer": None,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {"<s>": {"id": "<s>", "ids": [BOS],
                                       "tokens": ["<s>"]}},
        },
        # tokenizers.js has no WordLevel: BPE without merges is char-level
        "decoder": {"type": "Fuse"},
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>",
                  "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False,
                  "byte_fallback": False, "ignore_merges": False,
                  "vocab": STOI, "merges": []},
    }


def write_folder(model, outdir, prm=False, opset=14):
    c = model.cfg
    os.makedirs(os.path.join(outdir, "onnx"), exist_ok=True)

    def dump(name, obj):
        with open(os.path.join(outdir, name), "w") as f:
            json.dump(obj, f, indent=2)
            f.write("\n")
    dump("config.json", hf_config(c, prm))
    dump("generation_config.json", {"bos_token_id": BOS,
                                    "eos_token_id": EOS,
                                    "pad_token_id": PAD})
    dump("tokenizer.json", tokenizer_json())
    dump("tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>",
        "unk_token": "<unk>", "add_bos_token": True, "add_eos_token": False,
        "clean_up_tokenization_spaces": False, "padding_side": "left",
        "model_max_length": c["max_position_embeddings"]})
    dump("special_tokens_map.json", {"bos_token": "<s>", "eos_token": "</s>",
                                     "pad_token": "<pad>",
                                     "unk_token": "<unk>"})
    if prm:
        dump("stepwise-prm.json", {"family": "value-head",
                                   "logitsOutput": "logits",
                                   "featureOutput": "last_hidden_state",
                                   "stepSeparator": "\n",
                                   "promptTemplate": "{problem}\n"})
    export_onnx(model, os.path.join(outdir, "onnx", "model.onnx"), prm,
                opset)


def export_onnx(model, path, prm=False, opset=14):
    c = model.cfg
    L = c["num_hidden_layers"]
    model.eval()
    # trace with B=2 and a non-empty past so no shape gets baked in
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(5, c["vocab_size"], (2, 5), generator=g)
    mask = torch.ones(2, 8, dtype=torch.long)
    mask[0, :2] = 0
    pos = (mask.cumsum(-1) - 1).masked_fill(mask == 0, 1)[:, 3:]
    hd = c["hidden_size"] // c["num_attention_heads"]
    past = [torch.randn(2, c["num_key_value_heads"], 3, hd, generator=g)
            for _ in range(2 * L)]
    in_names = ["input_ids", "attention_mask", "position_ids"]
    out_names = ["logits"] + (["last_hidden_state"] if prm else [])
    dyn = {"input_ids": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
           "position_ids": {0: "batch_size", 1: "sequence_length"},
           "logits": {0: "batch_size", 1: "sequence_length"}}
    if prm:
        dyn["last_hidden_state"] = {0: "batch_size", 1: "sequence_length"}
    for i in range(L):
        for kv in ("key", "value"):
            n = f"past_key_values.{i}.{kv}"
            in_names.append(n)
            dyn[n] = {0: "batch_size", 2: "past_sequence_length"}
            n = f"present.{i}.{kv}"
            out_names.append(n)
            dyn[n] = {0: "batch_size", 2: "total_sequence_length"}
    with torch.no_grad():
        torch.onnx.export(model, (ids, mask, pos, *past), path,
                          input_names=in_names, output_names=out_names,
                          dynamic_axes=dyn, opset_version=opset,
                          do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(path))


def save_ckpt(model, path, extra=None):
    torch.save({"cfg": model.cfg, "state": model.state_dict(),
                "extra": extra or {}}, path)


def load_ckpt(path, cls):
    d = torch.load(path, map_location="cpu")
    m = cls(d["cfg"])
    m.load_state_dict(d["state"])
    return m, d.get("extra", {})
