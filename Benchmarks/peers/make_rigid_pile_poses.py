#!/usr/bin/env python3
"""Writes Benchmarks/peers/rigid_pile_poses.json, the 1000 initial poses of rigid_pile that
every engine reads (SplitMix64, seed 42; the recipe is in peer_common.generate_pile_poses and
docs/benchmarks.md). `--check` regenerates and compares with the committed file instead."""

import json
import sys

import peer_common as pc


def document():
    poses = pc.generate_pile_poses(pc.PILE_SEED)
    return {
        "scene": "rigid_pile",
        "generator": "SplitMix64 seed 42; see docs/benchmarks.md, Rigid-body scenes",
        "half_extent": pc.PILE_HALF,
        "spacing": pc.PILE_SPACING,
        "quaternion": "w, x, y, z (Hamilton), body to world",
        "bodies": [{"p": p, "q": q} for p, q in poses],
    }


def main():
    text = json.dumps(document(), indent=None, separators=(",", ":"))
    text = text.replace('{"p"', '\n{"p"') + "\n"
    if "--check" in sys.argv[1:]:
        with open(pc.POSES_PATH) as f:
            same = f.read() == text
        print(f"{pc.POSES_PATH}: {'matches' if same else 'DIFFERS from'} the generator")
        sys.exit(0 if same else 1)
    with open(pc.POSES_PATH, "w") as f:
        f.write(text)
    print(f"wrote {pc.POSES_PATH} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
