from django import template

from grants import fields
from zib_wagtail.core.templatetags.zib_tags import in_language_of

register = template.Library()


@register.filter
def round_title(funding_round):
    """The round's title in the page's language, else the German one marked `lang="de"`."""
    text, language = funding_round.translated("title")
    return in_language_of(text, language)


@register.filter
def euro(amount):
    """An amount as „1.234,50 €“ in the page's language."""
    return "" if amount in (None, "") else fields.euro(amount)


@register.filter
def for_input(stored_files, name):
    """The files of a draft already uploaded for the input `name` (grants.drafts)."""
    return (stored_files or {}).get(name, [])
