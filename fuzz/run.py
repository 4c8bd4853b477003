"""Bounded fuzz campaign of the converter and the SSSOM reader, outside `make test` (run with `make fuzz`).

Runs the property tests of tests/source/test_reliability_properties.py (and those named with their file
below) with a large example count and
random (not derandomised) seeds, and records how many inputs each property tried and whether any
failed. Usage: python fuzz/run.py [EXAMPLES_PER_PROPERTY] (default 2000). Results go to stdout and
fuzz/last-run.txt; copy the figures worth keeping into fuzz/RESULTS.md.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROPERTIES = ["test_generated_profile_reads_back_as_its_specification", "test_convert_render_convert_is_isomorphic",
              "test_arbitrary_text", "test_arbitrary_bytes", "test_real_lines_in_random_order",
              "test_mutated_real_profiles", "test_mutated_generated_profiles",
              # the input shapes of issue 15 (quadratic naming, unbounded output, stray bytes)
              "test_repeated_lines_cost_work_linear_in_the_copies", "test_long_fuwasys_codes_give_bounded_output",
              "test_stray_bytes_convert_or_fail_with_a_location",
              # issue 22: planted build journals (names with .., /, links, temp patterns; any JSON)
              "tests/rdf/test_security_journal.py::test_no_journal_changes_anything_outside_the_folder",
              # issue 22: hostile SSSOM cells, headers, metadata values and lines
              "tests/links/test_sssom_hostile.py::test_no_hostile_sssom_gives_a_traceback",
              # issue 22: SERVICE in every spelling of the grammar, and "service" where it is no SERVICE
              "tests/sparql/test_service_guard.py::test_every_spelling_of_service_is_refused_and_nothing_leaves",
              "tests/sparql/test_service_guard.py::test_service_as_a_name_string_or_comment_is_no_service",
              # issue 22 item 8: IRIs under the site's own paths, case twins, segments too long for a file name
              "tests/site/test_hostile.py::test_every_iri_gets_one_safe_folder_or_a_reason",
              "tests/site/test_hostile.py::test_long_lists_get_the_same_labels_whatever_the_store_calls_their_nodes"]


def main() -> int:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    # FGR_FUZZ_SCALE: the repeated-line and long-code inputs grow 10 times larger than in `make test`
    env = dict(os.environ, FGR_FUZZ="1", FGR_HYPOTHESIS_EXAMPLES=str(examples), FGR_FUZZ_SCALE="10")
    lines, failed = [f"fuzz run {time.strftime('%Y-%m-%d %H:%M')}, {examples} examples per heavy property "
                     f"(x6 for the light ones)"], 0
    for name in PROPERTIES:
        start = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                               "--hypothesis-show-statistics", "-p", "no:warnings",
                               name if "::" in name else f"tests/source/test_reliability_properties.py::{name}"],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        tried = [line.strip() for line in proc.stdout.splitlines() if "passing examples" in line or "Stopped because" in line]
        status = "ok" if proc.returncode == 0 else "FAILED"
        failed += proc.returncode != 0
        lines.append(f"{name.rsplit('::', 1)[-1]}: {status} in {time.monotonic() - start:.0f} s; {'; '.join(tried)}")
        if proc.returncode:
            lines.append(proc.stdout[-4000:])
        print(lines[-1], flush=True)
    (ROOT / "fuzz" / "last-run.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
