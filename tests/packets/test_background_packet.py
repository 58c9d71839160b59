"""A finalists' packet of 20 memos, built in the background and downloaded (the issue's bar):
one document, every memo in it, page numbers across it, and its progress reported memo by
memo from WeasyPrint's layout (hiring/packets/pdf.py)."""

from __future__ import annotations

import re

from sqlalchemy import select

from hiring.db import db
from hiring.mail.models import OutboxMessage
from hiring.packets import builds
from tests.builders import clone_finalists, finalists_pdf
from tests.support.pdf import bookmarks, read


def test_twenty_memos_built_in_the_background_and_downloaded(
    app, client, login, panel, monkeypatch
):
    manager, *_rest, position, marcus, _interview = panel
    with app.app_context():
        picks = [marcus.id, *clone_finalists(marcus.id, 19)]
    progress: list[dict[str, object]] = []
    real_record = builds._record

    def recording(build_id: int, **values: object) -> None:
        progress.append(values)
        real_record(build_id, **values)

    monkeypatch.setattr(builds, "_record", recording)
    login(manager)
    url = f"/positions/{position.id}/packet.pdf?" + "&".join(f"pick={n}" for n in picks)
    started = client.get(url)
    assert started.status_code == 303  # the job ran once the request committed (JOBS_IMMEDIATE)
    state = client.get(started.headers["Location"] + ".json").json
    assert state["status"] == "ready" and state["text"] == "Ready: 20 of 20 memos."

    # Progress came memo by memo as the pages were laid out, never backwards.
    done = [values["done"] for values in progress]
    assert progress[0] == {"total": 20, "done": 0}
    assert done == sorted(done) and done[-1] == 20 and len(set(done)) >= 10

    download = client.get(state["download"])
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    marks = bookmarks(download.data)
    names = [m for m in marks if m == "Marcus Bell" or m.startswith("Finalist ")]
    assert len(names) == 20 and set(names) == {"Marcus Bell"} | {
        f"Finalist {n:02d}" for n in range(1, 20)
    }
    pages = read(download.data).pages
    numbers = []
    for page in pages:
        found = re.findall(r"Page (\d+) of (\d+)", page.extract_text())
        assert len(found) == 1, found
        numbers.append(tuple(int(n) for n in found[0]))
    assert numbers == [(n, len(pages)) for n in range(1, len(pages) + 1)]
    assert len(pages) > 40  # twenty memos of several pages each, one run of numbers

    # Asked for again: its job finds it in the cache at once; same bytes, same ETag.
    again = finalists_pdf(client, url)
    assert again.status_code == 200 and again.data == download.data
    assert again.headers["ETag"] == download.headers["ETag"]
    with app.app_context():
        told = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == manager.email)
        ).all()
    assert [m.subject for m in told] == ["Finalists' packet ready: Account Executive"]
