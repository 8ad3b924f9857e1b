"""The filters of the staff's application list (Zuschüsse → Anträge): round, status, kind,
district and the requested amount from/to."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import NumberRangeWidget, WagtailFilterSet
from wagtail.models import Locale

from zib_wagtail.core.models import District

from .models import GrantApplication


def districts(request=None):
    """Each district once, by its name in the default language."""
    return District.objects.filter(locale=Locale.get_default()).order_by("name")


class ApplicationFilterSet(WagtailFilterSet):
    district = django_filters.ModelChoiceFilter(
        label=_("Stadtteil"), queryset=districts, method="filter_district"
    )
    requested_amount = django_filters.RangeFilter(
        label=_("Beantragter Zuschuss (EUR)"), widget=NumberRangeWidget
    )

    class Meta:
        model = GrantApplication
        fields = ["funding_round", "status", "kind", "district", "requested_amount"]

    def filter_district(self, queryset, name, value):
        """The district in whichever language the applicant chose it."""
        return queryset.filter(district__translation_key=value.translation_key)
