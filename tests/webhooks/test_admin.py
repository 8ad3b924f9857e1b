"""The „Webhooks“ admin: endpoints (secret never listed), the delivery log, „Erneut zustellen“."""

import pytest
from django.contrib.auth.models import Permission

from zib_wagtail.webhooks.models import ContentChange, WebhookDelivery, WebhookEndpoint


@pytest.fixture
def admin(client, django_user_model, db):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def failed_delivery(make_endpoint):
    endpoint = make_endpoint("http://127.0.0.1:9/hook")
    change = ContentChange.objects.create(
        event="page.published", object_type="page", object_id=1, content_type="home.HomePage"
    )
    return WebhookDelivery.objects.create(
        endpoint=endpoint, change=change, status=WebhookDelivery.Status.FAILED, attempts=1
    )


def test_endpoint_list_never_shows_the_secret(admin, make_endpoint):
    endpoint = make_endpoint("https://portal.example.org/hook")
    response = admin.get("/admin/webhooks_endpoints/")
    assert response.status_code == 200
    assert "portal.example.org" in response.text
    assert endpoint.secret not in response.text


def test_create_endpoint_with_event_checkboxes(admin, home_page):
    response = admin.get("/admin/webhooks_endpoints/new/")
    assert response.status_code == 200
    assert 'type="checkbox" name="events" value="page.moved"' in response.text
    secret = WebhookEndpoint._meta.get_field("secret").default()
    response = admin.post(
        "/admin/webhooks_endpoints/new/",
        {
            "name": "Portal",
            "is_active": "on",
            "url": "https://portal.example.org/hook",
            "secret": secret,
            "events": ["page.deleted", "page.published"],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["page.published", "page.deleted"]
    assert endpoint.secret.startswith("whsec_")


def test_invalid_secret_is_rejected(admin, home_page):
    response = admin.post(
        "/admin/webhooks_endpoints/new/",
        {"name": "P", "url": "https://p.example.org/", "secret": "kurz", "events": ["page.moved"]},
    )
    assert response.status_code == 200
    assert "secret" in response.context["form"].errors


def test_inspect_shows_recent_deliveries_and_redeliver(admin, failed_delivery, receiver):
    endpoint = failed_delivery.endpoint
    response = admin.get(f"/admin/webhooks_endpoints/inspect/{endpoint.pk}/")
    assert response.status_code == 200
    assert "Erneut zustellen" in response.text
    assert endpoint.secret not in response.text

    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=receiver.url)
    response = admin.post(f"/admin/webhooks_deliveries/{failed_delivery.pk}/redeliver/")
    assert response.status_code == 302
    failed_delivery.refresh_from_db()
    assert failed_delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert len(receiver.requests) == 1


def test_delivery_log_is_read_only_and_filterable(admin, failed_delivery):
    response = admin.get("/admin/webhooks_deliveries/", {"status": "failed"})
    assert response.status_code == 200
    assert "page.published" in response.text
    assert admin.get("/admin/webhooks_deliveries/new/").status_code in {302, 403}
    inspect = admin.get(f"/admin/webhooks_deliveries/inspect/{failed_delivery.pk}/")
    assert inspect.status_code == 200 and "Zustellversuche" in inspect.text


def test_webhooks_menu_is_in_the_settings_menu(admin, db):
    response = admin.get("/admin/")
    assert "webhooks_endpoints" in response.text


def test_editors_without_permission_see_nothing(client, editor, failed_delivery):
    client.force_login(editor)
    assert client.get("/admin/webhooks_endpoints/").status_code in {302, 403}
    assert client.get("/admin/webhooks_deliveries/").status_code in {302, 403}
    response = client.post(f"/admin/webhooks_deliveries/{failed_delivery.pk}/redeliver/")
    assert response.status_code in {302, 403}
    failed_delivery.refresh_from_db()
    assert failed_delivery.attempts == 1


def test_change_permission_allows_log_and_redeliver(client, editor, failed_delivery):
    editor.user_permissions.add(
        Permission.objects.get(codename="change_webhookendpoint"),
        Permission.objects.get(codename="access_admin"),
    )
    client.force_login(editor)
    assert client.get("/admin/webhooks_deliveries/").status_code == 200
