#!/usr/bin/env bash
# Mutation testing of the rule modules, outside the regular test run (see docs/mutation.md).
#
#   bash scripts/mutation.sh                      # every rule module
#   bash scripts/mutation.sh 'caf_contract.retention*'   # one module (mutmut name globs)
#
# The modules and pytest options are in pyproject.toml, [tool.mutmut]. Results stay in
# mutants/ (ignored by git): `.venv/bin/mutmut results`, `.venv/bin/mutmut show NAME`.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
[ -x "$py" ] || python3 -m venv .venv
"$py" -m pip install --quiet -e '.[tests]' 'mutmut==3.8.1'
export HYPOTHESIS_PROFILE=mutation
unset CI
# Always from scratch: mutmut's incremental mode re-runs changed tests alone, and an
# example of the docs cannot run without the examples before it on its page.
rm -rf mutants
.venv/bin/mutmut run --max-children "${MUTATION_JOBS:-2}" "$@"
"$py" scripts/mutation_score.py
