"""The Typer command line: thin commands that parse, call the core, render and exit."""
