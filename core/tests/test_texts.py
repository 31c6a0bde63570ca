from django.utils import translation

from core.texts import render, stored


def test_a_stored_message_is_translated_in_the_readers_language():
    value = stored("Internal error (%(err)s); try again later.", err="ValueError")
    assert value == {
        "msgid": "Internal error (%(err)s); try again later.",
        "params": {"err": "ValueError"},
    }
    with translation.override("en"):
        assert render(value) == "Internal error (ValueError); try again later."
    with translation.override("fr"):
        shown = render(value)
        assert "ValueError" in shown


def test_plurals_follow_the_count():
    value = stored("%(count)s proposal", plural="%(count)s proposals", count=2)
    value["params"] = {"count": 2}
    with translation.override("en"):
        assert render(value) == "2 proposals"
    value["count"] = 1
    value["params"] = {"count": 1}
    with translation.override("en"):
        assert render(value) == "1 proposal"


def test_missing_parameters_never_raise():
    with translation.override("en"):
        assert render({"msgid": "Hello %(name)s", "params": {}}) == "Hello %(name)s"
        assert render("") == ""
        assert render("plain text") == "plain text"
