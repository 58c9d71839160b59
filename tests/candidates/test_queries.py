"""The candidate list and the pipeline board run a fixed number of queries, whatever the rows."""

from __future__ import annotations

from hiring.applications.models import ApplicationStatus


def _count(client, count_queries, url):
    client.get(url)  # warm up: the first request loads things once per process
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter


def test_candidate_list_query_count_does_not_grow_with_rows(
    client, login, count_queries, make_candidate, add_application, make_position
):
    position = make_position()
    login(roles=["recruiter"])
    add_application(candidate=make_candidate(), position=position)
    few = _count(client, count_queries, "/candidates/")
    other = make_position(title="Second opening")
    for n in range(12):
        candidate = make_candidate(name=f"Many {n}")
        add_application(candidate=candidate, position=position, stage_index=n % 3)
        if n % 2:
            add_application(candidate=candidate, position=other)
    many = _count(client, count_queries, "/candidates/")
    assert many.count == few.count, many


def test_hiring_manager_candidate_list_query_count_is_constant(
    client, login, make_user, count_queries, make_candidate, add_application, make_position
):
    manager = make_user(roles=["hiring_manager"])
    position = make_position(manager=manager)
    add_application(position=position)
    login(manager)
    few = _count(client, count_queries, "/candidates/")
    for _ in range(10):
        add_application(position=position)
        add_application()  # someone else's position: filtered out in SQL
    many = _count(client, count_queries, "/candidates/")
    assert many.count == few.count, many


def test_pipeline_board_query_count_does_not_grow_with_rows(
    client, login, count_queries, make_candidate, add_application, make_position
):
    position = make_position()
    login(roles=["recruiter"])
    add_application(position=position)
    url = f"/positions/{position.id}/pipeline"
    few = _count(client, count_queries, url)
    statuses = [
        None,
        ApplicationStatus.ON_HOLD,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.HIRED,
    ]
    for n in range(15):
        add_application(
            candidate=make_candidate(),
            position=position,
            stage_index=(n % 4) - 1 if n % 4 else None,
            status=statuses[n % len(statuses)],
            reason="Because" if n % 2 else "",
        )
    many = _count(client, count_queries, url)
    assert many.count == few.count, many
    page = client.get(url).get_data(as_text=True)
    assert "Closed applications" in page


def test_application_page_query_count_does_not_grow_with_history(
    app, client, login, count_queries, add_application
):
    application = add_application()
    login(roles=["recruiter"])
    url = f"/applications/{application.id}"
    few = _count(client, count_queries, url)
    from tests.builders import application_row

    for n in range(8):
        version = application_row(app, application.id)[3]
        client.post(f"{url}/move", data={"stage": n % 3, "version": version})
    many = _count(client, count_queries, url)
    assert many.count == few.count, many
