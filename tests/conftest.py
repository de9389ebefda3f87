import os

from hypothesis import settings

# Qt must never need a display in the test run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

# CI replays the same examples every run (a red CI is always reproducible);
# local runs explore new ones, and failures found there become regression tests.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
