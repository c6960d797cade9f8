"""The moment a closed period's report last changed, which it is stamped with.

A report is "as known at" an instant: the records it counts are those known then, a ticket
still unanswered is pending until its deadline passes, the SLA's review falls overdue on a
day. Once its period has ended, those are the only ways the instant changes a report, and
each changes it at a moment written in the records:

- an incident is known once it has started and resolved once it has been resolved
  (:meth:`generator.site.Site.known_at`). Only an incident that meets the period is in its
  report (naming its outages, excluding their time when declared excluded, marking its days
  in the PDF's chart), and it started before the period's end: its resolution is the
  moment. Its updates are in no figure;
- a maintenance window's state changes at its start and at its end; only a window that
  meets the period is in its report, and it started before the period's end;
- a ticket created in the period counts as answered from its first response, and, when
  that is late or missing, as breached from the second after its deadline
  (:func:`generator.compute.support.outcome`);
- the review is overdue from the first second of the day after ``next_review``, in the
  SLA's time zone;
- the period is closed, with no outage ongoing, from the second after its end.

So a closed period's report as known at the build's as-of time T is the same, figure for
figure, as known at the latest of those moments up to T. It is stamped with that moment
(its ``generated_at`` and ``period.as_of``), and the same build an hour or a week later
gives the same report, and the same PDF, while nothing in it changes: the scheduled build,
every few minutes, reuses every closed period's PDF (issue 12) instead of drawing it again
only for a new time on it. A cold build and an incremental one stamp the same moment: it
depends on the records and T alone.

The running period is stamped with T itself: its figures change as time passes.

A record edited or added later (a late probe import, a corrected incident file) changes a
closed period's figures without a new moment. Those reports then share the stamp and
differ in content; the report's reference (:func:`generator.model.report.reference`, a
digest of its figures, printed on the PDF's cover) tells them apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from functools import partial

from generator.compute.periods import Period
from generator.compute.support import deadline_for
from generator.config.support import SupportPolicy, support_policy
from generator.reporting.kept_support import ticket_moments
from generator.site import Site
from generator.store.tickets import Ticket


def settled_at(
    site: Site, period: Period, as_of: int, tickets: Sequence[Ticket], *, client: str = ""
) -> int:
    """The instant ``period``'s report is stamped with, as known at ``as_of``: ``as_of``
    while the period runs; once it has ended, the latest moment up to ``as_of`` at which
    its report changed (see the module's docstring). ``tickets`` are every stored ticket,
    or ``client``'s own for its edition."""
    if as_of <= period.end:
        return as_of
    return max(m for m in _moments(site, period, tickets, client) if m <= as_of)


def _moments(site: Site, period: Period, tickets: Sequence[Ticket], client: str) -> list[int]:
    """Every moment at which a closed ``period``'s report can change (more is harmless: a
    later stamp; one missing would stamp figures older than the report's)."""
    moments = [period.end + 1, review_overdue_from(site.sla.terms.next_review, site.sla.timezone)]
    for incident in site.incidents:
        # one that meets the period started before its end, so is known from then on; its
        # resolution excludes its time (when declared excluded) from then on
        if incident.resolved is not None and period.meets(incident.started, incident.resolved):
            moments.append(incident.resolved)
    for window in site.maintenance:
        # one that meets the period started before its end: it is completed from its end on
        if period.meets(window.start, window.end):
            moments.append(window.end)
    policy = support_policy(site.sla)
    if policy is not None:
        # worked out from the period's tickets, or kept from a build before
        work_out = partial(_answer_moments, policy)
        moments += ticket_moments(site.sla, site.data.root, period, client, tickets, work_out)
    return moments


def _answer_moments(policy: SupportPolicy, tickets: list[Ticket]) -> list[int]:
    """When each of ``tickets`` (created in an ended period) changes its report: at its
    first response, and when that is late or missing, the second after its deadline."""
    moments = []
    for ticket in tickets:
        answered = ticket.first_response_at
        if answered is not None:
            moments.append(answered)
        deadline = deadline_for(policy, ticket).at
        if answered is None or answered > deadline:
            # breached once the as-of time is past the deadline (as_of > deadline);
            # one answered in time is met from its answer, whenever the deadline falls
            moments.append(math.floor(deadline) + 1)
    return moments


def review_overdue_from(next_review: date, tz: tzinfo) -> int:
    """The first second whose date in ``tz`` is after ``next_review``: the review is overdue
    from then on (:meth:`generator.config.sla.Terms.review_overdue`). Found by bisection
    around local midnight, so a zone whose clocks change at midnight gets it exact too."""
    midnight = int(datetime.combine(next_review + timedelta(days=1), time(), tz).timestamp())
    lo, hi = midnight - 2 * 86400, midnight + 2 * 86400  # lo is before, hi after
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, tz).date() > next_review:
            hi = mid
        else:
            lo = mid
    return hi
