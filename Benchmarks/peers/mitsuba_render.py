#!/usr/bin/env python3
"""Times Mitsuba 3 on DioramaBenchmarks' reference render scene, side by side with Diorama.

The scene is the one in Benchmarks/Sources/DioramaBenchmarks/RenderPeers.swift: three spheres
(r 0.6 m) and two cubes (0.8 m) on a ground plane, all Lambertian, one 1.5 m x 1.5 m area light
of 120 W (radiance 120 / (pi * 2.25) = 16.98) 4 m up facing down, no environment light, a
pinhole camera at (0, -6, 2.2) looking at (0, 0, 0.6) with a 54.43 deg horizontal field of view
(35 mm lens on a 36 mm sensor). Direct lighting: Mitsuba's `direct` integrator with one emitter
and one BSDF sample (MIS), 4 spp; path tracing: `path` with max_depth 9 (8 bounces, as
Diorama's maxBounces 8), 16 spp; the `independent` sampler; threads 1 and 2
(`drjit.set_thread_count`). Each configuration renders once untimed (scene load, JIT
compilation and kernel caching for LLVM), then `--repetitions` times; the median is reported.

    Benchmarks/peers/mitsuba_render.py [--diorama-bin PATH] [--variant scalar_rgb]...
                                       [--size 320x240]... [--repetitions 5] [--json]

With --diorama-bin (the release DioramaBenchmarks), it also runs `render --json --no-clips`
and prints one table with the Diorama / Mitsuba ratios. Needs the peers venv
(scripts/setup-peers.sh installs mitsuba there).
"""

import argparse
import glob
import json
import math
import os
import statistics
import subprocess
import sys
import time


def scene_dict(mi, width, height, integrator, spp):
    def diffuse(r, g, b):
        return {"type": "diffuse", "reflectance": {"type": "rgb", "value": [r, g, b]}}

    T = mi.ScalarTransform4f
    fov = 2 * math.degrees(math.atan(18 / 35))
    radiance = 120 / (math.pi * 1.5 * 1.5)
    return {
        "type": "scene",
        "integrator": (
            {"type": "direct", "emitter_samples": 1, "bsdf_samples": 1}
            if integrator == "direct"
            else {"type": "path", "max_depth": 9}
        ),
        "sensor": {
            "type": "perspective",
            "fov": fov,
            "fov_axis": "x",
            "to_world": T().look_at(origin=[0, -6, 2.2], target=[0, 0, 0.6], up=[0, 0, 1]),
            "sampler": {"type": "independent", "sample_count": spp},
            "film": {
                "type": "hdrfilm",
                "width": width,
                "height": height,
                "rfilter": {"type": "box"},
                "pixel_format": "rgb",
            },
        },
        "ground": {
            "type": "rectangle",
            "to_world": T().scale([100, 100, 1]),
            "bsdf": diffuse(0.6, 0.6, 0.6),
        },
        "s1": {"type": "sphere", "center": [-1.4, 0, 0.6], "radius": 0.6, "bsdf": diffuse(0.8, 0.3, 0.2)},
        "s2": {"type": "sphere", "center": [0, 0.3, 0.6], "radius": 0.6, "bsdf": diffuse(0.2, 0.6, 0.3)},
        "s3": {"type": "sphere", "center": [1.4, 0, 0.6], "radius": 0.6, "bsdf": diffuse(0.2, 0.3, 0.8)},
        "b1": {
            "type": "cube",
            "to_world": T().translate([-0.6, 1.5, 0.4]).scale(0.4),
            "bsdf": diffuse(0.7, 0.7, 0.7),
        },
        "b2": {
            "type": "cube",
            "to_world": T().translate([0.9, 1.6, 0.4]).scale(0.4),
            "bsdf": diffuse(0.7, 0.7, 0.3),
        },
        "light": {
            "type": "rectangle",
            # The rectangle spans [-1, 1]^2 facing +z: flip it to face down, scale to 1.5 m.
            "to_world": T().translate([0, -1, 4]).rotate([1, 0, 0], 180).scale([0.75, 0.75, 1]),
            "emitter": {"type": "area", "radiance": {"type": "rgb", "value": radiance}},
        },
    }


def time_variant(variant, sizes, repetitions):
    import drjit as dr
    import mitsuba as mi
    import numpy as np

    mi.set_variant(variant)
    rows = []
    for width, height in sizes:
        for integrator, spp in (("direct", 4), ("path", 16)):
            for threads in (1, 2):
                dr.set_thread_count(threads)
                scene = mi.load_dict(scene_dict(mi, width, height, integrator, spp))
                img = mi.render(scene, spp=spp, seed=0)
                dr.eval(img)
                ms = []
                for k in range(repetitions):
                    t0 = time.perf_counter()
                    img = mi.render(scene, spp=spp, seed=k + 1)
                    dr.eval(img)
                    if hasattr(dr, "sync_thread"):
                        dr.sync_thread()
                    ms.append((time.perf_counter() - t0) * 1e3)
                rows.append(
                    {
                        "engine": "mitsuba",
                        "variant": variant,
                        "width": width,
                        "height": height,
                        "integrator": integrator,
                        "spp": spp,
                        "threads": threads,
                        "median_ms": statistics.median(ms),
                        "min_ms": min(ms),
                        "mean": float(np.array(img).mean()),
                    }
                )
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variant", action="append", help="Mitsuba variants (default scalar_rgb, llvm_ad_rgb)")
    ap.add_argument("--size", action="append", help="WxH (default 320x240 and 640x360)")
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--diorama-bin", help="release DioramaBenchmarks to run side by side")
    ap.add_argument("--json", action="store_true", help="one JSON line per measurement")
    args = ap.parse_args()
    sizes = [tuple(int(x) for x in s.split("x")) for s in (args.size or ["320x240", "640x360"])]
    variants = args.variant or ["scalar_rgb", "llvm_ad_rgb"]

    rows = []
    if args.diorama_bin:
        cmd = [args.diorama_bin, "render", "--json", "--no-clips", "--repetitions", str(args.repetitions)]
        for w, h in sizes:
            cmd += ["--size", f"{w}x{h}"]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        rows += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    for v in variants:
        # Each variant in its own process: Dr.Jit's thread pool and JIT state are per process.
        cmd = [sys.executable, __file__, "--_one", v, "--repetitions", str(args.repetitions)]
        for w, h in sizes:
            cmd += ["--_size", f"{w}x{h}"]
        try:
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            rows += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        except subprocess.CalledProcessError as e:
            print(f"mitsuba {v}: failed: {e.stderr.strip().splitlines()[-1:]}", file=sys.stderr)

    if args.json:
        for r in rows:
            print(json.dumps(r))
        return
    means = {}
    for r in rows:
        if r.get("mean") is not None and r["threads"] == 1:
            means.setdefault((r["width"], r["integrator"]), []).append((r["engine"] + " " + r["variant"], round(r["mean"], 4)))
    for k, v in sorted(means.items()):
        print(f"image mean {k[0]} wide, {k[1]}: " + ", ".join(f"{n} {m}" for n, m in v))
    print()
    print("| size | integrator, spp | threads | Diorama ms | Mitsuba scalar ms | Mitsuba LLVM ms | Diorama / scalar | Diorama / LLVM |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    def find(engine, variant, w, h, integ, t):
        for r in rows:
            if (r["engine"], r["width"], r["height"], r["integrator"], r["threads"]) == (engine, w, h, integ, t) and (
                variant is None or r["variant"] == variant
            ):
                return r["median_ms"]
        return None
    for w, h in sizes:
        for integ, spp in (("direct", 4), ("path", 16)):
            for t in (1, 2):
                d = find("diorama", None, w, h, integ, t)
                s = find("mitsuba", "scalar_rgb", w, h, integ, t)
                l = find("mitsuba", "llvm_ad_rgb", w, h, integ, t)
                f = lambda x: "–" if x is None else f"{x:.0f}"
                ratio = lambda a, b: "–" if a is None or b is None else f"{a / b:.2f}"
                print(f"| {w}×{h} | {integ}, {spp} | {t} | {f(d)} | {f(s)} | {f(l)} | {ratio(d, s)} | {ratio(d, l)} |")


def pick_llvm():
    """Dr.Jit's LLVM backend needs LLVM >= 16 here (LLVM 14 and 15 fail to select `fmaximum`):
    point it at the newest libLLVM the system has unless DRJIT_LIBLLVM_PATH is set
    (Debian: `apt-get install libllvm19`)."""
    if os.environ.get("DRJIT_LIBLLVM_PATH"):
        return
    found = sorted(
        glob.glob("/usr/lib/x86_64-linux-gnu/libLLVM-*.so") + glob.glob("/usr/lib/llvm-*/lib/libLLVM.so"),
        key=lambda p: int("".join(c for c in p.split("LLVM")[-1].split("llvm-")[-1] if c.isdigit())[:2] or 0),
    )
    if found:
        os.environ["DRJIT_LIBLLVM_PATH"] = found[-1]


if __name__ == "__main__":
    pick_llvm()
    if "--_one" in sys.argv:
        i = sys.argv.index("--_one")
        variant = sys.argv[i + 1]
        reps = int(sys.argv[sys.argv.index("--repetitions") + 1])
        sizes = [tuple(int(x) for x in sys.argv[k + 1].split("x")) for k, a in enumerate(sys.argv) if a == "--_size"]
        for r in time_variant(variant, sizes, reps):
            print(json.dumps(r))
    else:
        main()
