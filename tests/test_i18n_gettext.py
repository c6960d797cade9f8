"""The templates' ``_``, ``gettext`` and ``ngettext`` (generator/i18n.py ``install``) say
what Jinja's new-style i18n functions say: translated, escaped where the template
autoescapes, a message always a format string, inside loops as outside, the same message
asked again the same text."""

from __future__ import annotations

import jinja2

from generator.i18n import language


def _env(code: str = "en") -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True)
    language(code).install(env)
    return env


def test_a_message_and_its_placeholders_are_escaped() -> None:
    env = _env("de")
    page = env.from_string('{{ _("Uptime %(figures)s.", figures=f) }}|{{ _("no data") }}')
    assert page.render(f="<b>99 %</b>") == "Verfügbarkeit &lt;b&gt;99 %&lt;/b&gt;.|keine Daten"
    # asked again, with other values, the same message says them
    assert page.render(f="100 %") == "Verfügbarkeit 100 %.|keine Daten"


def test_a_placeholder_may_be_named_like_the_message() -> None:
    env = _env()
    page = env.from_string('{{ gettext("%(message)s and %(num)s", message="a", num=2) }}')
    assert page.render() == "a and 2"


def test_a_message_is_always_a_format_string() -> None:
    env = _env()
    assert env.from_string('{{ _("100%% up") }}').render() == "100% up"


def test_outside_autoescape_nothing_is_escaped() -> None:
    env = _env("de")
    page = env.from_string(
        '{% autoescape false %}{{ _("%(start)s to now (ongoing)", start="<t>") }}'
        "{% endautoescape %}|"
        '{{ _("%(start)s to now (ongoing)", start="<t>") }}'
    )
    assert page.render() == "<t> bis jetzt (andauernd)|&lt;t&gt; bis jetzt (andauernd)"


def test_in_a_loop_each_form_follows_its_count() -> None:
    env = _env("uk")
    page = env.from_string(
        '{% for n in counts %}{{ ngettext("%(num)d incident", "%(num)d incidents", n) }};'
        '{{ _("no data") }};{% endfor %}'
    )
    assert page.render(counts=[1, 2, 5, 21]) == (
        "1 інцидент;немає даних;2 інциденти;немає даних;"
        "5 інцидентів;немає даних;21 інцидент;немає даних;"
    )


def test_trans_blocks_say_the_same() -> None:
    env = _env("de")
    page = env.from_string("{% trans figures=f %}Uptime {{ figures }}.{% endtrans %}")
    assert page.render(f="<i>") == "Verfügbarkeit &lt;i&gt;."
