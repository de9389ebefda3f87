"""Benchmark runner: ``uv run python -m benchmarks [--json] [--before REV] [NAME ...]``.

Each module in this package that defines ``run(json: bool) -> dict`` is a
benchmark; results are measured in one run (ours vs a baseline or a floor)
and printed with their targets.  Modules whose ``run`` also takes ``before``
(``cli``, ``gui``) measure a second source tree, the commit REV extracted
beside this one, in the same run, and print a before/after table.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import sys

import benchmarks


def main(argv: list[str] | None = None) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if not m.name.startswith("_"))
    p = argparse.ArgumentParser(prog="python -m benchmarks")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--before", metavar="REV",
                   help="also measure this commit (e.g. 627899b) for a before/after table")
    p.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                   help="stop a run after this long (process benchmarks; default 120)")
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
        params = inspect.signature(mod.run).parameters
        extra = {k: v for k, v in (("before", args.before), ("timeout", args.timeout))
                 if k in params}
        results[name] = mod.run(json=args.json, **extra)
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
