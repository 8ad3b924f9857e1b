import pytest


@pytest.mark.django_db
def test_demo_home_page_renders(client):
    from django.core.management import call_command

    call_command("load_zib_content", verbosity=0)
    response = client.get("/")
    assert response.status_code == 200
    assert "Zuwanderungs- und Integrationsbüro" in response.content.decode()
