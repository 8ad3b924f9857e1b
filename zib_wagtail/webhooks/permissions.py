from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry


def can_redeliver(user):
    """„Erneut zustellen“ is part of managing endpoints: it needs `change_webhookendpoint`."""
    from .models import WebhookEndpoint

    return policy_registry.get_by_type(WebhookEndpoint).user_has_permission(user, "change")


class DeliveryPermissionPolicy(ModelPermissionPolicy):
    """The delivery log is read-only: rows come from changes; whoever may change endpoints
    may also see the log."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete", "copy"}:
            return False
        if action == "view" and can_redeliver(user):
            return True
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def can_send_ping(user):
    """„Test-Ereignis senden“ is managing endpoints too: the same rule as „Erneut zustellen“."""
    return can_redeliver(user)
