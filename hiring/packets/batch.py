"""Rendering many packets at once on every core (the CLI and the benchmark).

Only the WeasyPrint step runs in the worker processes: the HTML is built in this process,
where the app and its database are, so workers never touch the database and any database
works. Workers import only ``hiring.packets.pdf`` (WeasyPrint, no app, no database).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed

from hiring.packets import render
from hiring.packets.render import Packet


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def render_many(
    packets: list[Packet],
    *,
    workers: int | None = None,
    on_done: Callable[[Packet], None] | None = None,
    use_cache: bool = True,
) -> dict[str, bytes]:
    """PDF bytes by fingerprint for every packet: cached ones at once, the rest rendered on
    ``workers`` processes (default: one per core) and then cached."""
    done = on_done or (lambda _packet: None)
    results: dict[str, bytes] = {}
    todo: dict[str, Packet] = {}
    for packet in packets:
        key = packet.fingerprint
        data = render.cached(key) if use_cache else None
        if data is not None:
            results[key] = data
            done(packet)
        elif key not in todo and key not in results:
            todo[key] = packet
    folder = render.static_folder()

    def landed(key: str, data: bytes) -> None:
        results[key] = data
        if use_cache:  # as each one lands, so a later failure keeps the rest
            render.remember(key, data)
        done(todo[key])

    count = min(workers or default_workers(), len(todo))
    if count <= 1:
        for key, packet in todo.items():
            landed(key, render.html_to_pdf(packet.html, folder))
        return results
    with ProcessPoolExecutor(max_workers=count, mp_context=_context()) as pool:
        futures = {
            pool.submit(render.html_to_pdf, packet.html, folder): key
            for key, packet in todo.items()
        }
        try:
            for future in as_completed(futures):
                landed(futures[future], future.result())
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return results


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one: workers fork from a clean, single-threaded server that
    imported the renderer once, never from this process with its threads and connections."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["hiring.packets.worker"])
        return context
    return multiprocessing.get_context("spawn")
