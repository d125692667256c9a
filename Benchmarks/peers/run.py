#!/usr/bin/env python3
"""Runs the rigid-body scenes of docs/benchmarks.md ("Rigid-body scenes") on Diorama, PyBullet
and MuJoCo, one fresh process per engine and scene, one after another (never two at once: the
machine has two cores), and prints Markdown tables: speed with the ratio Diorama / peer in
steps per second, the scenes' outcomes side by side, and the validation scenes against their
closed forms. Every JSON line is also written to --jsonl (default out/bench-peers.jsonl).

    scripts/setup-peers.sh                     # once: venv with pybullet and mujoco
    (cd Benchmarks && swift build -c release --scratch-path .build-bench)
    python3 Benchmarks/peers/run.py [--quick] [--engine NAME]... [--scene NAME]...

The full run is 1200 steps of rigid_pile and 600 of large_pyramid, except MuJoCo's pyramid,
capped at 60 steps (its CG solver hits its 100-iteration limit on ~180 000 constraint rows and
takes ~4 s a step: 600 steps would be 40 minutes; --no-cap lifts the cap). It takes about
25 minutes, most of it PyBullet's pyramid (~1.3 s a step). --quick runs 240 and 60 steps
(about 5 minutes). --from-jsonl FILE... prints the tables of earlier runs without running.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import peer_common as pc  # noqa: E402

ENGINES = ["diorama", "pybullet", "mujoco"]
# Extra rows on request (--engine): Diorama with its default sleeping on.
OPTIONAL_ENGINES = ["diorama-sleep"]
BENCH_SCENES = ["rigid_pile", "large_pyramid"]
VALIDATION_SCENES = ["freefall", "bounce", "slide", "ramp_stick", "ramp_slide"]
# Step caps for (engine, scene) in a full run (see the docstring); --no-cap removes them.
STEP_CAPS = {("mujoco", "large_pyramid"): 60}


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def git_label():
    try:
        return subprocess.run(
            ["git", "-C", ROOT, "describe", "--always", "--dirty"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def command(engine, scene, args):
    pyramid = args.pyramid_steps
    if not args.no_cap:
        pyramid = min(pyramid, STEP_CAPS.get((engine, "large_pyramid"), pyramid))
    steps = ["--pile-steps", str(args.pile_steps), "--pyramid-steps", str(pyramid)]
    if engine.startswith("diorama"):
        sleep = ["--sleep"] if engine == "diorama-sleep" else []
        return [args.diorama_bin, "rigid", "--json", "--scene", scene,
                "--version", args.version_label] + sleep + steps
    script = os.path.join(HERE, f"{engine}_scenes.py")
    return [args.python, script, "--scene", scene] + steps


def run_one(engine, scene, args):
    cmd = command(engine, scene, args)
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, cwd=HERE)
    except subprocess.TimeoutExpired:
        print(f"  {engine} {scene}: timed out after {args.timeout} s", file=sys.stderr)
        return None
    except OSError as e:
        print(f"  {engine} {scene}: cannot run {cmd[0]}: {e}", file=sys.stderr)
        return None
    wall = time.perf_counter() - t0
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode != 0 or not lines:
        tail = (p.stderr or p.stdout).strip().splitlines()[-3:]
        print(f"  {engine} {scene}: failed (exit {p.returncode}): {' | '.join(tail)}",
              file=sys.stderr)
        return None
    result = json.loads(lines[-1])
    result["engine"] = engine
    print(f"  {engine:13} {scene:13} {result['ms_per_step']:>12.4f} ms/step  "
          f"(process {wall:.1f} s)", file=sys.stderr, flush=True)
    return result


def fmt(x, digits=3):
    if x is None:
        return "–"
    if isinstance(x, int):
        return str(x)
    if x == 0:
        return "0"
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 1:
        return f"{x:.{digits}g}" if a < 10 ** digits else f"{x:.0f}"
    return f"{x:.{digits}g}"


def speed_table(results, engines, scenes):
    out = [
        "| scene | engine | steps | ms/step | steps/s | Diorama ÷ engine (steps/s) | config |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for s in scenes:
        ours = results.get(("diorama", s))
        for e in engines:
            r = results.get((e, s))
            if r is None:
                out.append(f"| {s} | {e} | – | – | – | – | failed or not run |")
                continue
            ratio = (
                ours["steps_per_s"] / r["steps_per_s"]
                if ours and r["steps_per_s"] and not e.startswith("diorama")
                else None
            )
            out.append(
                f"| {s} | {e} {r['version']} | {r['steps']} | {fmt(r['ms_per_step'])} | "
                f"{fmt(r['steps_per_s'])} | {fmt(ratio) + '×' if ratio else '–'} | "
                f"{r['config']} |"
            )
    return "\n".join(out)


OUTCOME_FIELDS = {
    "rigid_pile": ["max_speed", "min_center_z", "min_vertex_z", "below_ground", "sunk_5cm",
                   "mean_center_z"],
    "large_pyramid": ["top_drift", "top_dx", "top_dz", "max_speed", "min_vertex_z",
                      "below_ground", "mean_center_z"],
}


def outcome_table(results, engines, scenes):
    out = []
    for s in scenes:
        fields = OUTCOME_FIELDS[s]
        present = [e for e in engines if (e, s) in results]
        if not present:
            continue
        out.append(f"\n{s}:\n")
        out.append("| outcome | " + " | ".join(present) + " |")
        out.append("| --- |" + " ---: |" * len(present))
        out.append("| steps | " + " | ".join(str(results[(e, s)]["steps"]) for e in present)
                   + " |")
        for f in fields:
            out.append(f"| {f} | " + " | ".join(fmt(results[(e, s)].get(f)) for e in present)
                       + " |")
    return "\n".join(out)


VALIDATION_WHAT = {
    "freefall": "time to fall 10 m (s); √(2h/g)",
    "bounce": "rebound height / drop height, e = 0.5; e²",
    "slide": "stop distance from 5 m/s, μ = 0.3 (m); v²/(2μg)",
    "ramp_stick": "slide after 2 s, tan θ = 0.9 μ (m); sticks: 0",
    "ramp_slide": "slide after 2 s, tan θ = 1.1 μ (m); ½g(sin θ − μ cos θ)t²",
}


def validation_table(results, engines, scenes):
    out = [
        "| scene | measured quantity; closed form | expected | " + " | ".join(engines) + " |",
        "| --- | --- | ---: |" + " ---: |" * len(engines),
    ]
    for s in scenes:
        expected = next((results[(e, s)]["expected"] for e in engines if (e, s) in results), None)
        cells = []
        for e in engines:
            r = results.get((e, s))
            cells.append(fmt(r["measured"], 4) if r else "–")
        out.append(f"| {s} | {VALIDATION_WHAT[s]} | {fmt(expected, 4)} | " + " | ".join(cells)
                   + " |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", action="append", choices=ENGINES + OPTIONAL_ENGINES,
                    help="repeatable; default: " + ", ".join(ENGINES))
    ap.add_argument("--scene", action="append", choices=BENCH_SCENES + VALIDATION_SCENES)
    ap.add_argument("--quick", action="store_true", help="240 pile steps, 60 pyramid steps")
    ap.add_argument("--pile-steps", type=int)
    ap.add_argument("--pyramid-steps", type=int)
    ap.add_argument(
        "--python",
        default=os.path.join(os.environ.get("PEERS_VENV", os.path.join(ROOT, ".build-peers-venv")),
                             "bin", "python"),
        help="python of the peers venv (scripts/setup-peers.sh)",
    )
    ap.add_argument(
        "--diorama-bin",
        default=os.path.join(ROOT, "Benchmarks", ".build-bench", "release", "DioramaBenchmarks"),
    )
    ap.add_argument("--timeout", type=float, default=3600, help="per process (s)")
    ap.add_argument("--version-label", help="Diorama's version field (default: git describe)")
    ap.add_argument("--no-cap", action="store_true", help="run MuJoCo's pyramid in full too")
    ap.add_argument("--jsonl", default=os.path.join(ROOT, "out", "bench-peers.jsonl"))
    ap.add_argument("--from-jsonl", nargs="+", metavar="FILE",
                    help="print the tables of these JSON-line files (later lines win)")
    args = ap.parse_args()
    engines = args.engine or ENGINES
    engines = [e for e in ENGINES[:1] + OPTIONAL_ENGINES + ENGINES[1:] if e in engines]
    scenes = args.scene or BENCH_SCENES + VALIDATION_SCENES
    args.pile_steps = args.pile_steps or (240 if args.quick else pc.PILE_STEPS)
    args.pyramid_steps = args.pyramid_steps or (60 if args.quick else pc.PYRAMID_STEPS)
    args.version_label = args.version_label or git_label()
    if args.from_jsonl:
        results = {}
        for path in args.from_jsonl:
            with open(path) as f:
                for line in f:
                    if line.startswith("{"):
                        r = json.loads(line)
                        results[(r["engine"], r["scene"])] = r
        known = ENGINES[:1] + OPTIONAL_ENGINES + ENGINES[1:]
        engines = [e for e in known if any(k[0] == e for k in results)]
        scenes = [s for s in scenes if any(k[1] == s for k in results)]
        print_tables(results, engines, scenes)
        return

    missing = []
    if any(e.startswith("diorama") for e in engines) and not os.access(args.diorama_bin, os.X_OK):
        missing.append(
            f"{args.diorama_bin} is missing: cd Benchmarks && swift build -c release "
            "--scratch-path .build-bench")
    if any(not e.startswith("diorama") for e in engines) and not os.access(args.python, os.X_OK):
        missing.append(f"{args.python} is missing: run scripts/setup-peers.sh")
    if missing:
        sys.exit("run.py: " + "\n".join(missing))

    load_before = load_average()
    started = datetime.datetime.now(datetime.timezone.utc)
    results = {}
    for s in scenes:
        for e in engines:
            r = run_one(e, s, args)
            if r is not None:
                results[(e, s)] = r
    load_after = load_average()

    os.makedirs(os.path.dirname(args.jsonl), exist_ok=True)
    with open(args.jsonl, "w") as f:
        for r in results.values():
            f.write(json.dumps(r) + "\n")

    print(f"Peer benchmarks, {started:%Y-%m-%d %H:%M} UTC, Diorama {args.version_label}; "
          f"{os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()}; "
          f"load average (1, 5, 15 min) before {load_before}, after {load_after}. "
          "One thread per engine, one engine at a time.\n")
    print_tables(results, engines, scenes)
    print(f"\nJSON lines: {os.path.relpath(args.jsonl, ROOT)}")
    failed = [(e, s) for s in scenes for e in engines if (e, s) not in results]
    sys.exit(1 if failed else 0)


def print_tables(results, engines, scenes):
    bench = [s for s in scenes if s in BENCH_SCENES]
    valid = [s for s in scenes if s in VALIDATION_SCENES]
    if bench:
        print(speed_table(results, engines, bench))
        print(outcome_table(results, engines, bench))
    if valid:
        print("\nValidation (dt 1/240 s):\n")
        print(validation_table(results, engines, valid))


if __name__ == "__main__":
    main()
