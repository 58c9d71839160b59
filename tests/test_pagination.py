"""Every paginated list answers a page number it cannot show with 404, never a 500."""

from __future__ import annotations

import pytest

BAD_PAGES = ("99999999999999999999", "0", "-3", "abc", "2", str(2**31 - 1), "1.5", "")


@pytest.mark.parametrize(
    "path",
    ["/admin/users/", "/admin/audit/", "/admin/outbox/", "/candidates/", "/positions/"],
)
def test_list_pages_answer_404_for_pages_they_do_not_have(client, login, path):
    login(roles=["admin"])
    first = client.get(path)
    assert first.status_code == 200
    assert client.get(f"{path}?page=1").status_code == 200
    for bad in BAD_PAGES:
        response = client.get(f"{path}?page={bad}")
        assert response.status_code == 404, (path, bad)
        assert "There is nothing here" in response.get_data(as_text=True)


def test_the_comparison_answers_404_for_pages_it_does_not_have(client, login, panel):
    manager, *_rest, position, _application, _interview = panel
    login(manager)
    path = f"/positions/{position.id}/compare"
    assert client.get(f"{path}?page=1").status_code == 200
    for bad in BAD_PAGES:
        assert client.get(f"{path}?page={bad}").status_code == 404, bad


def test_a_list_with_two_pages_shows_the_second(client, login, make_user):
    admin = login(roles=["admin"])
    for _ in range(25):
        make_user()
    second = client.get("/admin/users/?page=2")
    assert second.status_code == 200
    assert admin.email in client.get("/admin/users/?page=1").get_data(as_text=True) + (
        second.get_data(as_text=True)
    )
    assert client.get("/admin/users/?page=3").status_code == 404


@pytest.mark.parametrize("app_config", [{"PAGE_SIZE": 2}])
def test_the_page_size_setting_paginates_the_lists(client, login, make_user):
    """``PAGE_SIZE`` (``HIRING_PAGE_SIZE``) is how many rows every list shows."""
    login(roles=["admin"])
    for _ in range(3):
        make_user()
    assert client.get("/admin/users/?page=2").status_code == 200
    assert client.get("/admin/outbox/?page=1").status_code == 200
    assert client.get("/admin/users/?page=3").status_code == 404  # 4 people, 2 a page


@pytest.mark.parametrize("app_config", [{"PAGE_SIZE": 1}])
def test_the_page_size_setting_paginates_the_comparison(client, login, panel, add_application):
    manager, *_rest, position, _application, _interview = panel
    add_application(position=position)
    login(manager)
    path = f"/positions/{position.id}/compare"
    first = client.get(path).get_data(as_text=True)
    second = client.get(f"{path}?page=2")
    assert second.status_code == 200
    assert client.get(f"{path}?page=3").status_code == 404
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second.get_data(as_text=True)
