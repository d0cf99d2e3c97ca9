"""`make bench` (`python -m bench.run`): the original recipes against the site's listings, timed.

For each row of `RECIPES`, the original recipe (a minimal Keras 3 port under bench/originals/)
and the site's listing run one after the other, in this run, on this machine, each in its
own process under bench/timed.py. Both must reach at least the accuracy the original
reported; the first output line that gives an accuracy is the one read.

Two times per script: training time (inside `Model.fit` and `Model.train_on_batch`, see
bench/timed.py) and whole-script wall time (from starting Python to its exit, TensorFlow's
start-up and exit included). An original too long to run in full runs a declared fraction of
its epochs (or fit calls, or sequences): its training time is divided by that fraction, the
rest of its wall time (start-up, data, evaluation) is counted once, and its accuracy is not
checked. Our listings always run in full, three times (`--repeats`); the run with the median
training time counts, and every run must reach the accuracy.

Writes results/bench.json and, generated from it, the tables the Performance page includes:
results/bench.en.md and results/bench.zh.md.

    python -m bench.run                                  # every row, declared fractions
    python -m bench.run --only naive --fraction 0.02     # a quick look at one row
    python -m bench.run --fraction 0.01 --fraction variable-length=0.002 --out /tmp/bench
    python -m bench.run --tables-only                    # rewrite the tables from results/bench.json
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.chart import ratio_chart

ROOT = Path(__file__).resolve().parents[1]
TIMED = ROOT / "bench" / "timed.py"
RESULTS = Path("results")
GOAL = 50.0  # ours should train at least this many times faster than the original (a row may say less)
# Our listings train for a few seconds at most, where a short stall of the machine moves the
# ratio by a tenth (0.83 to 1.0 s over five runs of the stateful listing): each runs this many
# times and the median run counts. The originals run for 25 s or more, once.
REPEATS = 3


@dataclass(frozen=True)
class Recipe:
    name: str  # the row's key (--only, --fraction NAME=F)
    title: dict[str, str]  # per language
    original: str  # the Keras 3 port of the original recipe, from the repository root
    ours: str  # the site's listing
    reported: float  # the accuracy the original reported, in percent
    full_count: int  # what BENCH_FRACTION scales in the original, when run in full
    unit: dict[str, str]  # what full_count counts, per language
    fraction: float = 1.0  # the declared fraction of the original to run
    goal: float = GOAL  # the training-time ratio this row must reach


# The table of recipes: one row per long-running recipe of the seeds. Fix paths here.
RECIPES: tuple[Recipe, ...] = (
    Recipe(
        name="naive",
        title={"en": "Naive one-letter model (500 epochs, batch size 1)",
               "zh": "朴素的单字母模型（500 轮，批大小 1）"},
        original="bench/originals/naive.py",
        ours="snippets/one-letter/02-trained-well.py",
        reported=84.00, full_count=500, unit={"en": "epochs", "zh": "轮"},
    ),
    Recipe(
        name="whole-batch",
        title={"en": "Whole data set as one batch (5000 epochs)",
               "zh": "整个数据集作为一个批次（5000 轮）"},
        original="bench/originals/whole-batch.py",
        ours="snippets/whole-batch/01-shuffle-or-not.py",
        reported=100.00, full_count=5000, unit={"en": "epochs", "zh": "轮"},
    ),
    Recipe(
        name="stateful",
        title={"en": "Stateful model (300 fit calls, reset after each)",
               "zh": "有状态模型（300 次 fit 调用，每次调用后重置）"},
        original="bench/originals/stateful.py",
        ours="snippets/stateful/02-reset-callback.py",  # one fit call (01 is the loop of fit calls)
        reported=100.00, full_count=300, unit={"en": "fit calls", "zh": "次 fit 调用"},
        goal=25.0,  # it keeps the lesson's 25 sequential one-letter updates per pass
    ),
    Recipe(
        name="variable-length",
        title={"en": "Variable-length input (1000 samples × 500 epochs, batch size 1)",
               "zh": "变长输入（1000 个样本 × 500 轮，批大小 1）"},
        original="bench/originals/variable-length.py",
        ours="snippets/variable-length/01-padded-runs.py",
        reported=98.90, full_count=500, unit={"en": "epochs", "zh": "轮"},
        fraction=0.1,  # 15 to 20 minutes in full
    ),
    Recipe(
        name="long-memory",
        title={"en": "Long memory: stateful, one time step per update (2 epochs)",
               "zh": "长期记忆：有状态模型，每次更新一个时间步（2 轮）"},
        original="bench/originals/long-memory.py",
        ours="snippets/long-memory/02-stateful-one-step.py",
        reported=100.00, full_count=1000,
        unit={"en": "training sequences per epoch", "zh": "条训练序列"},
    ),
)

# "Model accuracy: 84.00%", "Test accuracy over all 20 steps: 0.998", "accuracy = 1.0": the
# number after the first ':' or '=' that follows the word; a number without '%' is a fraction.
ACCURACY = re.compile(r"accuracy[^:=\n]*[:=]\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<percent>%?)", re.IGNORECASE)


def parse_accuracy(output: str) -> float | None:
    """The accuracy, in percent, of the first output line that gives one; None if none does."""
    for line in output.splitlines():
        match = ACCURACY.search(line)
        if match is None:
            continue
        number = float(match["number"])
        if match["percent"]:
            return number
        if number > 1:
            raise ValueError(f"an accuracy without '%' must be a fraction from 0 to 1: {line!r}")
        return number * 100
    return None


def scaled_count(full_count: int, fraction: float) -> int:
    """How many epochs (fit calls, sequences) a fraction runs; the originals compute the same."""
    return max(1, round(full_count * fraction))


def effective_fraction(full_count: int, fraction: float) -> float:
    """The fraction actually run, once the count is rounded to a whole number."""
    return scaled_count(full_count, fraction) / full_count


def extrapolate(training_s: float, wall_s: float, fraction: float) -> tuple[float, float]:
    """(training, wall) seconds of a full run from a run over `fraction` of the training.

    Training scales with the fraction; the rest of the wall time (start-up, data, building the
    model, evaluation, exit) does not, and is counted once.
    """
    full_training = training_s / fraction
    return full_training, wall_s - training_s + full_training


def reaches(accuracy: float | None, reported: float) -> bool:
    return accuracy is not None and accuracy >= reported - 1e-9


def ratio(original_s: float | None, ours_s: float | None) -> float | None:
    if original_s is None or not ours_s:
        return None
    return original_s / ours_s


def summarize(recipe: dict) -> dict:
    """The figures a table row shows, computed from a row's raw measurements."""
    original, ours, fraction = recipe["original_run"], recipe["ours_run"], recipe["fraction"]
    summary: dict = {"original_training_s": None, "original_wall_s": None, "extrapolated": fraction < 1,
                     "ours_training_s": None, "ours_wall_s": None}
    if original.get("exit_code") == 0:
        summary["original_training_s"], summary["original_wall_s"] = extrapolate(
            original["training_s"], original["wall_s"], fraction)
    if ours.get("exit_code") == 0:
        summary["ours_training_s"], summary["ours_wall_s"] = ours["training_s"], ours["wall_s"]
    summary["training_ratio"] = ratio(summary["original_training_s"], summary["ours_training_s"])
    summary["wall_ratio"] = ratio(summary["original_wall_s"], summary["ours_wall_s"])
    summary["original_check"] = ("not checked" if fraction < 1 or original.get("exit_code") != 0
                                 else "ok" if reaches(original.get("accuracy"), recipe["reported"]) else "failed")
    summary["ours_check"] = ("not checked" if ours.get("exit_code") != 0
                             else "ok" if reaches(ours.get("accuracy"), recipe["reported"]) else "failed")
    return summary


# ---------------------------------------------------------------------------------------------
# Running


def run_timed(script: Path, fraction: float | None, workdir: Path, timeout: float) -> dict:
    """Run `script` under bench/timed.py in `workdir`; its clocks, wall time, accuracy, output."""
    if not script.is_file():
        return {"exit_code": None, "error": f"missing: {script.relative_to(ROOT)}"}
    env = {key: value for key, value in os.environ.items() if key != "BENCH_FRACTION"}
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if fraction is not None:
        env["BENCH_FRACTION"] = repr(fraction)
    clocks = workdir / "clocks.json"
    clocks.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        process = subprocess.run([sys.executable, str(TIMED), str(script), str(clocks)], cwd=workdir,
                                 env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"exit_code": None, "error": f"timed out after {timeout:g} s"}
    wall = time.perf_counter() - started
    result = json.loads(clocks.read_text()) if clocks.exists() else {"exit_code": process.returncode}
    result.pop("script", None)
    result.update(wall_s=wall, stdout=process.stdout)
    if process.returncode != 0:
        result["exit_code"] = process.returncode
        result["error"] = (process.stderr.strip().splitlines() or ["no output"])[-1]
        return result
    try:
        result["accuracy"] = parse_accuracy(process.stdout)
    except ValueError as error:
        result["accuracy"], result["error"] = None, str(error)
    return result


def startup_seconds(workdir: Path, timeout: float) -> dict:
    """Wall time of a script that does nothing: Python, TensorFlow and Keras start-up and exit."""
    empty = workdir / "empty.py"
    empty.write_text("")
    return run_timed(empty, None, workdir, timeout)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or "unknown"


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def median_run(runs: list[dict], reported: float) -> dict:
    """The run that stands for several runs of one listing: the first that failed (did not run,
    or fell below the original's accuracy), else the one with the median training time."""
    for run in runs:
        if run.get("exit_code") != 0 or not reaches(run.get("accuracy"), reported):
            return run
    return sorted(runs, key=lambda run: run["training_s"])[len(runs) // 2]


def measure(recipes: list[Recipe], fractions: dict[str, float], timeout: float,
            repeats: int = REPEATS) -> dict:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        workdir = Path(folder)
        log("start-up: a script that only imports Keras")
        startup = startup_seconds(workdir, timeout)
        log(f"  {startup.get('wall_s', 0):.1f} s")
        for recipe in recipes:
            fraction = effective_fraction(recipe.full_count, fractions.get(recipe.name, recipe.fraction))
            count = scaled_count(recipe.full_count, fraction)
            log(f"{recipe.name}: original, {count} of {recipe.full_count} {recipe.unit['en']}")
            original = run_timed(ROOT / recipe.original, fraction, workdir, timeout)
            log(f"  {describe(original)}")
            log(f"{recipe.name}: ours, {recipe.ours}, {repeats} runs")
            runs = []
            for _ in range(repeats):
                runs.append(run_timed(ROOT / recipe.ours, None, workdir, timeout))
                log(f"  {describe(runs[-1])}")
            ours = median_run(runs, recipe.reported)
            row = {
                "name": recipe.name, "title": recipe.title, "original": recipe.original, "ours": recipe.ours,
                "reported": recipe.reported, "fraction": fraction, "count": count,
                "full_count": recipe.full_count, "unit": recipe.unit, "goal": recipe.goal,
                "original_run": original, "ours_run": ours,
                "ours_training_s_each_run": [run.get("training_s") for run in runs],
            }
            row["summary"] = summarize(row)
            rows.append(row)
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
        "cpu": cpu_model(),
        "cores": cores(),
        "tensorflow": startup.get("tensorflow"),
        "keras": startup.get("keras"),
        "python": startup.get("python"),
        "startup_s": startup.get("wall_s") if startup.get("exit_code") == 0 else None,
        "repeats": repeats,
        "rows": rows,
    }


def describe(run: dict) -> str:
    if run.get("exit_code") != 0:
        return f"FAILED: {run.get('error')}"
    accuracy = "no accuracy line" if run.get("accuracy") is None else f"accuracy {run['accuracy']:.2f}%"
    return f"{accuracy}, training {run['training_s']:.1f} s, wall {run['wall_s']:.1f} s"


# ---------------------------------------------------------------------------------------------
# Tables (generated from results/bench.json only; tests check the published ones)

WORDS = {
    "en": {
        "times": "| recipe | training: original | training: ours | training: ratio | "
                 "wall time: original | wall time: ours | wall time: ratio |",
        "outcomes": "| recipe | our listing | reported accuracy | original, this run | ours, this run |",
        "measured": "Measured on {date}: {cpu}, {cores} cores; TensorFlow {tensorflow}, Keras {keras}, "
                    "Python {python}. Both sides of a row ran one after the other in the same run.",
        "training": "Training time: seconds inside `Model.fit` and `Model.train_on_batch`; "
                    "evaluation and prediction outside `fit` are not counted. Wall time: the whole script, "
                    "from starting Python to its exit.",
        "repeats": "Each of our listings ran {repeats} times in a row; its columns show the run with the "
                   "median training time, and every run had to reach the accuracy. Each original ran once.",
        "startup": "A script that only imports Keras takes {startup} from start to exit; that start-up and "
                   "exit is part of every wall time above.",
        "extrapolated": "\\* extrapolated: the original ran {count} of its {full_count} {unit} "
                        "(fraction {fraction:g}); its training time is divided by {fraction:g}, and the rest "
                        "of its wall time (start-up, data, evaluation) is counted once.",
        "outcome": "Both sides must reach at least the accuracy the original reported:",
        "goal": "Goal: ours trains at least {goal:g}× faster on every row{exceptions}.",
        "exception": "; {title}: {goal:g}×",
        "below": " (below {goal:g}×)", "comma": ", ", "colon": ": ", "seconds": "{value} s",
        "ok": "✓", "failed": "✗ below {reported:.2f}%",
        "not checked": "not checked (fraction {fraction:g})",
        "not run": "did not run: {error}", "no accuracy": "no accuracy line",
    },
    "zh": {
        "times": "| 做法 | 训练时间：原始做法 | 训练时间：本站 | 训练时间：加速比 | "
                 "总耗时：原始做法 | 总耗时：本站 | 总耗时：加速比 |",
        "outcomes": "| 做法 | 本站的代码清单 | 原文报告的准确率 | 原始做法（本次运行） | 本站（本次运行） |",
        "measured": "测量于 {date}：{cpu}，{cores} 个 CPU 核心；TensorFlow {tensorflow}，Keras {keras}，"
                    "Python {python}。每一行的两种做法在同一次运行中先后执行。",
        "training": "训练时间：花在 `Model.fit` 和 `Model.train_on_batch` 内部的秒数，"
                    "`fit` 之外的评估和预测不计在内。总耗时：整个脚本从启动 Python 到退出所用的时间。",
        "repeats": "本站的每个代码清单连续运行 {repeats} 次，表中列出训练时间为中位数的那一次，并且每一次都必须达到准确率要求。"
                   "每个原始做法只运行一次。",
        "startup": "一个只导入 Keras 的脚本从启动到退出要用 {startup}；上表的每个总耗时都包含这段启动和退出时间。",
        "extrapolated": "\\* 外推值：原始做法只运行了 {full_count} {unit}中的 {count} {unit}（比例 {fraction:g}）；"
                        "训练时间按这个比例折算（除以 {fraction:g}），总耗时的其余部分（启动、准备数据、评估）只计一次。",
        "outcome": "两种做法都必须至少达到原文报告的准确率：",
        "goal": "目标：每一行本站的训练速度都至少是原始做法的 {goal:g} 倍{exceptions}。",
        "exception": "；{title}：{goal:g} 倍",
        "below": "（低于 {goal:g}×）", "comma": "，", "colon": "：", "seconds": "{value} 秒",
        "ok": "✓", "failed": "✗ 低于 {reported:.2f}%",
        "not checked": "未检查（比例 {fraction:g}）",
        "not run": "未能运行：{error}", "no accuracy": "输出中没有准确率",
    },
}


def seconds(value: float | None, words: dict, extrapolated: bool = False) -> str:
    if value is None:
        return "—"
    return words["seconds"].format(value=f"{value:,.1f}") + ("\\*" if extrapolated else "")


def times(value: float | None, words: dict, goal: float | None = None) -> str:
    """A ratio; one below the goal (training time only) says so."""
    if value is None:
        return "—"
    shown = f"{value:,.1f}×"
    return shown if goal is None or value >= goal else shown + words["below"].format(goal=goal)


def outcome(run: dict, check: str, row: dict, words: dict) -> str:
    if run.get("exit_code") != 0:
        return words["not run"].format(error=run.get("error", "?")).replace("|", "\\|")
    if run.get("accuracy") is None:
        return words["no accuracy"]
    shown = f"{run['accuracy']:.2f}%"
    if check == "not checked":
        return shown + words["comma"] + words["not checked"].format(fraction=row["fraction"])
    return f"{shown} {words[check].format(reported=row['reported'])}"


def row_goal(results: dict, row: dict) -> float:
    """The training-time ratio a row must reach: as its recipe declares now (``results`` of older
    runs, written before rows had goals, are judged by today's goals too)."""
    declared = {recipe.name: recipe.goal for recipe in RECIPES}
    return row.get("goal", declared.get(row["name"], GOAL))


def table(results: dict, language: str) -> str:
    """The generated Markdown the Performance page includes: times, notes, then accuracies."""
    words = WORDS[language]
    time_rows = [words["times"], "|---|---:|---:|---:|---:|---:|---:|"]
    outcome_rows = [words["outcomes"], "|---|---|---:|---|---|"]
    notes = []
    for row in results["rows"]:
        summary, title = row["summary"], row["title"][language]
        extrapolated = summary["extrapolated"]
        time_rows.append("| " + " | ".join([
            title,
            seconds(summary["original_training_s"], words, extrapolated),
            seconds(summary["ours_training_s"], words),
            times(summary["training_ratio"], words, row_goal(results, row)),
            seconds(summary["original_wall_s"], words, extrapolated),
            seconds(summary["ours_wall_s"], words),
            times(summary["wall_ratio"], words),
        ]) + " |")
        outcome_rows.append("| " + " | ".join([
            title,
            f"`{row['ours']}`",
            f"{row['reported']:.2f}%",
            outcome(row["original_run"], summary["original_check"], row, words),
            outcome(row["ours_run"], summary["ours_check"], row, words),
        ]) + " |")
        if extrapolated:
            notes.append(title + words["colon"] + words["extrapolated"].format(
                count=row["count"], full_count=row["full_count"], unit=row["unit"][language],
                fraction=row["fraction"]))
    meta = {key: results.get(key) or "?" for key in ("date", "cpu", "cores", "tensorflow", "keras", "python")}
    text = [words["measured"].format(**meta), "", *time_rows, "", words["training"], ""]
    if results.get("repeats", 1) > 1:
        text += [words["repeats"].format(repeats=results["repeats"]), ""]
    if results.get("startup_s") is not None:
        text += [words["startup"].format(startup=seconds(results["startup_s"], words)), ""]
    for note in notes:
        text += [note, ""]
    exceptions = "".join(words["exception"].format(title=row["title"][language], goal=row_goal(results, row))
                         for row in results["rows"] if row_goal(results, row) != GOAL)
    goal_line = words["goal"].format(goal=GOAL, exceptions=exceptions)
    text += [goal_line, "", words["outcome"], "", *outcome_rows]
    return "\n".join(text) + "\n"


CHARTS = Path("docs") / "assets" / "bench"  # where the Performance page finds its charts


def chart_folder(folder: Path) -> Path:
    """The site's chart folder when writing the site's results; else next to the tables."""
    return ROOT / CHARTS if folder.resolve() == (ROOT / RESULTS).resolve() else folder


def write(results: dict, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    charts = chart_folder(folder)
    charts.mkdir(parents=True, exist_ok=True)
    for language in WORDS:
        (folder / f"bench.{language}.md").write_text(table(results, language), encoding="utf-8")
        (charts / f"ratios.{language}.svg").write_text(ratio_chart(results, language, row_goal), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Command line


def parse_fractions(values: list[str], names: list[str]) -> dict[str, float]:
    """`--fraction 0.01` (every selected row) and `--fraction NAME=0.01` (one row)."""
    fractions: dict[str, float] = {}
    for value in values:
        name, _, number = value.rpartition("=")
        fraction = float(number)
        if not 0 < fraction <= 1:
            raise ValueError(f"a fraction must be in (0, 1]: {value}")
        if name and name not in names:
            raise ValueError(f"no recipe named {name!r}; the recipes: {', '.join(names)}")
        fractions.update({name: fraction} if name else dict.fromkeys(names, fraction))
    return fractions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    names = [recipe.name for recipe in RECIPES]
    parser.add_argument("--only", action="append", choices=names, metavar="NAME",
                        help=f"run only this row (repeatable): {', '.join(names)}")
    parser.add_argument("--fraction", action="append", default=[], metavar="[NAME=]F",
                        help="run this fraction of the original(s) instead of the declared one (repeatable)")
    parser.add_argument("--out", type=Path, default=ROOT / RESULTS,
                        help="where bench.json and the tables go (default: results/)")
    parser.add_argument("--repeats", type=int, default=REPEATS,
                        help=f"runs of each of our listings; the median one counts, the slower middle one "
                             f"for an even number (default {REPEATS})")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed to each script")
    parser.add_argument("--tables-only", action="store_true",
                        help="run nothing: rewrite the tables from the bench.json already in --out")
    args = parser.parse_args(argv)
    if args.tables_only:
        write(json.loads((args.out / "bench.json").read_text(encoding="utf-8")), args.out)
        return 0
    recipes = [recipe for recipe in RECIPES if not args.only or recipe.name in args.only]
    try:
        fractions = parse_fractions(args.fraction, [recipe.name for recipe in recipes])
    except ValueError as error:
        parser.error(str(error))
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")
    results = measure(recipes, fractions, args.timeout, args.repeats)
    write(results, args.out)
    print(table(results, "en"))
    log(f"wrote {args.out / 'bench.json'}, its tables bench.en.md, bench.zh.md and its charts in "
        f"{chart_folder(args.out)}")
    failed = [row["name"] for row in results["rows"]
              if "failed" in (row["summary"]["original_check"], row["summary"]["ours_check"])
              or row["ours_run"].get("exit_code") != 0 or row["original_run"].get("exit_code") != 0]
    slow = [f"{row['name']} (goal {row_goal(results, row):g}x)" for row in results["rows"]
            if row["summary"]["training_ratio"] is not None
            and row["summary"]["training_ratio"] < row_goal(results, row)]
    if slow:
        log(f"below the training-time goal: {', '.join(slow)}")
    if failed:
        log(f"FAILED (a script did not run, or an accuracy fell below the original's figure): {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
