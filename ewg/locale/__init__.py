"""The message catalogs of ewg and the two small tools that keep them (extract, msgfmt)."""
