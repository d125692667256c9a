"""Scene constants, the pose fixture and the outcome measures shared by the peer scripts.

Every number here is the definition in docs/benchmarks.md ("Rigid-body scenes"); the Swift
side (Benchmarks/Sources/DioramaBenchmarks/RigidScenes.swift) uses the same values. Only the
Python standard library is used here, so the pose generator runs without the venv.
"""

import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
POSES_PATH = os.path.join(HERE, "rigid_pile_poses.json")

G = 9.81  # gravitational acceleration (m/s^2), along -z

# rigid_pile: 10 x 10 x 10 unit cubes (half-extent 0.5 m, 1000 kg/m^3 -> 1000 kg each).
PILE_N = 10
PILE_HALF = 0.5
PILE_DENSITY = 1000.0
PILE_SPACING = 1.4  # centre spacing (m); see docs for why not 1.1
PILE_BOTTOM_Z = 1.0  # centre height of the lowest layer before the shift (m)
PILE_MAX_TILT_DEG = 10.0
PILE_MAX_SHIFT = 0.05  # per axis, uniform in [-0.05, 0.05) (m)
PILE_SEED = 42
PILE_FRICTION = 0.6
PILE_DT = 1.0 / 240
PILE_STEPS = 1200  # 5 s

# large_pyramid: base row of 100 unit cubes, 5050 in all, in the xz plane, touching.
PYRAMID_BASE = 100
PYRAMID_HALF = 0.5
PYRAMID_DENSITY = 1000.0
PYRAMID_FRICTION = 0.6
PYRAMID_DT = 1.0 / 60
PYRAMID_SUBSTEPS = 4
PYRAMID_STEPS = 600  # 10 s; drift of the top box is measured over these


# MARK: - SplitMix64 and the pile poses


class SplitMix64:
    """Steele, Lea & Flood (2014) SplitMix64; the same stream as DioramaCore.SeededGenerator."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def unit(self):
        """Uniform in [0, 1) with 53 random bits."""
        return (self.next() >> 11) * 2.0**-53


def generate_pile_poses(seed=PILE_SEED):
    """The 1000 initial poses of rigid_pile, as (position [x, y, z], quaternion [w, x, y, z]).

    Box k = ix + 10 iy + 100 iz (ix, iy, iz in 0..9) draws six numbers u0..u5 in order:
    axis = (sqrt(1 - c^2) cos p, sqrt(1 - c^2) sin p, c) with c = 2 u0 - 1, p = 2 pi u1
    (uniform on the sphere), angle = 10 deg * u2, shift = 0.1 m * (u3..u5 - 0.5);
    centre = ((ix - 4.5) s, (iy - 4.5) s, 1.0 + iz s) + shift with s = 1.4 m.
    """
    rng = SplitMix64(seed)
    poses = []
    for iz in range(PILE_N):
        for iy in range(PILE_N):
            for ix in range(PILE_N):
                u = [rng.unit() for _ in range(6)]
                c = 2 * u[0] - 1
                phi = 2 * math.pi * u[1]
                r = math.sqrt(max(0.0, 1 - c * c))
                axis = (r * math.cos(phi), r * math.sin(phi), c)
                angle = math.radians(PILE_MAX_TILT_DEG) * u[2]
                shift = [2 * PILE_MAX_SHIFT * (v - 0.5) for v in u[3:6]]
                p = [
                    (ix - 4.5) * PILE_SPACING + shift[0],
                    (iy - 4.5) * PILE_SPACING + shift[1],
                    PILE_BOTTOM_Z + iz * PILE_SPACING + shift[2],
                ]
                s = math.sin(angle / 2)
                q = [math.cos(angle / 2), axis[0] * s, axis[1] * s, axis[2] * s]
                poses.append((p, q))
    return poses


def load_pile_poses(path=POSES_PATH):
    with open(path) as f:
        data = json.load(f)
    bodies = data["bodies"]
    if len(bodies) != PILE_N**3:
        sys.exit(f"{path}: expected {PILE_N**3} bodies, found {len(bodies)}")
    return [(b["p"], b["q"]) for b in bodies]


def pyramid_positions():
    """Centres of the large_pyramid boxes, bottom row first, left to right; the last is the top.

    Row r (0..99) holds 100 - r boxes at x = (r / 2 + j - 49.5) m, j = 0..99-r, z = 0.5 + r m,
    y = 0: touching neighbours, each row shifted by half a box, the bottom row on z = 0.
    """
    out = []
    for r in range(PYRAMID_BASE):
        for j in range(PYRAMID_BASE - r):
            out.append((0.5 * r + j - 49.5, 0.0, PYRAMID_HALF + r))
    return out


# MARK: - Outcomes


def quat_row_z(q):
    """Third row of the rotation matrix of unit quaternion q = [w, x, y, z]."""
    w, x, y, z = q
    return (2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y))


def box_outcomes(positions, quats, velocities, half):
    """Outcome fields of a box scene from centre positions, [w,x,y,z] quaternions and linear
    velocities: max speed (m/s), lowest centre z and lowest vertex z (m), boxes whose centre is
    below the ground (z < 0), boxes sunk more than 5 cm into it, mean centre z (m)."""
    max_speed = 0.0
    min_cz = math.inf
    min_vz = math.inf
    below = 0
    sunk = 0
    zsum = 0.0
    for p, q, v in zip(positions, quats, velocities):
        speed = math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2)
        max_speed = max(max_speed, speed)
        rz = quat_row_z(q)
        vz = p[2] - half * (abs(rz[0]) + abs(rz[1]) + abs(rz[2]))
        min_cz = min(min_cz, p[2])
        min_vz = min(min_vz, vz)
        below += p[2] < 0
        sunk += vz < -0.05
        zsum += p[2]
    return {
        "max_speed": max_speed,
        "min_center_z": min_cz,
        "min_vertex_z": min_vz,
        "below_ground": below,
        "sunk_5cm": sunk,
        "mean_center_z": zsum / max(1, len(positions)),
    }


# MARK: - Validation scenes (same definitions on every engine)

VALIDATION_DT = 1.0 / 240
FREEFALL_HEIGHT = 10.0  # sphere bottom above the ground at rest (m)
SPHERE_RADIUS = 0.1  # (m)
SPHERE_DENSITY = 1000.0
BOUNCE_HEIGHT = 1.0  # drop height of the sphere's bottom (m)
BOUNCE_RESTITUTION = 0.5
SLIDE_MU = 0.3
SLIDE_SPEED = 5.0  # (m/s)
RAMP_MU = 0.5
RAMP_TAN = {"ramp_stick": 0.9 * RAMP_MU, "ramp_slide": 1.1 * RAMP_MU}
RAMP_SECONDS = 2.0


def ramp_gravity(tan_theta):
    """A ramp of angle theta with flat ground: gravity tilted by theta towards +x."""
    th = math.atan(tan_theta)
    return (G * math.sin(th), 0.0, -G * math.cos(th))


def ramp_expected(tan_theta, mu=RAMP_MU, seconds=RAMP_SECONDS):
    th = math.atan(tan_theta)
    a = G * (math.sin(th) - mu * math.cos(th))
    return 0.5 * a * seconds**2 if a > 0 else 0.0


def freefall_expected():
    return math.sqrt(2 * FREEFALL_HEIGHT / G)


def slide_expected():
    return SLIDE_SPEED**2 / (2 * SLIDE_MU * G)


# MARK: - Output


class Timer:
    def __enter__(self):
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0


def emit(engine, version, scene, steps, seconds, config, **outcomes):
    """Prints one JSON line: the fields every engine reports, then the scene's outcomes."""
    line = {
        "engine": engine,
        "version": version,
        "scene": scene,
        "steps": steps,
        "seconds": round(seconds, 6),
        "steps_per_s": round(steps / seconds, 3) if seconds > 0 else None,
        "ms_per_step": round(1e3 * seconds / steps, 6) if steps > 0 else None,
        "threads": 1,
        "config": config,
    }
    for k, v in outcomes.items():
        line[k] = round(v, 6) if isinstance(v, float) else v
    print(json.dumps(line), flush=True)


ALL_SCENES = [
    "rigid_pile",
    "large_pyramid",
    "freefall",
    "bounce",
    "slide",
    "ramp_stick",
    "ramp_slide",
]


def parse_args(description, extra=None):
    import argparse

    ap = argparse.ArgumentParser(description=description)
    if extra is not None:
        extra(ap)
    ap.add_argument(
        "--scene", action="append", choices=ALL_SCENES, help="run only these (repeatable)"
    )
    ap.add_argument("--pile-steps", type=int, default=PILE_STEPS, help="rigid_pile steps")
    ap.add_argument(
        "--pyramid-steps", type=int, default=PYRAMID_STEPS, help="large_pyramid steps"
    )
    ap.add_argument("--poses", default=POSES_PATH, help="rigid_pile pose fixture (JSON)")
    args = ap.parse_args()
    args.scene = args.scene or ALL_SCENES
    return args
