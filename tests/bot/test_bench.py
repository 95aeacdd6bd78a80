"""`hotelbot bench` end to end with tiny counts: the report's shape, not its speed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DIALOGUES = [REPO / "tests" / "dialogues" / name
             for name in ("01_seeds_switch_before_answer.yaml", "zh01_seeds_switch_before_answer.yaml")]


def positive(percentiles: dict) -> bool:
    return set(percentiles) == {"p50", "p95", "p99"} and all(value > 0 for value in percentiles.values())


def test_bench_json_reports_every_figure(model_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "bench", "--json", "--out", str(out), "--dialogues", *map(str, DIALOGUES),
         "--rounds", "1", "--rest-turns", "4", "--cold-starts", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert json.loads(out.read_text()) == report, "the file holds what --json printed"
    assert report["dialogues"] == 2 and report["rounds"] == 1 and report["turns_per_round"] == 8
    assert positive(report["forward_ms"]) and positive(report["turn_ms"])
    stages = report["stage_ms"]
    assert list(stages) == ["understanding", "forward", "tracking", "policy", "actions", "database", "outside stages"]
    assert all(positive(stages[name]) for name in ("understanding", "forward", "tracking", "database"))
    assert report["turn_to_forward_p50"] > 0
    assert report["app_server_ready_s"] > 0
    assert len(report["cold_start_s"]) == 1 and report["cold_start_s"][0] > 0
    assert report["rss_mb"]["chat"] > 0 and report["rss_mb"]["app_server"] > 0
    assert [level["clients"] for level in report["rest"]] == [1, 2, 4]
    for level in report["rest"]:
        assert level["turns"] >= 1 and level["turns_per_s"] > 0 and positive(level["latency_ms"])
    assert list(report["script_us"]) == ["read tw + map spans", "read hk + map spans", "write a reply in tw"]
    assert all(positive(percentiles) for percentiles in report["script_us"].values())
    big = report["catalogue"]
    assert big["hotels"] == 10_000 and all(big[key] > 0 for key in ("import_s", "reimport_s", "search_ms", "turn_ms"))
