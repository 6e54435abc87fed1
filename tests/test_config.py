"""`genai config`: a TOML file beside the state, validated keys, line-preserving writes, clear errors."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def config_file(home):
    return home / "config.toml"


def test_set_get_list_unset(genai, genai_home):
    r = genai("config", "set", "hours-per-week", "10")
    assert r.code == 0 and "hours-per-week = 10" in r.out
    assert tomllib.loads(config_file(genai_home).read_text()) == {"hours-per-week": 10}
    assert genai("config", "get", "hours-per-week").out == "10\n"
    genai("config", "set", "hours-per-week", "7.5")
    assert genai("config", "get", "hours-per-week").out == "7.5\n"
    assert genai("config", "get", "quiz-size").out == "5\n"  # the default
    data = genai("config", "list", "--json").json()
    assert data["schema"] == "genai.config.list/1" and data["file"] == str(config_file(genai_home))
    settings = {s["key"]: s for s in data["settings"]}
    assert set(settings) == {"hours-per-week", "quiz-size", "stats-weeks"}
    assert settings["hours-per-week"]["value"] == 7.5 and settings["hours-per-week"]["set"] is True
    assert settings["quiz-size"] == {"key": "quiz-size", "value": 5, "set": False, "default": 5,
                                     "accepts": "a whole number ≥ 1 and ≤ 500", "help": settings["quiz-size"]["help"]}
    text = genai("config", "list").out
    assert "hours-per-week = 7.5" in text and "quiz-size" in text and "(default 5)" in text
    assert genai("config", "get", "quiz-size", "--json").json()["schema"] == "genai.config.get/1"
    r = genai("config", "unset", "hours-per-week")
    assert r.code == 0 and "unset" in r.out
    r = genai("config", "get", "hours-per-week")
    assert r.code == 1 and "not set" in r.err and "genai config set hours-per-week" in r.err


def test_the_config_file_is_beside_the_state_and_listed_by_path(genai, genai_home):
    assert genai("path", "--json").json()["paths"]["config_file"] == str(config_file(genai_home))


def test_bad_values_and_unknown_keys_are_usage_errors(genai, genai_home):
    for args, words in ((["hours-per-week", "ten"], "a number > 0"), (["hours-per-week", "0"], "a number > 0"),
                        (["hours-per-week", "200"], "≤ 168"), (["quiz-size", "2.5"], "a whole number"),
                        (["hours", "3"], "did you mean 'hours-per-week'"), (["colour", "red"], "valid settings")):
        r = genai("config", "set", *args)
        assert r.code == 2 and words in r.err, (args, r)
    assert not config_file(genai_home).exists()
    r = genai("config", "get", "hoursperweek")
    assert r.code == 2 and "hours-per-week" in r.err


def test_only_the_changed_line_is_rewritten(genai, genai_home):
    genai_home.mkdir(parents=True)
    config_file(genai_home).write_text("# my study plan\nquiz-size = 3  # short sessions\n\n"
                                       "# evenings only\nhours-per-week = 6\n")
    genai("config", "set", "hours-per-week", "8")
    genai("config", "set", "stats-weeks", "26")
    assert config_file(genai_home).read_text() == ("# my study plan\nquiz-size = 3  # short sessions\n\n"
                                                   "# evenings only\nhours-per-week = 8\nstats-weeks = 26\n")
    genai("config", "unset", "quiz-size")
    assert "quiz-size" not in config_file(genai_home).read_text()
    assert "# my study plan" in config_file(genai_home).read_text()


def test_a_broken_file_is_reported_with_its_line_and_left_alone(genai, genai_home):
    genai_home.mkdir(parents=True)
    broken = "hours-per-week = 10\nquiz-size = [\n"
    config_file(genai_home).write_text(broken)
    r = genai("stats", "-r", "llm-engineer")
    assert r.code == 1 and "not valid TOML" in r.err and f"{config_file(genai_home)}:2:1: (toml):" in r.err
    config_file(genai_home).write_text("hours-per-week = 10\nquiz-size = = 3\n")
    assert f"{config_file(genai_home)}:2:" in genai("config", "list").err
    config_file(genai_home).write_text(broken)
    r = genai("config", "set", "hours-per-week", "5")
    assert r.code == 1 and config_file(genai_home).read_text() == broken


def test_unknown_keys_and_bad_values_in_the_file_name_their_line(genai, genai_home):
    genai_home.mkdir(parents=True)
    config_file(genai_home).write_text("# settings\nhours-per-wek = 10\nquiz-size = 0\n")
    r = genai("config", "list")
    assert r.code == 1
    assert f"{config_file(genai_home)}:2: hours-per-wek: unknown setting (did you mean 'hours-per-week'?)" in r.err
    assert f"{config_file(genai_home)}:3: quiz-size: quiz-size must be a whole number ≥ 1" in r.err
    # unsetting the bad key is refused too: the file is never rewritten while it cannot be read back
    assert genai("config", "unset", "quiz-size").code == 1


def test_settings_are_used(genai):
    genai("config", "set", "stats-weeks", "4")
    assert len(genai("stats", "-r", "llm-engineer", "--json").json()["weeks"]) == 4
    genai("config", "set", "hours-per-week", "10")
    assert genai("stats", "-r", "llm-engineer", "--json").json()["hours_per_week"] == 10
