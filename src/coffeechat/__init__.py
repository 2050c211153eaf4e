"""coffeechat: carry an informational interview from first message to recap."""

from coffeechat.core.errors import CoffeechatError

__version__ = "0.1.0.dev0"

__all__ = ["CoffeechatError", "__version__"]
