"""Allow ``python -m coffeechat``."""

from coffeechat.cli import main

main()
