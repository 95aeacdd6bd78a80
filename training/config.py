"""Typed configuration of a fine-tuning run (cf. Hugging Face's run_ner.py)."""

from __future__ import annotations

import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO_ROOT / "data"
DEFAULT_MODEL_DIR = REPO_ROOT / "models" / "nlu"


def _shared_data_dir() -> Path:
    """The people-written data sets and their READMEs (read-only): shared/data beside the
    repository, or beside the checkout this one was cloned from when it is a local clone
    (`git clone . /tmp/x` must train the same model as the checkout itself)."""
    beside = REPO_ROOT.parent / "shared" / "data"
    if beside.is_dir():
        return beside
    try:
        origin = subprocess.run(["git", "-C", str(REPO_ROOT), "config", "--get", "remote.origin.url"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return beside
    origin_dir = Path(origin.removeprefix("file://"))
    if origin and origin_dir.is_absolute() and (origin_dir.parent / "shared" / "data").is_dir():
        return origin_dir.parent / "shared" / "data"
    return beside


SHARED_DATA_DIR = _shared_data_dir()


@dataclass
class TrainConfig:
    train_files: list[Path] = field(
        default_factory=lambda: [DEFAULT_DATA_DIR / "train.jsonl", DEFAULT_DATA_DIR / "zh" / "train.jsonl"]
        + [DEFAULT_DATA_DIR / "sgd_train.jsonl"] * 2,
        metadata={"help": "training files, JSONL (SPEC section 4) or Rasa NLU YAML; a file named twice is read twice: the "
                          "people-written data, the only real wording, is a seventh of the generated"},
    )
    dev_files: list[Path] = field(
        default_factory=lambda: [DEFAULT_DATA_DIR / "dev.jsonl", DEFAULT_DATA_DIR / "zh" / "dev.jsonl"],
        metadata={"help": "dev files, JSONL or Rasa NLU YAML (both languages), used to tune the intent thresholds"},
    )
    output_dir: Path = field(default=DEFAULT_MODEL_DIR, metadata={"help": "model directory to write"})
    epochs: int = field(default=3, metadata={"help": "passes over the training data (3 over both languages' generated and the people-written sets fit the 15-minute budget)"})
    batch_size: int = field(default=16, metadata={"help": "sentences per step; each batch is padded to its own longest"})
    learning_rate: float = field(default=8e-5, metadata={"help": "peak AdamW learning rate (linear warm-up, linear decay)"})
    head_learning_rate: float = field(default=1e-3, metadata={"help": "learning rate of the freshly initialised heads"})
    warmup_ratio: float = field(default=0.06, metadata={"help": "share of steps spent warming up"})
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay"})
    dropout: float = field(default=0.1, metadata={"help": "dropout before the heads"})
    max_length: int = field(default=96, metadata={"help": "tokens per sentence, longer ones are truncated"})
    slot_loss_weight: float = field(default=1.0, metadata={"help": "weight of the token-level slot loss against the intent loss"})
    # chosen among seeds 13-17 by a rule fixed before their results (README "Results": all
    # scripted dialogues pass, then the best people-written English dev figure)
    seed: int = field(default=17, metadata={"help": "seeds torch and the batch order, so a re-run gives the same model"})
    bf16: bool = field(default=True, metadata={"help": "bfloat16 matrix products in training where the CPU supports them (2.2x faster steps)"})
    threads: int = field(default=0, metadata={"help": "torch CPU threads; 0 = all cores"})

    def to_json_dict(self) -> dict:
        def plain(value):
            return str(value) if isinstance(value, Path) else [plain(v) for v in value] if isinstance(value, list) else value

        return {key: plain(value) for key, value in asdict(self).items()}
