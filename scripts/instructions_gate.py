#!/usr/bin/env python3
"""The CI speed gate: instruction counts of the stages against a committed baseline.

    cargo bench --bench instructions -- --output-format=json > target/instructions.jsonl
    python3 scripts/instructions_gate.py target/instructions.jsonl benches/instructions.baseline

Reads gungraun's JSON lines (one benchmark per line; other lines are ignored), takes each
benchmark's callgrind instruction count (Ir) as `function/id`, prints a table against the
baseline and exits 1 when a stage runs more than --tolerance (10 %) more instructions than its
baseline, when a baselined stage did not run, or when a stage has no baseline yet.

`--update` rewrites the baseline from the results instead (a deliberate commit that says why).
"""

import argparse
import json
import sys

HEADER = """\
# Instructions (callgrind Ir) per stage/record: the reference of the CI speed gate.
# Counts depend on the compiler, gungraun/valgrind and the CPU features valgrind reports
# (AVX paths), so they are recorded on the CI machine kind. Update deliberately, in a commit
# that says why: see the README, "Benchmarks".
"""


def ir_of(bench):
    """The callgrind Ir of one gungraun summary (schema v7; tolerant of small changes)."""
    for profile in bench.get("profiles") or []:
        if profile.get("tool") not in (None, "Callgrind"):
            continue
        metrics = ((profile.get("data") or {}).get("total") or {}).get("metrics") or {}
        ir = metrics.get("Ir")
        if isinstance(ir, dict):
            ir = (ir.get("values") or {}).get("new", ir.get("new"))
        if isinstance(ir, (int, float)):
            return int(ir)
    return None


def read_results(path):
    results, problems = {}, []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                bench = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"line {n}: not JSON ({e})")
                continue
            name = f"{bench.get('function_name', '?')}/{bench.get('id', '?')}"
            ir = ir_of(bench)
            if ir is None:
                problems.append(f"{name}: no callgrind Ir in the summary")
            elif name in results:
                problems.append(f"{name}: reported twice")
            else:
                results[name] = ir
    return results, problems


def read_baseline(path):
    base = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    name, value = line.split()
                    base[name] = int(value)
    except FileNotFoundError:
        pass
    return base


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", help="gungraun --output-format=json output")
    ap.add_argument("baseline", help="the committed baseline (name and count per line)")
    ap.add_argument("--tolerance", type=float, default=0.10, help="allowed increase (0.10 = 10 %%)")
    ap.add_argument("--update", action="store_true", help="write the baseline from the results")
    args = ap.parse_args()

    results, problems = read_results(args.results)
    if not results:
        problems.append(f"{args.results}: no benchmark results (did the benches run?)")
    if args.update:
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
        with open(args.baseline, "w", encoding="utf-8") as f:
            f.write(HEADER)
            for name in sorted(results):
                f.write(f"{name}\t{results[name]}\n")
        print(f"wrote {len(results)} stages to {args.baseline}")
        return 0

    base = read_baseline(args.baseline)
    failed = bool(problems)
    rows = []
    for name in sorted(set(base) | set(results)):
        b, r = base.get(name), results.get(name)
        if r is None:
            verdict, change = "MISSING (did not run)", ""
            failed = True
        elif b is None:
            verdict, change = "NEW: no baseline (run with --update)", ""
            failed = True
        else:
            ratio = r / b - 1.0 if b else float("inf")
            change = f"{100 * ratio:+.2f} %"
            if ratio > args.tolerance:
                verdict = f"SLOWER than +{100 * args.tolerance:.0f} %"
                failed = True
            elif ratio < -args.tolerance:
                verdict = "faster: consider updating the baseline"
            else:
                verdict = "ok"
        rows.append((name, "-" if b is None else f"{b:,}", "-" if r is None else f"{r:,}", change, verdict))

    head = ("stage/record", "baseline Ir", "now Ir", "change", "")
    widths = [max(len(str(x[i])) for x in rows + [head]) for i in range(4)]
    line = lambda x: "  ".join(str(v).rjust(w) if i else str(v).ljust(w) for i, (v, w) in enumerate(zip(x[:4], widths))) + "  " + x[4]
    print(line(head))
    for row in rows:
        print(line(row))
    for p in problems:
        print(f"problem: {p}")
    print("instruction gate:", "FAILED" if failed else "passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
