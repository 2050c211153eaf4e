"""coffeechat: carry an informational interview from first message to recap.

The library API is :class:`coffeechat.service.Workspace`; errors derive from
:class:`coffeechat.core.errors.CoffeechatError`. Nothing heavy is imported here, so the
command line starts fast.
"""

__version__ = "0.1.0.dev0"

__all__ = ["__version__"]
