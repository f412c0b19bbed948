"""`python -m ewg` and the `ewg` console script."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line and exit with its code."""
    from ewg.cli import output

    output.prepare()  # closed or non-UTF-8 standard streams
    from ewg.cli.quick import quick

    try:
        code = quick(sys.argv[1:])  # JSON history requests, answered without loading Typer
    except KeyboardInterrupt:  # Ctrl-C, e.g. while waiting for the lock: as `run` does
        code = 130
    if code is None:
        from ewg.cli.app import run

        code = run()
    sys.exit(output.finish(code))


if __name__ == "__main__":
    main()
