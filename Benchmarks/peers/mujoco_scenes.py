#!/usr/bin/env python3
"""The rigid-body scenes of docs/benchmarks.md ("Rigid-body scenes") on MuJoCo, one JSON line
per scene on stdout. The MJCF is generated here; MuJoCo's own defaults (Euler integrator, Newton
solver, pyramidal friction cones, condim 3, soft contacts with solref 0.02 1) except the
timestep, and the CG solver for large_pyramid: Newton factorises a Hessian over all 30 300
degrees of freedom and took over 10 minutes for 40 steps there (62 ms a step already at 820
boxes, against 11 ms with CG). `--solver` overrides both. One model steps on one thread.

    .build-peers-venv/bin/python Benchmarks/peers/mujoco_scenes.py [--scene NAME]...

MuJoCo takes the larger of the two geoms' friction coefficients, so every geom gets mu. It has
no restitution coefficient: the bounce scene sets the contact's damping ratio so that a linear
spring-damper rebounds with e = 0.5 (zeta = -ln e / sqrt(pi^2 + ln^2 e) = 0.2155).
"""

import math

import mujoco
import numpy as np

import peer_common as pc

ENGINE = "mujoco"
VERSION = mujoco.__version__


def mjcf(
    bodies, dt, gravity=(0.0, 0.0, -pc.G), ground_mu=0.6, extra_ground="", memory=None,
    ground=True,
):
    """A model: a ground plane (z = 0) unless `ground` is False, and free bodies given as MJCF
    geom attributes.

    bodies: list of (pos, quat_wxyz, geom attribute string)."""
    gx, gy, gz = gravity
    size = f'<size memory="{memory}"/>' if memory else ""
    lines = [
        '<mujoco model="diorama-peer">',
        f'<option timestep="{dt!r}" gravity="{gx!r} {gy!r} {gz!r}"/>',
        size,
        "<worldbody>",
    ]
    if ground:
        lines.append(
            f'<geom name="ground" type="plane" size="0 0 1" '
            f'friction="{ground_mu!r} 0.005 0.0001" {extra_ground}/>'
        )
    for k, (pos, q, geom) in enumerate(bodies):
        lines.append(
            f'<body name="b{k}" pos="{pos[0]!r} {pos[1]!r} {pos[2]!r}" '
            f'quat="{q[0]!r} {q[1]!r} {q[2]!r} {q[3]!r}"><freejoint/><geom {geom}/></body>'
        )
    lines += ["</worldbody>", "</mujoco>"]
    return "\n".join(lines)


def box_geom(half, density, mu):
    return (
        f'type="box" size="{half!r} {half!r} {half!r}" density="{density!r}" '
        f'friction="{mu!r} 0.005 0.0001"'
    )


def state(m, d, n):
    """Positions, [w,x,y,z] quaternions and world linear velocities of the first n free bodies."""
    q = d.qpos.reshape(-1, 7)[:n]
    v = d.qvel.reshape(-1, 6)[:n]
    return q[:, :3].tolist(), q[:, 3:].tolist(), v[:, :3].tolist()


def run_steps(m, d, steps, per_step=1):
    step = mujoco.mj_step
    with pc.Timer() as t:
        for _ in range(steps):
            step(m, d, nstep=per_step)
    return t.seconds


SOLVERS = {"PGS": 0, "CG": 1, "Newton": 2}


def set_solver(m, name):
    if name is not None:
        m.opt.solver = SOLVERS[name]


def options_text(m):
    solver = {0: "PGS", 1: "CG", 2: "Newton"}.get(int(m.opt.solver), str(m.opt.solver))
    return f"{solver} solver, {m.opt.iterations} iterations max"


# MARK: - Benchmarks


def rigid_pile(args):
    h, mu = pc.PILE_HALF, pc.PILE_FRICTION
    geom = box_geom(h, pc.PILE_DENSITY, mu)
    bodies = [(pos, q, geom) for pos, q in pc.load_pile_poses(args.poses)]
    m = mujoco.MjModel.from_xml_string(mjcf(bodies, pc.PILE_DT, ground_mu=mu, memory="1G"))
    set_solver(m, args.solver)
    d = mujoco.MjData(m)
    seconds = run_steps(m, d, args.pile_steps)
    out = pc.box_outcomes(*state(m, d, len(bodies)), h)
    pc.emit(
        ENGINE, VERSION, "rigid_pile", args.pile_steps, seconds,
        f"dt 1/240 s, {options_text(m)}, default soft contacts",
        bodies=len(bodies), contacts_end=int(d.ncon), warnings=warnings(d), **out,
    )


def large_pyramid(args):
    h, mu = pc.PYRAMID_HALF, pc.PYRAMID_FRICTION
    geom = box_geom(h, pc.PYRAMID_DENSITY, mu)
    start = pc.pyramid_positions()
    bodies = [(pos, (1.0, 0.0, 0.0, 0.0), geom) for pos in start]
    dt = pc.PYRAMID_DT / pc.PYRAMID_SUBSTEPS
    m = mujoco.MjModel.from_xml_string(mjcf(bodies, dt, ground_mu=mu, memory="4G"))
    set_solver(m, args.solver or "CG")
    d = mujoco.MjData(m)
    seconds = run_steps(m, d, args.pyramid_steps, per_step=pc.PYRAMID_SUBSTEPS)
    pos, quat, vel = state(m, d, len(bodies))
    top0, top = start[-1], pos[-1]
    out = pc.box_outcomes(pos, quat, vel, h)
    pc.emit(
        ENGINE, VERSION, "large_pyramid", args.pyramid_steps, seconds,
        f"step 1/60 s = 4 mj_step of 1/240 s, {options_text(m)}",
        bodies=len(bodies), top_drift=math.dist(top, top0), top_dx=top[0] - top0[0],
        top_dz=top[2] - top0[2], contacts_end=int(d.ncon), warnings=warnings(d), **out,
    )


def warnings(d):
    """Total count of MuJoCo's warnings (contact/constraint overflow, bad qacc, ...)."""
    return int(sum(w.number for w in d.warning))


# MARK: - Validation


def sphere_geom(mu=0.5, extra=""):
    r = pc.SPHERE_RADIUS
    return (
        f'type="sphere" size="{r!r}" density="{pc.SPHERE_DENSITY!r}" '
        f'friction="{mu!r} 0.005 0.0001" {extra}'
    )


def freefall(args):
    dt = pc.VALIDATION_DT
    z0 = pc.FREEFALL_HEIGHT + pc.SPHERE_RADIUS
    xml = mjcf([((0, 0, z0), (1, 0, 0, 0), sphere_geom())], dt, ground=False)
    m = mujoco.MjModel.from_xml_string(xml)
    d = mujoco.MjData(m)
    target = z0 - pc.FREEFALL_HEIGHT
    z_prev, k, crossed = z0, 0, None
    with pc.Timer() as t:
        while crossed is None and k < 10_000:
            mujoco.mj_step(m, d)
            k += 1
            z = d.qpos[2]
            if z <= target:
                crossed = (k - 1 + (z_prev - target) / (z_prev - z)) * dt
            z_prev = z
    want = pc.freefall_expected()
    pc.emit(
        ENGINE, VERSION, "freefall", k, t.seconds, "dt 1/240 s, no ground",
        measured=crossed, expected=want, rel_error=(crossed - want) / want,
    )


def bounce(args):
    dt = pc.VALIDATION_DT
    e = pc.BOUNCE_RESTITUTION
    zeta = -math.log(e) / math.sqrt(math.pi**2 + math.log(e) ** 2)
    solref = f'solref="0.02 {zeta!r}"'
    r = pc.SPHERE_RADIUS
    xml = mjcf(
        [((0, 0, pc.BOUNCE_HEIGHT + r), (1, 0, 0, 0), sphere_geom(extra=solref))],
        dt, ground_mu=0.5, extra_ground=solref,
    )
    m = mujoco.MjModel.from_xml_string(xml)
    d = mujoco.MjData(m)
    steps = int(1.5 / dt)
    bounced, apex = False, -math.inf
    with pc.Timer() as t:
        for _ in range(steps):
            mujoco.mj_step(m, d)
            if not bounced and d.qvel[2] > 0:
                bounced = True
            if bounced:
                apex = max(apex, d.qpos[2])
    ratio = (apex - r) / pc.BOUNCE_HEIGHT
    want = e**2
    pc.emit(
        ENGINE, VERSION, "bounce", steps, t.seconds,
        f"dt 1/240 s, solref 0.02 {zeta:.4f} (damping ratio for e = 0.5)",
        measured=ratio, expected=want, rel_error=(ratio - want) / want,
    )


def unit_box_model(mu, gravity=(0.0, 0.0, -pc.G)):
    xml = mjcf(
        [((0, 0, 0.5), (1, 0, 0, 0), box_geom(0.5, 1000.0, mu))],
        pc.VALIDATION_DT, gravity=gravity, ground_mu=mu,
    )
    m = mujoco.MjModel.from_xml_string(xml)
    return m, mujoco.MjData(m)


def slide(args):
    m, d = unit_box_model(pc.SLIDE_MU)
    d.qvel[0] = pc.SLIDE_SPEED
    steps = int(3.0 / pc.VALIDATION_DT)
    seconds = run_steps(m, d, steps)
    x = float(d.qpos[0])
    want = pc.slide_expected()
    pc.emit(
        ENGINE, VERSION, "slide", steps, seconds, "dt 1/240 s, friction 0.3 (max of the pair)",
        measured=x, expected=want, rel_error=(x - want) / want,
    )


def ramp(args, scene):
    tan_theta = pc.RAMP_TAN[scene]
    m, d = unit_box_model(pc.RAMP_MU, gravity=pc.ramp_gravity(tan_theta))
    steps = int(round(pc.RAMP_SECONDS / pc.VALIDATION_DT))
    seconds = run_steps(m, d, steps)
    pc.emit(
        ENGINE, VERSION, scene, steps, seconds,
        f"dt 1/240 s, gravity tilted to tan theta = {tan_theta:.3f}, mu 0.5",
        measured=float(d.qpos[0]), expected=pc.ramp_expected(tan_theta), tan_theta=tan_theta,
    )


def main():
    args = pc.parse_args(
        __doc__.splitlines()[0],
        extra=lambda ap: ap.add_argument(
            "--solver", choices=sorted(SOLVERS), help="MuJoCo solver for the benchmark scenes"
        ),
    )
    table = {
        "rigid_pile": rigid_pile,
        "large_pyramid": large_pyramid,
        "freefall": freefall,
        "bounce": bounce,
        "slide": slide,
        "ramp_stick": lambda a: ramp(a, "ramp_stick"),
        "ramp_slide": lambda a: ramp(a, "ramp_slide"),
    }
    for name in args.scene:
        table[name](args)


if __name__ == "__main__":
    main()
