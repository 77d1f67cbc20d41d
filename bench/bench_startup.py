"""Start-up and whole-process figures of the ONNX embedder, each beside a baseline measured in the same run.

* ``babysteps grade`` on an ~8,000-word transcript, as a whole process: wall seconds and peak RSS (targets
  2 s and 300 MB), beside ``python -c "import torch"`` and the same command on the former torch embedder;
* ``babysteps kb search`` as a process (target 1.5 s), beside the torch embedder;
* in-process offline grade of the same transcript, cold caches (target 0.5 s), beside the torch embedder;
* cold knowledge index build (target 15 s), beside the torch embedder;
* first app start on a fresh data directory until Start is usable, i.e. the app answers and the index
  build reports ready (target 15 s), beside the torch embedder's cold build plus the app's start.

Whole-process figures are medians of :data:`RUNS` runs (each in its own process, after one warm-up).
The torch baseline swaps :func:`knowledge.embeddings.get_embedder` for sentence-transformers, as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3
QUERY = "do I need ZooKeeper for unique ids"
TARGETS = {"grade_process_seconds": 2.0, "grade_peak_rss_mb": 300, "kb_search_seconds": 1.5,
           "grade_in_process_seconds": 0.5, "index_cold_build_seconds": 15.0, "app_first_start_seconds": 15.0,
           "grade_5mb_seconds": 10.0, "grade_5mb_peak_rss_mb": 400}

# Runs a command as the only child of a small parent, so RUSAGE_CHILDREN measures that command alone.
_MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - started)
"""

# The CLI with the former sentence-transformers embedder in place of the ONNX one.
_TORCH_CLI = """
import sys
from bench.bench_startup import TorchEmbedder
import knowledge.embeddings as embeddings
embeddings.get_embedder = TorchEmbedder.shared
from ui.cli import main
sys.exit(main(sys.argv[1:]))
"""


class TorchEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers and torch: the embedder before ONNX Runtime."""

    name = "all-MiniLM-L6-v2"
    dim = 384
    _shared: TorchEmbedder | None = None

    def __init__(self) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        from knowledge.embeddings import batch_threads, model_dir

        torch.set_num_threads(batch_threads())
        self._model = SentenceTransformer(str(model_dir()), device="cpu", local_files_only=True)

    @classmethod
    def shared(cls) -> TorchEmbedder:
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(list(texts), batch_size=32, normalize_embeddings=True,
                                     show_progress_bar=False, convert_to_numpy=True)
        return list(vectors.tolist())


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "BABYSTEPS_HOME": str(home), "BABYSTEPS_LLM": "offline", "HF_HUB_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False", "OMP_WAIT_POLICY": "PASSIVE"}


def _process(command: list[str], home: Path, runs: int = RUNS) -> dict[str, float]:
    """Median wall seconds and peak RSS (MB) of ``command`` as a whole process, after one warm-up."""
    samples = []
    for n in range(runs + 1):
        out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True,
                             env=_env(home), cwd=ROOT, check=True).stdout.split()
        if int(out[0]) != 0:
            raise RuntimeError(f"{' '.join(command)} exited with {out[0]}")
        if n:
            samples.append((float(out[2]), int(out[1]) / 1024))
    return {"seconds": round(statistics.median(s for s, _ in samples), 2),
            "peak_rss_mb": round(statistics.median(m for _, m in samples), 1)}


def _grade_in_process(embedder: Any, transcript: Any) -> float:
    from knowledge.content import knowledge
    from rubric.grader import _analyzer, grade_transcript

    grade_transcript(transcript, embedder=embedder)  # the model, prototypes and card vectors, once
    runs = []
    for _ in range(RUNS):
        _analyzer(knowledge(), embedder).clear_cache()  # cold: every sentence embedded afresh
        started = time.perf_counter()
        grade_transcript(transcript, embedder=embedder)
        runs.append(time.perf_counter() - started)
    return round(statistics.median(runs), 3)


def _cold_build(embedder: Any, home: Path) -> float:
    from knowledge.index import KnowledgeIndex

    index = KnowledgeIndex(home / "index", embedder)
    seconds = index.build().seconds
    index.close()
    return round(seconds, 2)


def _app_first_start(home: Path, timeout: float = 120.0) -> float:
    """Seconds from ``babysteps ui`` on a fresh data directory until the app answers and the index is ready."""
    from kernel.config import get_settings
    from knowledge.build_status import read_status
    from ui.serve import free_port

    port = free_port()
    settings = get_settings(home=home)
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "ui", "--port", str(port)], env=_env(home), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import urllib.request

        healthy = False
        while time.monotonic() - started < timeout:
            if proc.poll() is not None:
                raise RuntimeError(f"babysteps ui exited with {proc.returncode}")
            if not healthy:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                        healthy = r.status == 200
                except OSError:
                    pass
            status = read_status(settings)
            if healthy and status is not None and status.state == "ready":
                return round(time.monotonic() - started, 2)
            time.sleep(0.05)
        raise TimeoutError("the app did not become usable in time")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _write_transcript(path: Path) -> Path:
    from agent.cli import transcript_json
    from bench.bench_rubric import make_transcript

    path.write_text(json.dumps(transcript_json(make_transcript())), encoding="utf-8")
    return path


def _write_largest(path: Path, limit: int = 4_900_000) -> Path:
    """The bench transcript's turns pasted again and again, up to just under the 5 MB a transcript may be."""
    from agent.cli import transcript_json
    from bench.bench_rubric import make_transcript

    data = transcript_json(make_transcript())
    turns = list(data["turns"])
    while len(json.dumps(data)) < limit - len(json.dumps(turns)):
        data["turns"] = list(data["turns"]) + turns
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run() -> dict[str, Any]:
    from bench.bench_rubric import make_transcript
    from kernel.config import get_settings
    from knowledge.embeddings import get_embedder
    from knowledge.index import open_index

    figures: dict[str, Any] = {"targets": TARGETS}
    with tempfile.TemporaryDirectory(prefix="babysteps-bench-start-") as tmp:
        root = Path(tmp)
        home = root / "home"
        open_index(get_settings(home=home), get_embedder()).close()  # model copy and index, for the CLI runs
        transcript = _write_transcript(root / "transcript.json")
        figures["transcript_words"] = make_transcript().words()
        onnx_grade = _process([sys.executable, "-m", "ui.cli", "grade", str(transcript)], home)
        torch_grade = _process([sys.executable, "-c", _TORCH_CLI, "grade", str(transcript)], home)
        figures["import_torch"] = _process([sys.executable, "-c", "import torch"], home)
        figures["grade_process"] = {"onnx": onnx_grade, "torch": torch_grade}
        largest = _write_largest(root / "largest.json")
        figures["grade_5mb_process"] = {"bytes": largest.stat().st_size, "five_mb": _process(
            [sys.executable, "-m", "ui.cli", "grade", str(largest)], home, runs=1), "usual_size": onnx_grade}
        figures["kb_search_process"] = {
            "onnx": _process([sys.executable, "-m", "ui.cli", "kb", "search", QUERY], home),
            "torch": _process([sys.executable, "-c", _TORCH_CLI, "kb", "search", QUERY], home),
        }
        onnx, torch_embedder = get_embedder(), TorchEmbedder.shared()
        figures["grade_in_process_seconds"] = {"onnx": _grade_in_process(onnx, make_transcript()),
                                               "torch": _grade_in_process(torch_embedder, make_transcript())}
        figures["index_cold_build_seconds"] = {"onnx": _cold_build(onnx, root / "cold-onnx"),
                                               "torch": _cold_build(torch_embedder, root / "cold-torch")}
        fresh = root / "fresh"
        figures["app_first_start_seconds"] = {"onnx": _app_first_start(fresh)}
        shutil.rmtree(fresh, ignore_errors=True)
    figures["app_first_start_seconds"]["torch_build_plus_app"] = round(
        figures["index_cold_build_seconds"]["torch"] + figures["app_first_start_seconds"]["onnx"]
        - figures["index_cold_build_seconds"]["onnx"], 2)
    return figures


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
