"""`hotelbot bench`: where a turn's milliseconds go, measured on this machine in one run.

- The model's forward pass alone (tokenize + ONNX Runtime, batch 1) against the whole turn
  through the Python API (`HotelBot.handle`), per stage, p50 / p95 / p99. Both replay the
  same scripted turns (tests/dialogues, each dialogue over a fresh in-memory database),
  round after round; the forward pass reads each message with the context it was said in.
- Turns per second through the REST channel with 1, 2 and 4 concurrent clients, against
  the app server (the same app as `python app.py`) in a subprocess on a free port.
- Cold start: `hotelbot chat` from process start to its first reply, and the resident
  memory (RSS) of that process and of the app server.
- The script conversion a Traditional Chinese customer costs a turn: every Chinese message
  of the replay written in Taiwan's and Hong Kong's Traditional, read back to Simplified
  with its spans mapped (zh_script.read + span), and every Chinese reply written in
  Traditional (zh_script.write), in microseconds.

It prints a table (or, with --json, one JSON object) and writes the JSON report to
var/bench.json, or to --out.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Optional

import numpy as np
import onnxruntime
from pydantic import BaseModel

from bot.agent import HotelBot
from bot.channels import MAX_MESSAGE_CHARS
from bot.channels.rest import SESSION_PATH, WEBHOOK_PATH
from bot.bench_catalogue import CatalogueBench, measure_catalogue
from bot.bench_plans import PlanBench, measure_plans
from bot.dialogue_tests import Dialogue, dialogue_files, fresh_bot, load_dialogue
from bot.understanding.zh import script as zh_script
from bot.understanding.zh.words import is_chinese
from bot.understanding.nlu_model import OnnxJointModel
from training.config import REPO_ROOT

DEFAULT_DIALOGUES = REPO_ROOT / "tests" / "dialogues"
DEFAULT_OUT = REPO_ROOT / "var" / "bench.json"
STAGES = ("understanding", "tracking", "policy", "actions")  # as HotelBot's stopwatch names them
# The per-turn rows: the stages, the model's forward pass inside understanding, the database
# time inside the stages, and what the stopwatch does not cover (building the Turn, copies).
STAGE_ROWS = ("understanding", "forward", "tracking", "policy", "actions", "database", "outside stages")
CLIENTS = (1, 2, 4)
TODAY = date(2026, 12, 1)  # the clock of most scripted dialogues, and of `make run`'s demo
COLD_START_MESSAGE = "I want to book a hotel in Shanghai on the 10th"
SERVER_START_TIMEOUT_S = 120
# The goals (issue 12, "Done when"), shown beside the figures.
GOALS = {"cold_start_s": 2.0, "rss_mb": 300.0, "turn_to_forward_p50": 1.3, "turn_p95_ms": 20.0, "turn_p50_ms": 5.0,
         "catalogue_import_s": 30.0, "plan_turn_ms": 50.0}


class BenchError(RuntimeError):
    """The benchmark could not measure something; the message says what."""


class Percentiles(BaseModel):
    p50: float
    p95: float
    p99: float

    @classmethod
    def of(cls, values: Sequence[float]) -> "Percentiles":
        p50, p95, p99 = np.percentile(np.asarray(values, dtype=float), [50, 95, 99])
        return cls(p50=round(float(p50), 3), p95=round(float(p95), 3), p99=round(float(p99), 3))


class RestLevel(BaseModel):
    clients: int
    turns: int
    turns_per_s: float
    latency_ms: Percentiles  # per request, under this load


class BenchReport(BaseModel):
    cpus: int
    ort_threads: int
    dialogues: int
    turns_per_round: int
    rounds: int
    forward_ms: Percentiles  # tokenize + ONNX run, batch 1
    turn_ms: Percentiles  # HotelBot.handle, wall clock
    stage_ms: dict[str, Percentiles]  # STAGE_ROWS
    turn_to_forward_p50: float
    rest: list[RestLevel]
    app_server_ready_s: float  # process start to /health answering
    cold_start_s: list[float]  # `hotelbot chat`: process start to the first reply, per start
    rss_mb: dict[str, float]  # "chat" after its first reply, "app_server" after the REST runs
    script_us: dict[str, Percentiles]  # SCRIPT_ROWS, microseconds per message
    catalogue: CatalogueBench  # a catalogue of 10,000 hotels: import, search, turn
    plans: PlanBench  # trip plans of 1 to 5 days: the turn, and the planner against brute force


@dataclass
class BenchConfig:
    dialogues: Sequence[Path] = (DEFAULT_DIALOGUES,)
    rounds: int = 5  # replays of every dialogue through the API (after one warm-up dialogue)
    rest_turns: int = 240  # REST turns per concurrency level, shared among the clients
    cold_starts: int = 3
    model_dir: Optional[Path] = None  # None: the trained model's default directory


# ------------------------------------------------------------------ the Python API


@dataclass
class TurnSample:
    text: str
    context: Optional[str]  # None: refused before the model (empty or over-long message)
    total_ms: float
    stage_ms: dict[str, float]
    reply: str


def replay(template: HotelBot, dialogues: Sequence[Dialogue]) -> list[TurnSample]:
    """Every dialogue once, as `hotelbot test` replays it: over a freshly seeded database,
    each turn as the customer identity the file names."""
    samples = []
    with forward_timer(template.understanding.model) as forward_ms:
        for dialogue in dialogues:
            bot = fresh_bot(dialogue, template)
            for scripted in dialogue.turns:
                passes = len(forward_ms)
                started = time.perf_counter()
                turn = bot.handle(scripted.session or dialogue.session, scripted.user, today=dialogue.today)
                total = (time.perf_counter() - started) * 1000
                timings = turn.trace.timings_ms
                stages = {stage: timings.get(stage, 0.0) for stage in STAGES}
                stages["forward"] = sum(forward_ms[passes:])
                stages["database"] = sum(query.ms for query in turn.trace.db_queries)
                stages["outside stages"] = total - sum(timings.values())
                ran_model = len(forward_ms) > passes
                samples.append(TurnSample(scripted.user, turn.trace.context if ran_model else None, total, stages,
                                          turn.reply))
    return samples


@contextmanager
def forward_timer(model: OnnxJointModel) -> Iterator[list[float]]:
    """Times the forward passes run inside whole turns, which take longer than the same
    passes back to back (the rest of the turn evicts the model from the CPU caches):
    an instance attribute shadows the method while the block runs."""
    millis: list[float] = []
    forward = model.forward

    def timed(text: str, context: str = "none"):
        started = time.perf_counter()
        try:
            return forward(text, context)
        finally:
            millis.append((time.perf_counter() - started) * 1000)

    model.forward = timed
    try:
        yield millis
    finally:
        del model.forward


def time_forward(model: OnnxJointModel, inputs: Sequence[tuple[str, str]]) -> list[float]:
    """The forward pass alone, message after message: milliseconds per (text, context)."""
    millis = []
    for text, context in inputs:
        started = time.perf_counter()
        model.forward(text, context)
        millis.append((time.perf_counter() - started) * 1000)
    return millis


def measure_api(template: HotelBot, dialogues: Sequence[Dialogue], rounds: int) -> tuple[list[TurnSample], list[float]]:
    """Rounds alternate whole turns and forward passes, so both see the same machine state."""
    replay(template, dialogues[:1])  # warm-up: ONNX Runtime's first runs allocate
    samples: list[TurnSample] = []
    forward: list[float] = []
    for _ in range(rounds):
        round_samples = replay(template, dialogues)
        samples += round_samples
        forward += time_forward(template.understanding.model,
                                [(s.text, s.context) for s in round_samples if s.context is not None])
    return samples, forward


def _microseconds(call, texts: Sequence[str]) -> list[float]:
    millis = []
    for text in texts:
        started = time.perf_counter()
        call(text)
        millis.append((time.perf_counter() - started) * 1e6)
    return millis


def measure_scripts(samples: Sequence[TurnSample]) -> dict[str, Percentiles]:
    """What Traditional Chinese adds to a turn: the replay's Chinese messages and replies."""
    chinese = [s for s in samples if is_chinese(s.text)]
    if not chinese:
        return {}

    def read_and_map(text: str) -> None:
        zh_script.read(text).span(0, len(text))

    report = {}
    for script in ("tw", "hk"):
        written = [zh_script.write(s.text, script) for s in chinese]
        report[f"read {script} + map spans"] = Percentiles.of(_microseconds(read_and_map, written))
    replies = [s.reply for s in chinese]
    report["write a reply in tw"] = Percentiles.of(_microseconds(lambda text: zh_script.write(text, "tw"), replies))
    return report


# ------------------------------------------------------------------ the REST channel


class RestClient:
    """One customer over SPEC section 8: a token from /session, then webhook turns."""

    def __init__(self, base: tuple[str, int]) -> None:
        self.connection = http.client.HTTPConnection(*base, timeout=60)
        self.sender = self.token = ""

    def post(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.connection.request("POST", path, json.dumps(body), headers)
        response = self.connection.getresponse()
        payload = response.read()
        return response.status, json.loads(payload) if payload else None

    def new_session(self) -> None:
        """A fresh customer identity and its token."""
        self.token = ""
        status, body = self.post(SESSION_PATH, {})
        if status != 200:
            raise BenchError(f"POST {SESSION_PATH} answered {status}: {body}")
        self.sender, self.token = body["sender"], body["token"]

    def turn(self, text: str) -> float:
        started = time.perf_counter()
        status, body = self.post(WEBHOOK_PATH, {"sender": self.sender, "message": text})
        if status != 200:
            raise BenchError(f"REST turn {text!r} answered {status}: {body}")
        return (time.perf_counter() - started) * 1000


def rest_script(dialogues: Sequence[Dialogue]) -> list[list[str]]:
    """The dialogues' lines the REST channel takes as turns (it refuses blank and over-long ones)."""
    script = [[t.user for t in d.turns if t.user.strip() and len(t.user) <= MAX_MESSAGE_CHARS] for d in dialogues]
    return [lines for lines in script if lines]


def run_client(base: tuple[str, int], script: list[list[str]], first: int, turns: int) -> list[float]:
    """`turns` turns, dialogue after dialogue from `first` on, each dialogue in a new session."""
    client = RestClient(base)
    millis: list[float] = []
    index = first
    while len(millis) < turns:
        client.new_session()
        for text in script[index % len(script)][: turns - len(millis)]:
            millis.append(client.turn(text))
        index += 1
    return millis


def measure_rest(base: tuple[str, int], script: list[list[str]], turns: int) -> list[RestLevel]:
    run_client(base, script, 0, len(script[0]))  # warm-up
    levels = []
    for clients in CLIENTS:
        per_client = max(1, turns // clients)
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            # each client starts at a different dialogue, so they do not run in lockstep
            runs = [pool.submit(run_client, base, script, i * len(script) // clients, per_client) for i in range(clients)]
            millis = [ms for run in runs for ms in run.result()]
        elapsed = time.perf_counter() - started
        levels.append(RestLevel(clients=clients, turns=len(millis), turns_per_s=round(len(millis) / elapsed, 1),
                                latency_ms=Percentiles.of(millis)))
    return levels


def serve_app(port: int) -> None:
    """The app server as `python app.py` builds it, but over an in-memory database, so the
    benchmark's bookings never reach var/hotelbot.sqlite. Runs in the server subprocess."""
    for name, value in (("GRADIO_ANALYTICS_ENABLED", "False"), ("HF_HUB_OFFLINE", "1")):  # offline, as app.py
        os.environ.setdefault(name, value)
    import uvicorn

    from bot.channels.server import DEFAULT_HOST, create_app

    app = create_app(HotelBot.load(today=TODAY, db_path=":memory:"))
    uvicorn.run(app, host=DEFAULT_HOST, port=port, log_level="warning")


@contextmanager
def app_server() -> Iterator[tuple[tuple[str, int], int, float]]:
    """Start the app server in a subprocess; yields its (host, port), pid and seconds to /health."""
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", f"from bot.bench import serve_app; serve_app({port})"],
                               cwd=REPO_ROOT, stdout=subprocess.DEVNULL)
    try:
        base = ("127.0.0.1", port)
        while not healthy(base):
            if process.poll() is not None or time.perf_counter() - started > SERVER_START_TIMEOUT_S:
                raise BenchError(f"the app server did not answer /health (exit code {process.poll()})")
            time.sleep(0.05)
        yield base, process.pid, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(30)


def healthy(base: tuple[str, int]) -> bool:
    connection = http.client.HTTPConnection(*base, timeout=5)
    try:
        connection.request("GET", "/health")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ------------------------------------------------------------------ processes


def rss_mb(pid: int) -> float:
    """Resident memory of a running process (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise BenchError(f"no VmRSS for process {pid}")


def cold_start(model_dir: Path) -> tuple[float, float]:
    """`hotelbot chat` (over a freshly seeded in-memory database): seconds from process
    start to its first reply, and its RSS then."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "chat", "--today", TODAY.isoformat(), "--db", ":memory:", "--model", str(model_dir)],
        cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        process.stdin.write(COLD_START_MESSAGE + "\n")
        process.stdin.flush()
        for line in process.stdout:
            if "bot>" in line:
                return time.perf_counter() - started, rss_mb(process.pid)
        raise BenchError(f"hotelbot chat ended without a reply (exit code {process.wait()})")
    finally:
        process.kill()
        process.wait()


# ------------------------------------------------------------------ the report


def run_bench(config: BenchConfig) -> BenchReport:
    dialogues = [load_dialogue(path) for path in dialogue_files(config.dialogues)]
    if not dialogues:
        raise BenchError(f"no dialogue files in {', '.join(map(str, config.dialogues))}")
    template = HotelBot.load(today=TODAY, model_dir=config.model_dir, db_path=":memory:")
    samples, forward = measure_api(template, dialogues, config.rounds)
    turn_ms = Percentiles.of([s.total_ms for s in samples])
    forward_ms = Percentiles.of(forward)
    with app_server() as (base, pid, ready_s):
        rest = measure_rest(base, rest_script(dialogues), config.rest_turns)
        server_rss = rss_mb(pid)
    starts = [cold_start(template.config.model_dir) for _ in range(config.cold_starts)]
    return BenchReport(
        cpus=os.cpu_count() or 1,
        ort_threads=template.understanding.model.session.get_session_options().intra_op_num_threads,
        dialogues=len(dialogues),
        turns_per_round=len(samples) // config.rounds,
        rounds=config.rounds,
        forward_ms=forward_ms,
        turn_ms=turn_ms,
        stage_ms={name: Percentiles.of([s.stage_ms[name] for s in samples]) for name in STAGE_ROWS},
        turn_to_forward_p50=round(turn_ms.p50 / forward_ms.p50, 3),
        rest=rest,
        app_server_ready_s=round(ready_s, 3),
        cold_start_s=[round(seconds, 3) for seconds, _ in starts],
        rss_mb={"chat": max(rss for _, rss in starts), "app_server": server_rss},
        script_us=measure_scripts(samples),
        catalogue=measure_catalogue(config.model_dir),
        plans=measure_plans(template, TODAY),
    )


LABEL_WIDTH = 42


def format_table(report: BenchReport) -> str:
    def row(label: str, p: Percentiles, note: str = "") -> str:
        return f"{label:<{LABEL_WIDTH}}{p.p50:>9.2f}{p.p95:>9.2f}{p.p99:>9.2f}  {note}".rstrip()

    def goal(value: float, limit: float) -> str:
        return f"(goal ≤ {limit:g}: {'met' if value <= limit else 'NOT met'})"

    lines = [
        f"hotelbot bench: {report.cpus} CPUs, ONNX Runtime {onnxruntime.__version__} on {report.ort_threads} thread(s), "
        f"{report.dialogues} dialogues = {report.turns_per_round} turns × {report.rounds} rounds",
        f"{'milliseconds':<{LABEL_WIDTH}}{'p50':>9}{'p95':>9}{'p99':>9}",
        row("model forward (tokenize + ONNX, batch 1)", report.forward_ms),
        row("whole turn (HotelBot.handle)", report.turn_ms, "p95 " + goal(report.turn_ms.p95, GOALS["turn_p95_ms"])),
    ]
    labels = {"forward": "  model forward, inside the turn", "database": "database (inside the stages)",
              "outside stages": "outside the stages (trace, copies)"}
    lines += [row(f"  {labels.get(name, name)}", p) for name, p in report.stage_ms.items()]
    lines.append(f"{'turn p50 / forward p50':<{LABEL_WIDTH}}{report.turn_to_forward_p50:>9.2f}  "
                 f"{goal(report.turn_to_forward_p50, GOALS['turn_to_forward_p50'])}")
    for level in report.rest:
        label = f"REST turns/s, {level.clients} client{'s' if level.clients > 1 else ''}"
        lines.append(f"{label:<{LABEL_WIDTH}}{level.turns_per_s:>9.1f}  (per request p50 {level.latency_ms.p50:.1f} ms, "
                     f"p95 {level.latency_ms.p95:.1f} ms; {level.turns} turns)")
    cold = statistics.median(report.cold_start_s)
    lines += [
        f"{'cold start to first reply (s)':<{LABEL_WIDTH}}{cold:>9.2f}  "
        f"{goal(cold, GOALS['cold_start_s'])}; median of {len(report.cold_start_s)}, max {max(report.cold_start_s):.2f}",
        f"{'app server start to /health (s)':<{LABEL_WIDTH}}{report.app_server_ready_s:>9.2f}",
        f"{'RSS, hotelbot chat (MB)':<{LABEL_WIDTH}}{report.rss_mb['chat']:>9.0f}  {goal(report.rss_mb['chat'], GOALS['rss_mb'])}",
        f"{'RSS, app server after the REST runs (MB)':<{LABEL_WIDTH}}{report.rss_mb['app_server']:>9.0f}  {goal(report.rss_mb['app_server'], GOALS['rss_mb'])}",
    ]
    lines += [row(f"Traditional Chinese, µs: {name}", p) for name, p in report.script_us.items()]
    big = report.catalogue
    lines += [
        f"{f'catalogue of {big.hotels:,} hotels: import (s)':<{LABEL_WIDTH}}{big.import_s:>9.2f}  "
        f"{goal(big.import_s, GOALS['catalogue_import_s'])}; the same file again {big.reimport_s:.2f} s",
        f"{'  search, one city of 1/8 of them (ms)':<{LABEL_WIDTH}}{big.search_ms:>9.2f}  p50, by rating and amenity",
        f"{'  whole turn of a search over it (ms)':<{LABEL_WIDTH}}{big.turn_ms:>9.2f}  p50 "
        f"{goal(big.turn_ms, GOALS['turn_p50_ms'])}; its database queries {big.turn_database_ms:.2f}",
        f"{'  the same turns, seeded catalogue (ms)':<{LABEL_WIDTH}}{big.seeded_turn_ms:>9.2f}  p50",
        f"{'trip plan turn, 1-5 days (ms)':<{LABEL_WIDTH}}{report.plans.turn_p50_ms:>9.2f}  p50; max "
        f"{report.plans.turn_max_ms:.2f} {goal(report.plans.turn_max_ms, GOALS['plan_turn_ms'])}; {report.plans.turns} turns",
        f"{'  plans as good as brute force':<{LABEL_WIDTH}}{report.plans.exact:>9}  of {report.plans.checked} (1-2 days, cheap and plain)",
    ]
    return "\n".join(lines)
