from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import WebhookDelivery
from .permissions import DeliveryPermissionPolicy

# Registered before any view asks for the policy (see wagtail.permissions).
register_permission_policy(WebhookDelivery, DeliveryPermissionPolicy(WebhookDelivery))


@hooks.register("register_admin_viewset")
def register_webhooks_viewsets():
    from .viewsets import WebhooksViewSetGroup

    return WebhooksViewSetGroup()
