"""An outage that starts and ends between two notify runs changes no status any run sees;
it is still announced, once, on the same stand-in channels as tests/test_notify.py.

The data (tests/test_notify.py's ``checks``): one check every 5 minutes from 10:00 local
time (UTC+03:00); the website is down at both locations 10:45-11:00 and 13:10-13:20."""

from __future__ import annotations

from pathlib import Path

from generator.site import load_site
from generator.store.probes import Sample, write_samples
from tests.test_notify import (
    MIN,
    RUN,
    STATUS,
    Hooks,
    Mailbox,
    T,
    data,  # noqa: F401  (fixtures)
    env,
    hooks,  # noqa: F401
    run,
    smtp,  # noqa: F401
)


def web(minutes: range, down: set[int]) -> list[Sample]:
    """Checks of both monitors at ``minutes`` after 10:00; the website fails at ``down``."""
    return [
        Sample(T + minute * MIN, "web-check", location, minute not in down, 120.0)
        for minute in minutes
        for location in ("eu", "us")
    ] + [Sample(T + minute * MIN, "api-check", "eu", True, 90.0) for minute in minutes]


def test_an_outage_between_two_runs_is_announced_once(
    data: Path,  # noqa: F811
    hooks: Hooks,  # noqa: F811
    smtp: tuple[Mailbox, int],  # noqa: F811
) -> None:
    mailbox, port = smtp
    environ = env(hooks, port)
    assert run(data, 30, environ).baseline  # 10:30, all up

    # 11:05: the website was down 10:45-11:00 and is up again; no run saw it down
    run(data, 65, environ)
    first = (
        "Website: Outage resolved",
        "Website was down 1 Aug 2026 10:45–11:00 UTC+03:00 (15 min).",
    )
    assert hooks.take("clients") == [(first[0], first[1] + "\n" + STATUS)]
    assert hooks.take("team") == [
        (first[0], first[1] + "\nMonitors: Website check (web-check)\n" + STATUS + "\n" + RUN)
    ]
    assert mailbox.take() == []  # the mail list takes incidents and maintenance only

    # the same run again, and a later one with nothing new: nothing sent
    assert run(data, 65, environ).deliveries == ()
    assert run(data, 75, environ).deliveries == ()
    assert (hooks.take("clients"), hooks.take("team")) == ([], [])

    # 16:00: the 13:10-13:20 outage (no maintenance window in this data) is news too;
    # the 11:25 slowness of the API came and went as well, but slowness is no outage
    run(data, 360, environ)
    assert hooks.take("clients") == [
        (
            "Website: Outage resolved",
            "Website was down 1 Aug 2026 13:10–13:20 UTC+03:00 (10 min).\n" + STATUS,
        )
    ]
    assert [t for t, _ in hooks.take("team")] == ["Website: Outage resolved"]

    # 17:00: two outages since, 16:10-16:20 and 16:30-16:35: one notice listing both
    write_samples(load_site(data).data, web(range(360, 425, 5), down={370, 375, 390}))
    run(data, 420, environ)
    assert hooks.take("clients") == [
        (
            "Website: 2 outages resolved",
            "Website was down 1 Aug 2026 16:10–16:20 UTC+03:00 (10 min).\n"
            "Website was down 1 Aug 2026 16:30–16:35 UTC+03:00 (5 min).\n" + STATUS,
        )
    ]
    assert [t for t, _ in hooks.take("team")] == ["Website: 2 outages resolved"]

    # 17:30 run, with checks only up to 17:20; the 17:25-17:35 checks fail and arrive
    # late, after the 17:30 run: the outage began before that run and is still news
    write_samples(load_site(data).data, web(range(425, 445, 5), down=set()))
    run(data, 450, environ)
    assert hooks.take("clients") == []
    write_samples(load_site(data).data, web(range(445, 490, 5), down={445, 450}))
    run(data, 485, environ)
    assert hooks.take("clients") == [
        (
            "Website: Outage resolved",
            "Website was down 1 Aug 2026 17:25–17:35 UTC+03:00 (10 min).\n" + STATUS,
        )
    ]
    hooks.take("team")

    # 18:20: down since 18:15, announced; 18:25 up, 18:30 down again: the 18:35 run sees
    # the same status as the last, but another outage, and says so
    write_samples(load_site(data).data, web(range(490, 520, 5), down={495, 500, 510, 515}))
    run(data, 500, environ)
    assert hooks.take("clients") == [
        (
            "Website: Major outage",
            "Major outage on Website since 1 Aug 2026 18:15 UTC+03:00.\n" + STATUS,
        )
    ]
    run(data, 515, environ)
    assert hooks.take("clients") == [
        (
            "Website: Major outage",
            "Major outage on Website since 1 Aug 2026 18:30 UTC+03:00.\n" + STATUS,
        )
    ]
    write_samples(load_site(data).data, web(range(520, 530, 5), down=set()))
    run(data, 525, environ)
    assert hooks.take("clients") == [
        (
            "Website: Operational",
            "Website is operational again after major outage since 1 Aug 2026 18:30 UTC+03:00.\n"
            + STATUS,
        ),
        # 15 + 10 + 10 + 5 + 10 + 10 + 10 = 70 min of the 132.48 allowed in the quarter;
        # uptime over the 1125 min since 1 Aug 00:00: 1 - 70/1125 = 93.777%
        (
            "Error budget 50% used: Aug–Oct 2026",
            "52.84% of the downtime allowed in Aug–Oct 2026 is used (1 h 10 min of 2 h 12 min); "
            "uptime to date 93.77% against the 99.9% objective.\n"
            "Status: https://status.example.com/sla/2026-08/",
        ),
    ]
    hooks.take("team")

    # repeated: nothing new, for anyone
    final = run(data, 485, environ)
    assert final.events == () and final.deliveries == ()
    assert (hooks.take("clients"), hooks.take("team"), mailbox.take()) == ([], [], [])
