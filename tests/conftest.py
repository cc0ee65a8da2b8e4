"""Hypothesis profiles: a quick ``dev`` one and a bounded, reproducible ``ci`` one."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=60, deadline=None)
# CI runs every property on two workers within its budget (.ci/run, well under 15
# minutes on two cores, the database and Spark steps included): 50 examples each, the
# same ones every run; the thorough profile goes deeper, by hand or on a schedule.
settings.register_profile(
    "ci",
    max_examples=50,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
# The second CI run, at the runtime dependencies' lower bounds, checks that they work,
# not the rules again in depth: fewer examples, always the same ones.
settings.register_profile(
    "lower-bounds",
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Mutation runs (scripts/mutation.sh) run each test once per mutant: fewer examples,
# always the same ones, so that a score can be reproduced.
settings.register_profile(
    "mutation",
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
