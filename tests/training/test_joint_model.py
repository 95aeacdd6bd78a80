"""The joint model's intent pooling, on a tiny randomly initialised encoder."""

from __future__ import annotations

import pytest
import torch
from transformers import BertConfig, BertModel

from training.joint_model import JointIntentSlotModel

N_INTENTS, N_TAGS = 5, 7


@pytest.fixture(scope="module")
def model() -> JointIntentSlotModel:
    torch.manual_seed(0)
    config = BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32)
    return JointIntentSlotModel(BertModel(config), N_INTENTS, N_TAGS).eval()


@pytest.mark.parametrize("padding", [1, 4, 20])
def test_padding_changes_no_logit(model: JointIntentSlotModel, padding: int) -> None:
    ids = torch.tensor([[2, 11, 12, 13, 3]])  # [1, tokens]
    padded = torch.cat([ids, torch.zeros(1, padding, dtype=torch.long)], dim=1)
    mask = torch.cat([torch.ones_like(ids), torch.zeros(1, padding, dtype=torch.long)], dim=1)
    with torch.no_grad():
        intents, tags = model(ids, torch.ones_like(ids))
        padded_intents, padded_tags = model(padded, mask)
    assert torch.allclose(intents, padded_intents, atol=1e-5), "a padding token must never win the per-token max"
    assert torch.allclose(tags, padded_tags[:, : ids.shape[1]], atol=1e-5)


def test_intent_logit_is_sentence_score_plus_best_token_score(model: JointIntentSlotModel) -> None:
    ids = torch.tensor([[2, 21, 22, 23, 24, 3]])
    mask = torch.ones_like(ids)
    with torch.no_grad():
        intents, _ = model(ids, mask)
        hidden = model.encoder(input_ids=ids, attention_mask=mask).last_hidden_state  # [1, tokens, hidden]
        pooled = torch.cat([hidden[:, 0], hidden.mean(1)], dim=-1)
        expected = model.intent_head(pooled) + model.token_intent_head(hidden).amax(1)
    assert intents.shape == (1, N_INTENTS)
    assert torch.allclose(intents, expected, atol=1e-5)
