"""``make bench``: run every benchmark module and print (and save) its figures as JSON."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

import bench


def main(argv: list[str]) -> int:
    wanted = set(argv)
    results: dict[str, object] = {}
    for mod in sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_")):
        if wanted and mod not in wanted and mod.removeprefix("bench_") not in wanted:
            continue
        started = time.perf_counter()
        module = importlib.import_module(f"bench.{mod}")
        try:
            figures = module.run()
        except Exception as exc:  # a failing benchmark is reported, the others still run
            figures = {"error": f"{type(exc).__name__}: {exc}"}
        figures["_seconds"] = round(time.perf_counter() - started, 2)
        results[mod] = figures
        print(f"== {mod}\n{json.dumps(figures, indent=2)}", flush=True)
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2))
    print(f"saved {out / 'results.json'}")
    return 1 if any(isinstance(r, dict) and "error" in r for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
