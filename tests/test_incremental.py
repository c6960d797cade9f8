"""Incremental builds: a closed period's report is kept between builds and reused while its
inputs are unchanged, and a rebuild gives exactly the files of a cold build."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv
import pytest

import generator.reporting.kept
import generator.reporting.reuse
import generator.reporting.site
from generator.commands.build import BuildOptions, build_site
from generator.errors import GeneratorError
from generator.reporting.reuse import ChartReuse
from generator.reporting.site import build_model
from generator.site import load_site
from generator.store.compact import compact_store
from generator.store.layout import DataDir
from tests.conftest import DEMO_UNTIL, REPO

pytestmark = pytest.mark.slow
CONFIG = REPO / "mkdocs.yml"
# The demo's quarters as of DEMO_UNTIL: four closed, Nov 2026 - Jan 2027 running.
CLOSED = ["2025-11", "2026-02", "2026-05", "2026-08"]
ONE_LINE = "2026-11-20T08:56:30Z,eu-central,0,,503,Service Unavailable\n"


@pytest.fixture
def data(demo_copy: Path) -> Path:
    return demo_copy


def reused(data: Path, as_of: int = DEMO_UNTIL) -> list[str]:
    return build_model(load_site(data), as_of).reused


def build(data: Path, output: Path) -> Path:
    build_site(BuildOptions(data, output, CONFIG, DEMO_UNTIL, strict=True, pdf=False))
    return output


def cold_build(data: Path, output: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    with monkeypatch.context() as patch:
        patch.setenv("STATUSGEN_CACHE_DIR", str(cache))
        return build(data, output)


def assert_same_files(one: Path, other: Path) -> None:
    first = sorted(str(p.relative_to(one)) for p in one.rglob("*") if p.is_file())
    second = sorted(str(p.relative_to(other)) for p in other.rglob("*") if p.is_file())
    assert first == second
    _, mismatch, errors = filecmp.cmpfiles(one, other, first, shallow=False)
    assert not mismatch and not errors, mismatch[:10]


def append_one_line(data: Path) -> None:
    with (data / "probes/samples/api-public/2026-11.csv").open("a") as handle:
        handle.write(ONE_LINE)


def test_a_partition_written_while_its_report_is_built_is_never_vouched_for(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an import adds a late check to the Aug-Oct quarter while a build computes its report
    late = "2026-09-30T23:59:30Z,eu-central,0,,503,Service Unavailable\n"
    build_report = generator.reporting.site.build_report

    def built_while_written(site: Any, period: Any, *args: Any, **kwargs: Any) -> Any:
        report = build_report(site, period, *args, **kwargs)  # from what it read
        if period.id == "2026-08":
            with (data / "probes/samples/api-public/2026-09.csv").open("a") as handle:
                handle.write(late)
        return report

    with monkeypatch.context() as patch:
        patch.setattr(generator.reporting.site, "build_report", built_while_written)
        build_model(load_site(data), DEMO_UNTIL)
    # its report, computed without the late check, was not kept under the key of the
    # partition with it: the next build computes it again; the others were kept
    assert reused(data) == ["2025-11", "2026-02", "2026-05"]
    assert reused(data) == CLOSED


def test_a_rebuild_after_one_new_line_reuses_the_closed_periods(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert reused(data) == []  # cold: nothing kept yet
    with caplog.at_level("INFO", logger="generator.mkdocs_plugin.plugin"):
        before = build(data, tmp_path / "public") / "api/sla/2026-11.json"
    assert "(0 kept from a build before)" in caplog.text
    assert "0 pages kept from a build before" in caplog.text
    running_before = json.loads(before.read_text())
    append_one_line(data)
    assert reused(data) == CLOSED
    caplog.clear()
    with caplog.at_level("INFO", logger="generator.mkdocs_plugin.plugin"):
        build(data, tmp_path / "public")
    # drawn again: the running quarter's allowance and downtime charts and api-public's
    # component downtime chart, each for desktop and phone (6 of the demo's 54)
    assert "54 charts" in caplog.text and "(48 kept from a build before)" in caplog.text
    # and of the demo's 34 pages, the 5 whose content the new line changes are rendered
    assert "29 pages kept from a build before (29 converted pages)" in caplog.text
    cold = cold_build(data, tmp_path / "cold", tmp_path / "other-cache", monkeypatch)
    assert_same_files(tmp_path / "public", cold)
    # the new line counts: the running quarter is recomputed, not kept
    running = json.loads((cold / "api/sla/2026-11.json").read_text())
    assert running != running_before


def test_reused_reports_equal_cold_ones_at_a_later_as_of(data: Path, tmp_path: Path) -> None:
    later = DEMO_UNTIL + 3600
    build_model(load_site(data), DEMO_UNTIL)
    warm = build_model(load_site(data), later)
    assert warm.reused == CLOSED
    cold = build_model(load_site(data), later, reuse_reports=False)
    assert cold.reused == []
    for period_id, report in cold.reports.items():
        assert warm.reports[period_id].to_json() == report.to_json(), period_id


def test_a_fresh_checkout_with_the_cache_restored_reuses_the_closed_periods(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scheduled workflow: a new checkout (every file new: inode, times), the cache
    # directory restored from the run before (actions/cache), then a build.
    assert reused(data) == []
    checkout = tmp_path / "checkout" / "data"
    shutil.copytree(data, checkout, copy_function=shutil.copyfile)  # new times, new inodes
    restored = tmp_path / "restored"
    shutil.copytree(tmp_path / "cache", restored, copy_function=shutil.copyfile)
    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(restored))  # <restored>/data: the checkout's
    parsed: list[str] = []
    real_read_csv = pacsv.read_csv

    def counting_read_csv(*args: Any, **kwargs: Any) -> Any:
        parsed.append("csv")
        return real_read_csv(*args, **kwargs)

    monkeypatch.setattr(pacsv, "read_csv", counting_read_csv)
    assert reused(checkout) == CLOSED
    assert parsed == []  # every partition's content matched its restored entry
    append_one_line(checkout)
    assert reused(checkout) == CLOSED
    assert parsed == ["csv"]  # the running month's partition only


def test_compacted_runs_are_inputs_of_the_closed_periods(data: Path) -> None:
    monitors = list(load_site(data).services.monitors.values())
    compact_store(DataDir(data), monitors, "2026-05")  # Nov 2025 to Mar 2026 (UTC months)
    assert reused(data) == []  # samples gone, runs in their place: every key changed
    assert reused(data) == CLOSED
    runs = data / "probes/compacted/runs/api-public/2026-02.csv"
    lines = runs.read_text().splitlines(keepends=True)
    flipped = next(i for i, line in enumerate(lines) if ",up," in line)
    lines[flipped] = lines[flipped].replace(",up,", ",down,")
    runs.write_text("".join(lines))
    # runs are read from the first month on: every period from February's on is affected
    assert reused(data) == ["2025-11"]


def test_an_incident_edit_in_a_closed_period_invalidates_it(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(data, tmp_path / "public")
    incident = data / "incidents/2026-08-17-upstream-dns-provider-outage.md"
    incident.write_text(incident.read_text().replace("resolved:", "resolved:", 1) + "\nMore.\n")
    assert "2026-08" not in reused(data)
    build(data, tmp_path / "public")
    cold = cold_build(data, tmp_path / "cold", tmp_path / "other-cache", monkeypatch)
    assert_same_files(tmp_path / "public", cold)


def test_an_incident_in_the_running_period_keeps_the_closed_periods(data: Path) -> None:
    # while an incident lasts its file is edited every few minutes: the closed periods'
    # reports do not name it, so they are not computed again
    assert reused(data) == []
    incident = data / "incidents/2026-11-19-checkout-errors.md"
    incident.write_text(
        "---\ntitle: Checkout errors\ncomponents: [api]\nimpact: major\n"
        "started: 2026-11-19T10:00:00+03:00\n---\nInvestigating.\n"
    )
    assert reused(data) == CLOSED
    incident.write_text(
        incident.read_text().replace("started:", "resolved: 2026-11-19T11:00:00+03:00\nstarted:")
    )
    assert reused(data) == CLOSED
    # one that meets a closed period is in its report
    incident.write_text(incident.read_text().replace("2026-11-19T", "2026-10-19T"))
    assert reused(data) == ["2025-11", "2026-02", "2026-05"]


def test_a_new_version_invalidates_every_period(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert reused(data) == []
    assert reused(data) == CLOSED
    monkeypatch.setattr(generator.reporting.reuse, "__version__", "99.0.0")
    assert reused(data) == []
    assert reused(data) == CLOSED


def test_an_sla_file_edit_invalidates_every_period(data: Path) -> None:
    reused(data)
    with (data / "sla.yml").open("a") as handle:
        handle.write("# reviewed\n")
    assert reused(data) == []


def test_a_corrupt_or_missing_entry_is_recomputed(data: Path, tmp_path: Path) -> None:
    reused(data)
    entries = tmp_path / "cache/data/reports"
    (entries / "2026-02.json").write_text('{"key": "x", "report": [')
    (entries / "2026-05.json").unlink()
    assert reused(data) == ["2025-11", "2026-08"]
    assert reused(data) == CLOSED


def test_kept_charts_a_build_did_not_use_are_pruned_when_old(data: Path, tmp_path: Path) -> None:
    build(data, tmp_path / "public")
    kept = ChartReuse(data)
    entries = sorted(kept.root.glob("*.svg"))
    assert len(entries) == 54
    old, fresh, corrupt = entries[0], entries[1], entries[2]
    long_ago = time.time() - ChartReuse.KEEP_UNUSED - 60
    for path in (old, fresh):
        os.utime(path, (long_ago, long_ago))
    corrupt.write_text(corrupt.read_text()[:100])  # cut short: a miss, drawn again
    assert kept.load(corrupt) is None
    assert kept.load(fresh) is not None  # used by this "build": touched, not removed
    kept.prune()
    assert not old.exists() and fresh.exists() and corrupt.exists()
    assert fresh.stat().st_mtime > long_ago + 60
    build(data, tmp_path / "again")  # redraws the removed and the corrupt chart
    assert old.exists() and corrupt.read_text().rstrip().endswith("</svg>")
    assert_same_files(tmp_path / "again", tmp_path / "public")


def test_a_corrupt_kept_page_is_rendered_again(
    data: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    build(data, tmp_path / "public")
    entries = sorted((tmp_path / "cache/data/pages").glob("*.json"))
    assert len(entries) == 34
    entries[0].write_text(entries[0].read_text()[:200])
    with caplog.at_level("INFO", logger="generator.mkdocs_plugin.plugin"):
        build(data, tmp_path / "again")
    assert "33 pages kept from a build before" in caplog.text
    assert_same_files(tmp_path / "again", tmp_path / "public")


def test_a_page_that_warned_warns_again_in_a_rebuild(data: Path, tmp_path: Path) -> None:
    # a converted page is kept only when its conversion logged nothing: a rebuild in
    # strict mode fails on a broken link as the cold build did
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "site", docs)
    (docs / "about.md").write_text("# About\n\nSee [the missing page](missing.md).\n")
    config = tmp_path / "mkdocs.yml"
    text = CONFIG.read_text().replace("docs_dir: site", f"docs_dir: {docs}")
    config.write_text(
        text.replace("custom_dir: site/overrides", f"custom_dir: {docs / 'overrides'}")
    )
    for output in ("public", "again"):
        options = BuildOptions(data, tmp_path / output, config, DEMO_UNTIL, strict=True, pdf=False)
        with pytest.raises(GeneratorError, match="1 warning"):
            build_site(options)


def test_an_edited_theme_override_outside_the_docs_renders_every_page_again(
    data: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    overrides = tmp_path / "overrides"
    shutil.copytree(REPO / "site/overrides", overrides)
    config = tmp_path / "mkdocs.yml"
    text = CONFIG.read_text().replace("docs_dir: site", f"docs_dir: {REPO / 'site'}")
    config.write_text(text.replace("custom_dir: site/overrides", f"custom_dir: {overrides}"))
    options = BuildOptions(data, tmp_path / "public", config, DEMO_UNTIL, strict=True, pdf=False)
    build_site(options)
    main = overrides / "main.html"
    main.write_text(main.read_text() + "{% block footer %}An edited footer{% endblock %}\n")
    with caplog.at_level("INFO", logger="generator.mkdocs_plugin.plugin"):
        build_site(options)
    assert "0 pages kept from a build before" in caplog.text
    assert "An edited footer" in (tmp_path / "public/sla/2025-11/index.html").read_text()


def test_a_changed_configuration_renders_every_page_again(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    build(data, tmp_path / "public")
    renamed = tmp_path / "mkdocs.yml"
    text = CONFIG.read_text().replace("site_name: Lumentrack status", "site_name: Other status")
    text = text.replace("docs_dir: site", f"docs_dir: {REPO / 'site'}")
    renamed.write_text(
        text.replace("custom_dir: site/overrides", f"custom_dir: {REPO / 'site/overrides'}")
    )

    def build_renamed(output: Path) -> Path:
        build_site(BuildOptions(data, output, renamed, DEMO_UNTIL, strict=True, pdf=False))
        return output

    with caplog.at_level("INFO", logger="generator.mkdocs_plugin.plugin"):
        build_renamed(tmp_path / "renamed")
    assert "0 pages kept from a build before" in caplog.text
    assert "Other status" in (tmp_path / "renamed/sla/2025-11/index.html").read_text()
    with monkeypatch.context() as patch:
        patch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "other-cache"))
        cold = build_renamed(tmp_path / "cold")
    assert_same_files(tmp_path / "renamed", cold)


def test_a_rebuild_as_of_the_same_time_copies_the_closed_periods_pdfs(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def build_pdf(output: Path) -> Path:
        build_site(BuildOptions(data, output, CONFIG, DEMO_UNTIL, strict=True, pdf=True))
        return output

    build_pdf(tmp_path / "public")
    with caplog.at_level("INFO", logger="generator.mkdocs_plugin.plugin"):
        build_pdf(tmp_path / "public")
    assert "5 PDF reports" in caplog.text and "(4 kept from a build before)" in caplog.text
    with monkeypatch.context() as patch:
        patch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "other-cache"))
        cold = build_pdf(tmp_path / "cold")
    assert_same_files(tmp_path / "public", cold)


def test_the_next_scheduled_build_copies_the_closed_periods_pdfs(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # the scheduled workflow builds every few minutes: a closed period's PDF bears the
    # moment its figures last changed, not the build's time, so it is drawn once
    def build_pdf(output: Path, as_of: int) -> Path:
        build_site(BuildOptions(data, output, CONFIG, as_of, strict=True, pdf=True))
        return output

    before = build_pdf(tmp_path / "before", DEMO_UNTIL)
    with caplog.at_level("INFO", logger="generator.mkdocs_plugin.plugin"):
        after = build_pdf(tmp_path / "public", DEMO_UNTIL + 300)
    assert "5 PDF reports" in caplog.text and "(4 kept from a build before)" in caplog.text
    for period_id in CLOSED:
        pdf = f"reports/{period_id}.pdf"
        assert (after / pdf).read_bytes() == (before / pdf).read_bytes(), period_id
    running = "reports/2026-11.pdf"
    assert (after / running).read_bytes() != (before / running).read_bytes()
    with monkeypatch.context() as patch:
        patch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "other-cache"))
        cold = build_pdf(tmp_path / "cold", DEMO_UNTIL + 300)
    assert_same_files(after, cold)
    # an incident declared in the running period is in none of the closed periods' PDFs
    (data / "incidents/2026-11-19-checkout-errors.md").write_text(
        "---\ntitle: Checkout errors\ncomponents: [api]\nimpact: major\n"
        "started: 2026-11-19T10:00:00+03:00\n---\nInvestigating.\n"
    )
    # and a kept PDF no build used for a while (its report since changed) is removed
    kept = tmp_path / "cache/data/pdf"
    assert len(list(kept.glob("*.pdf"))) == 4
    stale = kept / f"{'0' * 64}.pdf"
    stale.write_bytes(b"%PDF-1.7 superseded")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    caplog.clear()
    with caplog.at_level("INFO", logger="generator.mkdocs_plugin.plugin"):
        build_pdf(tmp_path / "public", DEMO_UNTIL + 600)
    assert "(4 kept from a build before)" in caplog.text
    assert not stale.exists() and len(list(kept.glob("*.pdf"))) == 4


def test_kept_reports_and_pdfs_depend_on_the_templates_too() -> None:
    # a reworded PDF template must not be answered by a PDF an earlier one made
    names = {name for name, _ in generator.reporting.kept.package_files()}
    assert {"templates/report/report.html", "templates/report/report.css"} <= names
    assert {"templates/site/home.md", "reporting/reuse.py", "render/pdf.py"} <= names
    assert not any("__pycache__" in name for name in names)
