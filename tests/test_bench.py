"""`make bench`: its published tables come from its results, and its arithmetic is right.

Nothing here trains a model: the benchmark itself runs for many minutes (`make bench`). The one
test that runs it, on a tiny fraction of one row, is skipped unless BENCH_RUN=1 is set.
"""

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `bench` is a folder of the repository, not an installed package

from bench import timed  # noqa: E402
from bench.chart import ratio_chart, short_title  # noqa: E402
from bench.run import (  # noqa: E402
    CHARTS,
    GOAL,
    RECIPES,
    RESULTS,
    WORDS,
    effective_fraction,
    extrapolate,
    median_run,
    parse_accuracy,
    parse_fractions,
    row_goal,
    scaled_count,
    summarize,
    table,
)

RESULTS_FILE = ROOT / RESULTS / "bench.json"


def results() -> dict:
    return json.loads(RESULTS_FILE.read_text(encoding="utf-8"))


# --- the published tables ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh"])
def test_published_tables_are_generated_from_the_results(language):
    published = (ROOT / RESULTS / f"bench.{language}.md").read_text(encoding="utf-8")
    assert published == table(results(), language), "run make bench, never edit results/bench.*.md"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_published_charts_are_generated_from_the_results(language):
    published = (ROOT / CHARTS / f"ratios.{language}.svg").read_text(encoding="utf-8")
    assert published == ratio_chart(results(), language, row_goal), "run make bench, never edit the charts"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_chart_labels_each_row_with_its_ratio_and_keeps_its_text_as_text(language):
    chart = ratio_chart(results(), language, row_goal)
    for row in results()["rows"]:
        assert f">{short_title(row['title'][language])}<" in chart
        assert f">{row['summary']['training_ratio']:,.1f}×<" in chart
    assert "DejaVu" not in chart and "Noto Sans CJK SC" in chart  # the reader's fonts, not the layout's
    assert "<dc:date>" not in chart  # no date: the same results give the same file


@pytest.mark.parametrize("language", ["en", "zh"])
def test_each_performance_page_shows_its_chart(language):
    page = ROOT / "docs" / ("performance.md" if language == "en" else "performance.zh.md")
    assert f"assets/bench/ratios.{language}.svg" in page.read_text(encoding="utf-8")


def test_rows_have_the_goals_the_issue_sets():
    goals = {recipe.name: recipe.goal for recipe in RECIPES}
    assert GOAL == 50 and goals.pop("stateful") == 25 and set(goals.values()) == {50}


def test_each_rows_figures_are_computed_from_its_measurements():
    for row in results()["rows"]:
        assert row["summary"] == pytest.approx(summarize(row)), row["name"]
        assert row["fraction"] == effective_fraction(row["full_count"], row["fraction"]), row["name"]
        assert row["count"] == scaled_count(row["full_count"], row["fraction"]), row["name"]


def test_the_results_have_one_row_per_recipe_with_its_current_scripts():
    published = {row["name"]: (row["original"], row["ours"], row["reported"]) for row in results()["rows"]}
    declared = {recipe.name: (recipe.original, recipe.ours, recipe.reported) for recipe in RECIPES}
    assert published == declared, "the table of recipes changed after the last run: run make bench"


def test_the_results_say_where_and_with_what_they_were_measured():
    found = results()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", found["date"])
    assert found["cpu"] and found["cores"] >= 1 and found["tensorflow"] and found["keras"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_each_performance_page_includes_its_generated_table(language):
    page = ROOT / "docs" / ("performance.md" if language == "en" else "performance.zh.md")
    lines = [line.strip() for line in page.read_text(encoding="utf-8").splitlines()]
    table_file = f"results/bench.{language}.md"
    # pymdownx.snippets: the one-line form, or the block form (a path alone between two --8<-- lines)
    one_line = f'--8<-- "{table_file}"' in lines
    block = table_file in lines and lines[lines.index(table_file) - 1] == "--8<--"
    assert one_line or block, f"{page.name} must include {table_file} with pymdownx.snippets"
    for other in {"en", "zh"} - {language}:
        assert f"results/bench.{other}.md" not in "\n".join(lines)


def test_the_chinese_table_uses_the_glossary_terms():
    glossary = (ROOT / "docs" / "glossary.zh.md").read_text(encoding="utf-8")
    avoid = []
    for line in glossary.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and not set(cells[0]) <= set("-: "):
            avoid += [variant.strip() for variant in re.split(r"[、,]", cells[2]) if variant.strip()]
    assert "批量" in avoid
    text = (ROOT / RESULTS / "bench.zh.md").read_text(encoding="utf-8")
    text += "".join(word for word in WORDS["zh"].values())
    text += "".join(recipe.title["zh"] + recipe.unit["zh"] for recipe in RECIPES)
    assert not [variant for variant in avoid if variant in text]


# --- the table of recipes --------------------------------------------------------------------


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.name)
def test_every_rows_scripts_exist(recipe):
    assert (ROOT / recipe.original).is_file(), recipe.original
    assert (ROOT / recipe.ours).is_file(), f"{recipe.name}: our listing {recipe.ours} does not exist"


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.name)
def test_every_original_scales_its_count_as_the_runner_does(recipe):
    source = (ROOT / recipe.original).read_text(encoding="utf-8")
    assert 'os.environ.get("BENCH_FRACTION", "1")' in source
    # The runner passes the effective fraction; the script must turn it back into the same count.
    assert re.search(r"max\(1, round\((\d+|N_TRAIN) \* FRACTION\)\)", source)
    assert str(recipe.full_count) in source
    assert "Model accuracy:" in source


def test_recipe_names_are_unique_and_fractions_declared():
    assert len({recipe.name for recipe in RECIPES}) == len(RECIPES)
    assert all(0 < recipe.fraction <= 1 for recipe in RECIPES)


# --- reading the accuracy --------------------------------------------------------------------


@pytest.mark.parametrize(("output", "percent"), [
    ("Model accuracy: 84.00%\n", 84.0),
    ("Model Accuracy: 98.90%\n", 98.9),
    ("shuffle=False: Model accuracy: 100.00%, final loss 0.9212\nshuffle='batch': Model accuracy: 96.00%\n", 100.0),
    ("Batches per epoch: 5 groups x 20 steps = 100\nTest accuracy over all 20 steps: 0.998\n", 99.8),
    ("accuracY training = 1.0\n", 100.0),
    ("AttributeError: 'Sequential' object has no attribute\nModel accuracy: 100.00%\n", 100.0),
    ("Loss after training: 0.9274\n", None),
    ("", None),
])
def test_parse_accuracy(output, percent):
    assert parse_accuracy(output) == (None if percent is None else pytest.approx(percent))


def test_an_accuracy_above_one_without_a_percent_sign_is_refused():
    with pytest.raises(ValueError, match="fraction"):
        parse_accuracy("accuracy: 84.0\n")


# --- fractions and extrapolation -------------------------------------------------------------


def test_a_fraction_is_rounded_to_a_whole_count_of_at_least_one():
    assert scaled_count(500, 0.1) == 50 and effective_fraction(500, 0.1) == pytest.approx(0.1)
    assert scaled_count(300, 0.01) == 3
    assert scaled_count(500, 0.0001) == 1 and effective_fraction(500, 0.0001) == pytest.approx(0.002)
    assert scaled_count(1000, 0.0125) == 12 and effective_fraction(1000, 0.0125) == pytest.approx(0.012)
    for full, fraction in [(500, 0.1), (5000, 0.003), (300, 0.01), (1000, 0.0125)]:
        # what the original computes from the effective fraction the runner passes it
        assert scaled_count(full, effective_fraction(full, fraction)) == scaled_count(full, fraction)


def test_extrapolation_scales_training_and_counts_the_rest_once():
    assert extrapolate(training_s=180.0, wall_s=200.0, fraction=0.1) == pytest.approx((1800.0, 1820.0))
    assert extrapolate(training_s=50.0, wall_s=53.0, fraction=1.0) == pytest.approx((50.0, 53.0))


def row(fraction=1.0, original_accuracy=84.0, ours_accuracy=100.0, reported=84.0) -> dict:
    return {
        "name": "naive", "title": {"en": "Naive", "zh": "朴素"}, "original": "bench/originals/naive.py",
        "ours": "snippets/one-letter/02-trained-well.py", "reported": reported, "fraction": fraction,
        "count": scaled_count(500, fraction), "full_count": 500, "unit": {"en": "epochs", "zh": "轮"}, "goal": 20.0,
        "original_run": {"exit_code": 0, "accuracy": original_accuracy, "training_s": 40.0, "wall_s": 45.0},
        "ours_run": {"exit_code": 0, "accuracy": ours_accuracy, "training_s": 1.0, "wall_s": 5.0},
    }


def test_summary_of_a_full_run():
    summary = summarize(row())
    assert summary["training_ratio"] == pytest.approx(40.0) and summary["wall_ratio"] == pytest.approx(9.0)
    assert summary["original_check"] == "ok" and summary["ours_check"] == "ok" and not summary["extrapolated"]
    assert summarize(row(original_accuracy=80.0))["original_check"] == "failed"
    assert summarize(row(ours_accuracy=None))["ours_check"] == "failed"


def test_summary_of_a_fractional_run_is_extrapolated_and_its_accuracy_not_checked():
    summary = summarize(row(fraction=0.1, original_accuracy=20.0))
    assert summary["original_training_s"] == pytest.approx(400.0)
    assert summary["original_wall_s"] == pytest.approx(405.0)
    assert summary["training_ratio"] == pytest.approx(400.0)
    assert summary["original_check"] == "not checked" and summary["extrapolated"]


def test_a_script_that_failed_has_no_times():
    failed = row()
    failed["ours_run"] = {"exit_code": 1, "error": "ModuleNotFoundError: No module named 'x'"}
    summary = summarize(failed)
    assert summary["ours_training_s"] is None and summary["training_ratio"] is None
    assert summary["ours_check"] == "not checked"


def results_of(*rows) -> dict:
    found = {"date": "2025-01-01", "cpu": "A CPU", "cores": 2, "tensorflow": "2.21.0", "keras": "3.15.1",
             "python": "3.11.7", "startup_s": 3.0, "goal": 20.0, "rows": []}
    for one in rows:
        one = copy.deepcopy(one)
        one["summary"] = summarize(one)
        found["rows"].append(one)
    return found


@pytest.mark.parametrize("language", ["en", "zh"])
def test_tables_mark_extrapolated_times_and_slow_rows(language):
    fast, fractional, slow = row(), row(fraction=0.1, original_accuracy=20.0), row()
    slow["original_run"]["training_s"] = 10.0
    text = table(results_of(fast, fractional, slow), language)
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(lines) == 8  # two tables (times, accuracies), each a header and three rows
    times, accuracies = lines[:4], lines[4:]
    unit = "s" if language == "en" else "秒"  # seconds in the table's language
    assert "\\*" not in times[1] and f"400.0 {unit}\\*" in times[2] and f"405.0 {unit}\\*" in times[2]
    assert ("below 20×" if language == "en" else "低于 20×") in times[3]
    assert "40.0×" in times[1] and "9.0×" in times[1]
    assert "below" not in times[1] and "低于" not in times[1]
    original_cell = [line.split(" | ")[3] for line in accuracies]
    assert original_cell[1] == "84.00% ✓"
    assert original_cell[2].startswith("20.00%") and "0.1" in original_cell[2]  # shown, not checked
    assert "✓" not in original_cell[2] and "✗" not in original_cell[2]
    assert "2.21.0" in text and "3.15.1" in text and "A CPU" in text and "2025-01-01" in text
    assert ("50 of its 500 epochs" if language == "en" else "500 轮中的 50 轮") in text


def test_the_median_run_stands_for_repeated_runs_unless_one_failed():
    runs = [{"exit_code": 0, "accuracy": 100.0, "training_s": seconds} for seconds in (1.3, 0.9, 1.0)]
    assert median_run(runs, reported=84.0)["training_s"] == 1.0
    assert median_run(runs[:1], reported=84.0)["training_s"] == 1.3
    fast_but_wrong = {"exit_code": 0, "accuracy": 80.0, "training_s": 0.5}
    assert median_run([*runs, fast_but_wrong], reported=84.0) is fast_but_wrong
    crashed = {"exit_code": 1, "error": "boom"}
    assert median_run([runs[0], crashed, runs[1]], reported=84.0) is crashed


@pytest.mark.parametrize("language", ["en", "zh"])
def test_tables_say_how_many_times_our_listings_ran(language):
    results = results_of(row())
    opening = WORDS[language]["repeats"].split("{")[0]
    assert opening not in table(results, language)  # older results: each listing ran once
    results["repeats"] = 3
    assert WORDS[language]["repeats"].format(repeats=3) in table(results, language)


def test_fraction_options():
    names = ["naive", "stateful"]
    assert parse_fractions(["0.01"], names) == {"naive": 0.01, "stateful": 0.01}
    assert parse_fractions(["0.01", "stateful=0.5"], names) == {"naive": 0.01, "stateful": 0.5}
    with pytest.raises(ValueError):
        parse_fractions(["nope=0.1"], names)
    with pytest.raises(ValueError):
        parse_fractions(["1.5"], names)


# --- the clocks ------------------------------------------------------------------------------


def test_clocks_count_only_the_outermost_call(monkeypatch):
    ticks = iter(range(100))
    monkeypatch.setattr(timed.time, "perf_counter", lambda: float(next(ticks)))

    class Model:
        def fit(self):
            self.evaluate()  # validation inside fit: training, not evaluation

        def evaluate(self):
            return None

        def train_on_batch(self):
            return None

        test_on_batch = predict = predict_on_batch = evaluate

    clocks = timed.Clocks()
    timed.patch(Model, clocks)
    Model().fit()  # ticks 0 -> 1
    Model().evaluate()  # ticks 2 -> 3
    Model().train_on_batch()  # ticks 4 -> 5
    assert clocks.seconds == {"training": 2.0, "evaluation": 1.0}
    assert clocks.calls["fit"] == 1 and clocks.calls["evaluate"] == 1 and clocks.calls["train_on_batch"] == 1


# --- a real run: not part of the test suite ---------------------------------------------------


@pytest.mark.skipif(os.environ.get("BENCH_RUN") != "1", reason="trains models for minutes; set BENCH_RUN=1 to run")
def test_a_tiny_real_run(tmp_path):
    run = subprocess.run([sys.executable, "-m", "bench.run", "--only", "naive", "--fraction", "0.002",
                          "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    found = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert found["rows"][0]["ours_run"]["accuracy"] >= 84.0
    assert found["rows"][0]["summary"]["extrapolated"]
    assert (tmp_path / "bench.en.md").read_text(encoding="utf-8") == table(found, "en")
