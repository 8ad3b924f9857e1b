"""Template tags of the admin templates the core overrides (wagtail-localize's editor)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_review(context):
    """The review box of the translation editor: None for users who may publish."""
    from zib_wagtail.core.translation_review import review_context

    return review_context(context["request"].user, context["translation"], context["instance"])


@register.filter
def translation_editor_props(props, user):
    from zib_wagtail.core.translation_review import editor_props

    return editor_props(props, user)
