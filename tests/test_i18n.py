"""Every screen must be complete in Simplified Chinese: the catalogue covers the source, every entry is
translated, and the compiled catalogue the app loads matches it."""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
PO_PATH = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
SOURCE_DIRS = [
    "common",
    "config",
    "inventory",
    "suppliers",
    "purchasing",
    "sales",
    "returns",
    "finance",
    "reports",
]

STRING = r'"((?:[^"\\\n]|\\.)*)"'
PY_CALL = re.compile(r"\b(?:_|gettext|gettext_lazy|pgettext_lazy|L)\(\s*" + STRING + r"\s*[,)]")
TEMPLATE_TAG = re.compile(r"{%\s*(?:translate|trans)\s+" + STRING)


def _catalogue():
    return polib.pofile(str(PO_PATH))


def _source_strings():
    found = {}
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for match in PY_CALL.finditer(path.read_text(encoding="utf-8")):
                text = ast.literal_eval(f'"{match.group(1)}"')
                found.setdefault(text, str(path.relative_to(ROOT)))
    for path in list((ROOT / "templates").rglob("*.html")) + list((ROOT / "templates").rglob("*.txt")):
        for match in TEMPLATE_TAG.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), str(path.relative_to(ROOT)))
    return found


def test_every_source_string_is_in_the_catalogue():
    known = {entry.msgid for entry in _catalogue()}
    # makemessages writes a template's "%" as "%%" (the translate tag looks it up the same way).
    missing = {
        text: where
        for text, where in _source_strings().items()
        if text not in known and text.replace("%", "%%") not in known
    }
    assert not missing, (
        "Strings not in locale/zh_Hans (run makemessages -l zh_Hans --ignore=.venv and translate): "
        + "; ".join(f"{where}: {text!r}" for text, where in sorted(missing.items())[:20])
    )


def test_every_catalogue_entry_is_translated():
    catalogue = _catalogue()
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:10]}"


def test_compiled_catalogue_matches_the_source_catalogue():
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in polib.mofile(str(MO_PATH))}
    stale = [
        entry.msgid
        for entry in _catalogue().translated_entries()
        if (entry.msgctxt, entry.msgid) not in compiled
        or (
            compiled[(entry.msgctxt, entry.msgid)].msgstr
            or compiled[(entry.msgctxt, entry.msgid)].msgstr_plural
        )
        != (entry.msgstr or entry.msgstr_plural)
    ]
    assert not stale, f"django.mo is out of date (run compilemessages): {stale[:10]}"


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%\(\w+\)[sd]|{{\s*\w+\s*}}")
    broken = [
        entry.msgid
        for entry in _catalogue().translated_entries()
        if sorted(placeholder.findall(entry.msgid))
        != sorted(placeholder.findall(entry.msgstr or next(iter(entry.msgstr_plural.values()), "")))
    ]
    assert not broken, f"placeholders lost in translation: {broken[:10]}"


@pytest.mark.django_db
def test_dashboard_and_lists_speak_chinese(client, admin_user):
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("inventory:product-list")).content.decode()
    with translation.override("zh-hans"):
        assert translation.gettext("Search") in page
        assert translation.gettext("Search") != "Search"
    assert 'lang="zh-hans"' in page


@pytest.mark.django_db
def test_language_switch_changes_the_page(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("dashboard")}, follow=True
    )
    assert 'lang="en"' in response.content.decode()
    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": reverse("dashboard")}, follow=True
    )
    assert 'lang="zh-hans"' in response.content.decode()
