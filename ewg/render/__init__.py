"""Renderers: one pure function per output format; data in, text out."""
