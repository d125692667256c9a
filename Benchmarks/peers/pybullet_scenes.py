#!/usr/bin/env python3
"""The rigid-body scenes of docs/benchmarks.md ("Rigid-body scenes") on PyBullet, one JSON line
per scene on stdout. DIRECT mode (no GUI, one thread), maximal-coordinate rigid bodies
(btRigidBody), PyBullet's default solver (sequential impulse, 50 iterations, split impulse),
damping switched off, sleeping off (PyBullet's default).

    .build-peers-venv/bin/python Benchmarks/peers/pybullet_scenes.py [--scene NAME]...

PyBullet multiplies the two bodies' friction (and restitution) coefficients, so every body and
the ground get sqrt(mu) (sqrt(e)): a pair then has exactly mu (e), as the scene says.
"""

import math

import pybullet as p

import peer_common as pc

ENGINE = "pybullet"
try:
    from importlib.metadata import version as _v

    VERSION = _v("pybullet")
except Exception:  # pragma: no cover - metadata missing in odd installs
    VERSION = str(p.getAPIVersion())


def new_world(dt, substeps=0, gravity=(0.0, 0.0, -pc.G)):
    """A DIRECT-mode world whose stepSimulation() advances dt seconds, in `substeps` internal
    steps of dt / substeps (numSubSteps; 0 means one internal step)."""
    cid = p.connect(p.DIRECT)
    p.resetSimulation(physicsClientId=cid)
    p.setGravity(*gravity, physicsClientId=cid)
    p.setPhysicsEngineParameter(fixedTimeStep=dt, numSubSteps=substeps, physicsClientId=cid)
    return cid


def add_ground(cid, mu, e=0.0):
    shape = p.createCollisionShape(p.GEOM_PLANE, physicsClientId=cid)
    g = p.createMultiBody(0, shape, physicsClientId=cid)
    p.changeDynamics(
        g, -1, lateralFriction=math.sqrt(mu), restitution=math.sqrt(e), physicsClientId=cid
    )
    return g


def add_body(cid, shape, mass, pos, quat_wxyz, mu, e=0.0, velocity=None):
    w, x, y, z = quat_wxyz
    b = p.createMultiBody(
        mass,
        shape,
        basePosition=pos,
        baseOrientation=[x, y, z, w],
        useMaximalCoordinates=True,
        physicsClientId=cid,
    )
    p.changeDynamics(
        b,
        -1,
        lateralFriction=math.sqrt(mu),
        restitution=math.sqrt(e),
        linearDamping=0.0,
        angularDamping=0.0,
        physicsClientId=cid,
    )
    if velocity is not None:
        p.resetBaseVelocity(b, linearVelocity=velocity, physicsClientId=cid)
    return b


def state(cid, bodies):
    pos, quat, vel = [], [], []
    for b in bodies:
        xyz, (x, y, z, w) = p.getBasePositionAndOrientation(b, physicsClientId=cid)
        v, _ = p.getBaseVelocity(b, physicsClientId=cid)
        pos.append(xyz)
        quat.append((w, x, y, z))
        vel.append(v)
    return pos, quat, vel


def run_steps(cid, steps):
    step = p.stepSimulation
    with pc.Timer() as t:
        for _ in range(steps):
            step(physicsClientId=cid)
    return t.seconds


# MARK: - Benchmarks


def rigid_pile(args):
    cid = new_world(pc.PILE_DT)
    add_ground(cid, pc.PILE_FRICTION)
    h = pc.PILE_HALF
    shape = p.createCollisionShape(p.GEOM_BOX, halfExtents=[h, h, h], physicsClientId=cid)
    mass = pc.PILE_DENSITY * (2 * h) ** 3
    bodies = [
        add_body(cid, shape, mass, pos, q, pc.PILE_FRICTION)
        for pos, q in pc.load_pile_poses(args.poses)
    ]
    seconds = run_steps(cid, args.pile_steps)
    out = pc.box_outcomes(*state(cid, bodies), h)
    p.disconnect(cid)
    pc.emit(
        ENGINE,
        VERSION,
        "rigid_pile",
        args.pile_steps,
        seconds,
        "dt 1/240 s, 1 substep, 50 SI iterations (default), maximal coordinates",
        bodies=len(bodies),
        **out,
    )


def large_pyramid(args):
    cid = new_world(pc.PYRAMID_DT, substeps=pc.PYRAMID_SUBSTEPS)
    add_ground(cid, pc.PYRAMID_FRICTION)
    h = pc.PYRAMID_HALF
    shape = p.createCollisionShape(p.GEOM_BOX, halfExtents=[h, h, h], physicsClientId=cid)
    mass = pc.PYRAMID_DENSITY * (2 * h) ** 3
    start = pc.pyramid_positions()
    bodies = [add_body(cid, shape, mass, pos, (1, 0, 0, 0), pc.PYRAMID_FRICTION) for pos in start]
    seconds = run_steps(cid, args.pyramid_steps)
    pos, quat, vel = state(cid, bodies)
    top0, top = start[-1], pos[-1]
    out = pc.box_outcomes(pos, quat, vel, h)
    p.disconnect(cid)
    pc.emit(
        ENGINE,
        VERSION,
        "large_pyramid",
        args.pyramid_steps,
        seconds,
        "step 1/60 s = 4 internal steps of 1/240 s (numSubSteps 4), 50 SI iterations",
        bodies=len(bodies),
        top_drift=math.dist(top, top0),
        top_dx=top[0] - top0[0],
        top_dz=top[2] - top0[2],
        **out,
    )


# MARK: - Validation


def sphere(cid, pos, e=0.0, mu=0.5):
    r = pc.SPHERE_RADIUS
    shape = p.createCollisionShape(p.GEOM_SPHERE, radius=r, physicsClientId=cid)
    mass = pc.SPHERE_DENSITY * 4 / 3 * math.pi * r**3
    return add_body(cid, shape, mass, pos, (1, 0, 0, 0), mu, e)


def unit_box(cid, mu, velocity=None):
    shape = p.createCollisionShape(p.GEOM_BOX, halfExtents=[0.5] * 3, physicsClientId=cid)
    return add_body(cid, shape, 1000.0, (0, 0, 0.5), (1, 0, 0, 0), mu, velocity=velocity)


def freefall(args):
    dt = pc.VALIDATION_DT
    cid = new_world(dt)
    z0 = pc.FREEFALL_HEIGHT + pc.SPHERE_RADIUS
    b = sphere(cid, (0, 0, z0))
    target = z0 - pc.FREEFALL_HEIGHT
    z_prev, k, crossed = z0, 0, None
    with pc.Timer() as t:
        while crossed is None and k < 10_000:
            p.stepSimulation(physicsClientId=cid)
            k += 1
            z = p.getBasePositionAndOrientation(b, physicsClientId=cid)[0][2]
            if z <= target:
                crossed = (k - 1 + (z_prev - target) / (z_prev - z)) * dt
            z_prev = z
    p.disconnect(cid)
    want = pc.freefall_expected()
    pc.emit(
        ENGINE, VERSION, "freefall", k, t.seconds, "dt 1/240 s, no ground",
        measured=crossed, expected=want, rel_error=(crossed - want) / want,
    )


def bounce(args):
    dt = pc.VALIDATION_DT
    cid = new_world(dt)
    add_ground(cid, 0.5, pc.BOUNCE_RESTITUTION)
    r = pc.SPHERE_RADIUS
    b = sphere(cid, (0, 0, pc.BOUNCE_HEIGHT + r), e=pc.BOUNCE_RESTITUTION)
    steps = int(1.5 / dt)
    bounced, apex = False, -math.inf
    with pc.Timer() as t:
        for _ in range(steps):
            p.stepSimulation(physicsClientId=cid)
            z = p.getBasePositionAndOrientation(b, physicsClientId=cid)[0][2]
            vz = p.getBaseVelocity(b, physicsClientId=cid)[0][2]
            if not bounced and vz > 0:
                bounced = True
            if bounced:
                apex = max(apex, z)
    p.disconnect(cid)
    ratio = (apex - r) / pc.BOUNCE_HEIGHT
    want = pc.BOUNCE_RESTITUTION**2
    pc.emit(
        ENGINE, VERSION, "bounce", steps, t.seconds,
        "dt 1/240 s, restitution sqrt(0.5) per body (product 0.5)",
        measured=ratio, expected=want, rel_error=(ratio - want) / want,
    )


def slide(args):
    dt = pc.VALIDATION_DT
    cid = new_world(dt)
    add_ground(cid, pc.SLIDE_MU)
    b = unit_box(cid, pc.SLIDE_MU, velocity=(pc.SLIDE_SPEED, 0, 0))
    steps = int(3.0 / dt)
    seconds = run_steps(cid, steps)
    x = p.getBasePositionAndOrientation(b, physicsClientId=cid)[0][0]
    p.disconnect(cid)
    want = pc.slide_expected()
    pc.emit(
        ENGINE, VERSION, "slide", steps, seconds, "dt 1/240 s, friction sqrt(0.3) per body",
        measured=x, expected=want, rel_error=(x - want) / want,
    )


def ramp(args, scene):
    dt = pc.VALIDATION_DT
    tan_theta = pc.RAMP_TAN[scene]
    cid = new_world(dt, gravity=pc.ramp_gravity(tan_theta))
    add_ground(cid, pc.RAMP_MU)
    b = unit_box(cid, pc.RAMP_MU)
    steps = int(round(pc.RAMP_SECONDS / dt))
    seconds = run_steps(cid, steps)
    x = p.getBasePositionAndOrientation(b, physicsClientId=cid)[0][0]
    p.disconnect(cid)
    pc.emit(
        ENGINE, VERSION, scene, steps, seconds,
        f"dt 1/240 s, gravity tilted to tan theta = {tan_theta:.3f}, mu 0.5",
        measured=x, expected=pc.ramp_expected(tan_theta), tan_theta=tan_theta,
    )


def main():
    args = pc.parse_args(__doc__.splitlines()[0])
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
