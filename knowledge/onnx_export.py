"""One-time conversion of the packaged all-MiniLM-L6-v2 weights to an ONNX graph, and its cache manifest.

The graph maps ``input_ids``, ``attention_mask`` and ``token_type_ids`` to the transformer's token
embeddings; pooling and normalisation stay in :mod:`knowledge.embeddings`. This is the only module that
imports torch, and only inside :func:`export`: the run-time paths read the cached graph with ONNX Runtime.
The export is deterministic (same torch, same weights, same bytes), and the manifest written beside the
graph holds the SHA-256 of the graph and of the source weights, so a damaged or stale cache is noticed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

GRAPH = "model.onnx"
MANIFEST = "manifest.json"
WEIGHTS = "model.safetensors"
OPSET = 17
FORMAT = 2  # bump when the graph's inputs, outputs or export settings change
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT = "token_embeddings"


class ConversionError(RuntimeError):
    """The weights could not be converted (torch or the ONNX exporter is missing, or the export failed)."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(path: Path) -> dict[str, int]:
    """A cheap stand-in for a file's hash: size and modification time (the hash is taken when they change)."""
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def cache_problem(folder: Path, source: Path, check_graph: bool = True) -> str | None:
    """Why the cached graph in ``folder`` cannot be used for the weights in ``source``; ``None`` if it can."""
    manifest = read_manifest(folder)
    graph = folder / GRAPH
    if manifest is None or not graph.is_file():
        return "no converted model"
    if manifest.get("format") != FORMAT:
        return f"converted with format {manifest.get('format')}, expected {FORMAT}"
    weights = source / WEIGHTS
    if manifest.get("source_fingerprint") != fingerprint(weights) and manifest.get("source_sha256") != sha256(weights):
        return "the packaged weights changed since the conversion"
    if check_graph and manifest.get("sha256") != sha256(graph):
        return "the converted model does not match its recorded hash"
    return None


def copy_cache(seed: Path, folder: Path) -> None:
    """Put a copy of the converted model in ``seed`` into ``folder`` (a hard link where possible)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in (GRAPH, MANIFEST):  # the manifest last: it is what marks the copy complete
        tmp = folder / f".{name}.{os.getpid()}"
        tmp.unlink(missing_ok=True)
        try:
            os.link(seed / name, tmp)
        except OSError:
            shutil.copyfile(seed / name, tmp)
        os.replace(tmp, folder / name)


def export(source: Path, folder: Path) -> dict[str, Any]:
    """Convert the weights in ``source`` to ``folder/model.onnx`` (atomically) and write the manifest."""
    try:
        torch, auto_model = _import_exporter()
    except ImportError as exc:
        raise ConversionError(
            f"converting the embedding model needs torch, transformers and onnx ({exc}); "
            "install the project with: make install"
        ) from exc
    folder.mkdir(parents=True, exist_ok=True)
    # Eager attention exports the plain pattern that ONNX Runtime's optimiser fuses into one Attention op.
    model = auto_model.from_pretrained(str(source), local_files_only=True, attn_implementation="eager").eval()
    wrapper = _TokenEmbeddings(torch, model)
    sample = torch.ones(2, 8, dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, OUTPUT)}
    handle, tmp = tempfile.mkstemp(prefix=".model-", suffix=".onnx", dir=folder)
    os.close(handle)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(wrapper, (sample, sample, torch.zeros_like(sample)), tmp, input_names=list(INPUTS),
                              output_names=[OUTPUT], dynamic_axes=axes, opset_version=OPSET,
                              do_constant_folding=True, dynamo=False)
        _fuse(tmp, int(model.config.num_attention_heads), int(model.config.hidden_size))
        os.chmod(tmp, 0o644)  # readable like any installed file (a temporary file is private)
        os.replace(tmp, folder / GRAPH)
    except Exception as exc:  # noqa: BLE001 - the exporter raises many types
        Path(tmp).unlink(missing_ok=True)
        raise ConversionError(f"exporting the embedding model to ONNX failed: {exc}") from exc
    weights = source / WEIGHTS
    manifest = {
        "format": FORMAT,
        "sha256": sha256(folder / GRAPH),
        "source_sha256": sha256(weights),
        "source_fingerprint": fingerprint(weights),
        "opset": OPSET,
        "torch": str(torch.__version__),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _fuse(path: str, heads: int, hidden: int) -> None:
    """Rewrite the graph with ONNX Runtime's BERT fusions (attention, embedding and skip layer norms, GELU)."""
    from onnxruntime.transformers import optimizer

    fused = optimizer.optimize_model(path, model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=1,
                                     use_gpu=False)
    if not fused.get_fused_operator_statistics().get("Attention"):
        raise ConversionError("ONNX Runtime's optimiser did not fuse the attention layers")
    fused.save_model_to_file(path)


def _import_exporter() -> tuple[Any, Any]:
    import onnx  # noqa: F401 - the exporter needs it; fail early with a clear message
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    return torch, AutoModel


def _TokenEmbeddings(torch: Any, model: Any) -> Any:  # noqa: N802 - builds a torch module class lazily
    """The transformer with its last hidden state as the only output."""

    class TokenEmbeddings(torch.nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    return TokenEmbeddings()
