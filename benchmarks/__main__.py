"""Benchmark runner: `uv run python -m benchmarks [--json] [NAME ...]`.

Each module in this package that defines ``run(json: bool) -> dict`` is a
benchmark; results are measured in one run (ours vs a baseline) and printed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys

import benchmarks


def main(argv: list[str] | None = None) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if not m.name.startswith("_"))
    p = argparse.ArgumentParser(prog="python -m benchmarks")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("only", nargs="*", choices=[*names, []], metavar="NAME",
                   help=f"benchmarks to run (default all: {', '.join(names)})")
    args = p.parse_args(argv)
    results = {}
    for name in args.only or names:
        mod = importlib.import_module(f"benchmarks.{name}")
        if not hasattr(mod, "run"):
            continue
        if not args.json:
            print(f"== {name}", flush=True)
        results[name] = mod.run(json=args.json)
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
