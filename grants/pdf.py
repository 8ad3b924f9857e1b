"""PDF documents of the grants office (the decision letters), written with fpdf2.

Plain text in blocks on A4 with page numbers, in DejaVu Sans (shipped in grants/fonts, licence
beside it), which has the letters of every Latin, Cyrillic and Greek name an application may
carry. Nothing here knows about applications: callers hand over the text.
"""

from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
TEXT_SIZE = 10.5
LINE_HEIGHT = 5.2


class _PDF(FPDF):
    def footer(self):
        self.set_y(-15)
        self.set_font(FONT, "", 8)
        self.cell(
            0,
            10,
            _("Seite %(page)s von %(pages)s") % {"page": self.page_no(), "pages": "{nb}"},
            align="C",
        )


class Document:
    """A PDF built block by block: `heading`, `paragraph`, `lines`, `space`, then `output`."""

    def __init__(self, title, author=""):
        self.pdf = _PDF(format="A4")
        self.pdf.set_title(title)
        if author:
            self.pdf.set_author(author)
        self.pdf.set_creator("zib-wagtail")
        self.pdf.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.pdf.set_margins(left=25, top=20, right=20)
        self.pdf.set_auto_page_break(auto=True, margin=20)
        self.pdf.add_page()
        self.pdf.set_font(FONT, "", TEXT_SIZE)

    def _write(self, text, *, size=TEXT_SIZE, bold=False, align="L"):
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.multi_cell(
            0, LINE_HEIGHT * size / TEXT_SIZE, text, align=align, new_x="LMARGIN", new_y="NEXT"
        )

    def heading(self, text, size=13):
        self._write(text, size=size, bold=True)
        self.space(2)

    def paragraph(self, text, bold=False):
        """A block of text; blank lines in it separate paragraphs."""
        for number, block in enumerate(text.strip().split("\n\n")):
            if number:
                self.space(3)
            self._write(block.strip("\n"), bold=bold)

    def lines(self, lines, size=TEXT_SIZE, align="L"):
        """Single lines (an address, a date line); empty ones are left out."""
        for line in lines:
            if line:
                self._write(line, size=size, align=align)

    def space(self, millimetres=5):
        self.pdf.ln(millimetres)

    def output(self):
        return bytes(self.pdf.output())
