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


def test_a_page_carries_the_whole_lists_length_in_one_query(app, make_user, count_queries):
    """The total is counted by a subquery of the page's own query: right for a filtered list,
    a DISTINCT one and one with a joined collection, and still a single statement."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    from hiring.auth.models import User
    from hiring.pagination import paginate

    people = [
        make_user(name=f"Person {n:02d}", roles=["interviewer", "recruiter"]) for n in range(7)
    ]
    with app.test_request_context("/?page=2"):
        everyone = select(User).where(User.id.in_([p.id for p in people]))
        with count_queries() as queries:
            page = paginate(everyone.order_by(User.name), per_page=3)
        assert queries.count == 1
        assert (page.total, page.pages, [u.name for u in page.items]) == (
            7,
            3,
            ["Person 03", "Person 04", "Person 05"],
        )
        with_roles = everyone.options(joinedload(User.role_grants)).order_by(User.name)
        assert paginate(with_roles, per_page=3).total == 7
        names = select(User.name).where(User.id.in_([p.id for p in people[:4]]))
        assert (
            paginate(names.union_all(names).subquery().select().distinct(), per_page=3).total == 4
        )
