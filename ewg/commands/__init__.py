"""The commands layer: each command's behaviour as plain functions; no Typer."""
