"""StreamField blocks of the home page only (shared blocks: zib_wagtail.core.blocks)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class FocusAreaBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=120)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "pick"
        label = _("Schwerpunkt")
        template = "home/blocks/focus_area_block.html"
        description = _("Ein Arbeitsschwerpunkt des Büros mit kurzer Erläuterung.")
        preview_value = {
            "title": "Gesellschaftlicher Zusammenhalt",
            "text": "Das Büro behält den gesellschaftlichen Zusammenhalt im Blick.",
        }
