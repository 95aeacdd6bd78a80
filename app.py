"""`python app.py`: the hotel desk's chat UI (and Rasa's REST channel) on 127.0.0.1:7860."""

from __future__ import annotations

import argparse
import os
from datetime import date

# Offline: no Gradio telemetry or version check, no Hugging Face Hub look-ups.
for name, value in (("GRADIO_ANALYTICS_ENABLED", "False"), ("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1")):
    os.environ.setdefault(name, value)

from bot.channels.server import DEFAULT_HOST, DEFAULT_PORT, serve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="fix the bot's clock at YYYY-MM-DD for a demo or a test (default: the server's date; "
                             "`make run` uses 2026-12-01, the README's demo)")
    args = parser.parse_args()
    serve(args.host, args.port, today=args.today)


if __name__ == "__main__":
    main()
