"""`python -m ewg` and the `ewg` console script."""

from __future__ import annotations

import os
import sys


def run() -> int:
    """Run the command line; its exit code, once what it printed has been sent."""
    from ewg.cli import output

    output.prepare()  # closed or non-UTF-8 standard streams
    from ewg.cli.quick import quick

    try:
        code = quick(sys.argv[1:])  # JSON history requests, answered without loading Typer
    except KeyboardInterrupt:  # Ctrl-C, e.g. while waiting for the lock: as `run` does
        code = 130
    if code is None:
        from ewg.cli.app import run as run_app

        code = run_app()
    return output.finish(code)


def main() -> None:
    """Run the command line and exit with its code.

    Without freeing the model object by object on the way out, a twentieth of `ewg
    status`: by now the output is flushed, files are written and closed, the lock is
    released and git's processes have ended (each in a `with`), and ewg registers
    nothing to run at exit.
    """
    os._exit(run())


if __name__ == "__main__":
    main()
