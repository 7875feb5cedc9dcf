"""``python -m diplowatch``: the same as the ``diplowatch`` command."""

from diplowatch.cli import main

main()
