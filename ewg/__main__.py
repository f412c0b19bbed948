"""`python -m ewg` and the `ewg` console script."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line and exit with its code."""
    from ewg.cli.app import run

    sys.exit(run())


if __name__ == "__main__":
    main()
