"""``python -m moneytrail.cli``: the same command as the ``moneytrail`` script."""

from . import main

main()
