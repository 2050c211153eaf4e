"""HTML to PDF with WeasyPrint, loaded only when a PDF is asked for.

WeasyPrint is an optional extra (``pip install 'coffeechat[pdf]'``) and draws text with
the system's Pango library; when either is missing the user gets one line that says
what to install, not a traceback.
"""

from __future__ import annotations

from coffeechat.core.errors import CoffeechatError


class PdfUnavailable(CoffeechatError):
    """WeasyPrint (or the Pango library it needs) is not installed."""


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """The PDF of an HTML document (its CSS included), as bytes."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except ImportError as exc:  # the extra is not installed
        raise PdfUnavailable(
            "PDF needs WeasyPrint: pip install 'coffeechat[pdf]' (or choose --format md|html|docx)"
        ) from exc
    except OSError as exc:  # the extra is there, Pango is not
        raise PdfUnavailable(
            f"PDF needs the Pango library ({exc}): on Debian/Ubuntu, "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from exc
    document = weasyprint.HTML(string=html, base_url=base_url)
    pdf = document.write_pdf()
    assert pdf is not None
    return bytes(pdf)
