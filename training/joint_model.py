"""The joint intent + slot model: a pretrained encoder with two heads.

input_ids, attention_mask: [batch, tokens]
-> encoder hidden states [batch, tokens, hidden]
-> intent logits [batch, intents]   (multi-label: one sigmoid per intent; the sum of a
                                     sentence score read off [CLS] + masked mean, and the
                                     highest per-token score, so each clause of a
                                     multi-intent message can raise its own intent)
-> slot logits   [batch, tokens, tags] (BIO tags, one softmax per token)
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn
from transformers import AutoConfig, AutoModel


class JointIntentSlotModel(nn.Module):
    HEADS = ("intent_head", "token_intent_head", "slot_head")  # the freshly initialised layers

    def __init__(self, encoder: nn.Module, n_intents: int, n_tags: int, dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.dropout = nn.Dropout(dropout)
        self.intent_head = nn.Linear(2 * hidden, n_intents)
        self.token_intent_head = nn.Linear(hidden, n_intents)
        self.slot_head = nn.Linear(hidden, n_tags)

    def head_parameters(self) -> list[nn.Parameter]:
        return [param for name in self.HEADS for param in getattr(self, name).parameters()]

    @classmethod
    def from_encoder(cls, encoder_dir: Path, n_intents: int, n_tags: int, dropout: float) -> "JointIntentSlotModel":
        return cls(AutoModel.from_pretrained(encoder_dir), n_intents, n_tags, dropout)

    @classmethod
    def from_config(cls, model_dir: Path, n_intents: int, n_tags: int) -> "JointIntentSlotModel":
        """An untrained shell with the saved encoder config; load weights into it next."""
        return cls(AutoModel.from_config(AutoConfig.from_pretrained(model_dir)), n_intents, n_tags)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)  # [batch, tokens, 1]
        mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)  # [batch, hidden]
        pooled = torch.cat([hidden[:, 0], mean], dim=-1)  # [batch, 2 * hidden]
        token_intent = self.token_intent_head(self.dropout(hidden))  # [batch, tokens, intents]
        token_intent = token_intent.masked_fill(mask == 0, -1e4)  # padding never wins the max
        intent_logits = self.intent_head(self.dropout(pooled)) + token_intent.amax(1)  # [batch, intents]
        slot_logits = self.slot_head(self.dropout(hidden))
        return intent_logits, slot_logits


class MeanPoolingEmbedder(nn.Module):
    """The base encoder as a sentence embedder (multilingual-e5's own pooling):
    masked mean of the token states, L2-normalised -> [batch, hidden]."""

    def __init__(self, encoder: nn.Module):
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return nn.functional.normalize(mean, dim=-1)
