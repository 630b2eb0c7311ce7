"""Entry point for `python -m huishang`."""

from huishang.cli import main

main()
