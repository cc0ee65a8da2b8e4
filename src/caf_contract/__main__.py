"""``python -m caf_contract``: the same as the ``caf-contract`` command."""

from caf_contract.cli import run

if __name__ == "__main__":
    run()
