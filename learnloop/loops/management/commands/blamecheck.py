"""`learnloop blamecheck PATH`: the blame-language check's base rate (and precision) over Markdown files."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnloop.loops.blame import check_files, measure, sample


class Command(BaseCommand):
    help = (
        "Run the blame-language check over a Markdown file or folder (YAML front matter is skipped) "
        "and print the flag rate; with --labels, also the precision against hand labels."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Markdown files or folders of them")
        parser.add_argument("--labels", type=Path, help="CSV of hand labels (file, code, matched text, label)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the figures as JSON")
        parser.add_argument(
            "--sample",
            type=int,
            dest="sample_size",
            metavar="N",
            help="instead of figures, print a CSV of N flags to label (stratified by code, fixed seed)",
        )

    def handle(
        self,
        *args: Any,
        paths: list[Path],
        labels: Path | None,
        as_json: bool,
        sample_size: int | None,
        **options: Any,
    ) -> None:
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"Not found: {', '.join(missing)}")
        if labels is not None and not labels.is_file():
            raise CommandError(f"Labels file not found: {labels}")
        if sample_size is not None:
            self.write_sample(paths, sample_size)
            return
        try:
            figures = measure(paths, labels=labels)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(figures, indent=2) if as_json else render(figures))

    def write_sample(self, paths: list[Path], size: int) -> None:
        results, _ = check_files(paths)
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["file", "code", "matched text", "sentence", "label"])
        for name, flag, sentence in sample(results, size=size):
            writer.writerow([name, flag.code, flag.text, sentence, ""])


def render(figures: dict[str, Any]) -> str:
    lines = [
        f"files: {figures['files']} ({len(figures['unreadable'])} unreadable)",
        f"words: {figures['words']:,}",
        f"flags: {figures['flags']} ({figures['rate_per_1000_words']:.2f} per 1,000 words)",
        f"files with at least one flag: {figures['files_with_flags']} ({figures['share_of_files_with_flags']:.1%})",
        "",
        "flags per code:",
        *(f"  {code:<18} {count:>4}" for code, count in figures["per_code"].items()),
    ]
    for item in figures["unreadable"]:
        lines.append(f"unreadable: {item['file']}: {item['reason']}")
    if "precision" in figures:
        result = figures["precision"]
        lines += [
            "",
            f"precision: {result['precision']:.1%}, 95% lower bound {result['lower_95']:.1%} "
            f"({result['blame']} of {result['labelled']} labelled flags; "
            f"{result['unlabelled_flags']} flags without a label; "
            f"{result['stale_labels']} labels match no current flag)",
            f"  {'person-directed':<18} {result['person_directed']['precision']:>6.1%}  "
            f"({result['person_directed']['blame']}/{result['person_directed']['labelled']}, "
            f"95% lower bound {result['person_directed']['lower_95']:.0%}; every code but single-root-cause)",
            *(
                f"  {code:<18} {row['precision']:>6.1%}  ({row['blame']}/{row['labelled']}, "
                f"95% lower bound {row['lower_95']:.0%})"
                for code, row in result["per_code"].items()
            ),
        ]
    return "\n".join(lines)
