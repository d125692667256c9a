#!/usr/bin/env bash
# Installs the peer engines that Benchmarks/peers/run.py times Diorama against: PyBullet and
# MuJoCo, from PyPI, into a virtual environment of their own (never the system Python); and
# Mitsuba 3, the renderer peer of Benchmarks/peers/mitsuba_render.py.
# Idempotent: a second run finds both at the pinned versions, installs nothing and prints one line.
#   PEERS_VENV      where the venv lives (default: .build-peers-venv in the checkout; git ignores
#                   .build-*/ folders)
#   PYBULLET_SPEC   pip requirement for PyBullet (default pybullet==3.2.7: manylinux wheel for
#                   CPython 3.7-3.12 on x86_64; elsewhere pip builds it from source, ~10 min)
#   MUJOCO_SPEC     pip requirement for MuJoCo (default mujoco==3.3.7: wheels for CPython >= 3.9)
#   MITSUBA_SPEC    pip requirement for Mitsuba 3 (default mitsuba==3.9.1: manylinux wheels with
#                   the scalar_rgb and llvm_ad_rgb variants; the LLVM one needs a system libLLVM
#                   >= 16 at run time, e.g. Debian's libllvm19)
# Prints the path of the venv's python on its last line, for scripts: `$(scripts/setup-peers.sh |
# tail -1)`. Exits non-zero, naming the package, when one cannot be installed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${PEERS_VENV:-$root/.build-peers-venv}"
pybullet_spec="${PYBULLET_SPEC:-pybullet==3.2.7}"
mujoco_spec="${MUJOCO_SPEC:-mujoco==3.3.7}"
mitsuba_spec="${MITSUBA_SPEC:-mitsuba==3.9.1}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  echo "setup-peers: creating venv $venv" >&2
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip >&2
fi
py="$venv/bin/python"

# Succeeds when the requirement is already satisfied in the venv (no network needed).
satisfied() {
  "$py" - "$1" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version, PackageNotFoundError
spec = sys.argv[1]
name, _, want = spec.partition("==")
try:
    have = version(name)
except PackageNotFoundError:
    sys.exit(1)
sys.exit(0 if (not want or have == want) else 1)
PY
}

install() {
  local spec="$1" name="${1%%[=<>]*}" start end
  if satisfied "$spec"; then
    return 0
  fi
  start=$(date +%s)
  if "$py" -m pip install -q --only-binary=:all: "$spec" >&2; then
    end=$(date +%s)
    echo "setup-peers: installed $spec from a wheel in $((end - start)) s" >&2
    return 0
  fi
  echo "setup-peers: no wheel for $spec on this platform/Python;" \
    "building it from source (PyBullet: ~10 min on 2 cores)" >&2
  if "$py" -m pip install -q "$spec" >&2; then
    end=$(date +%s)
    echo "setup-peers: built and installed $spec from source in $((end - start)) s" >&2
    return 0
  fi
  echo "setup-peers: FAILED to install $spec ($name): no wheel and the source build failed;" \
    "set ${name^^}_SPEC to another version, or run the other peer alone" >&2
  return 1
}

status=0
install "$pybullet_spec" || status=1
install "$mujoco_spec" || status=1
install "$mitsuba_spec" || status=1
if ! ls /usr/lib/x86_64-linux-gnu/libLLVM-1[6-9].so /usr/lib/x86_64-linux-gnu/libLLVM-2*.so \
  >/dev/null 2>&1; then
  echo "setup-peers: no libLLVM >= 16 found: Mitsuba's llvm_ad_rgb variant will not run" \
    "(Debian: apt-get install libllvm19); scalar_rgb works without it" >&2
fi
versions="$("$py" - <<'PY' 2>/dev/null || true
from importlib.metadata import version, PackageNotFoundError
out = []
for n in ("pybullet", "mujoco", "mitsuba", "numpy"):
    try:
        out.append(f"{n} {version(n)}")
    except PackageNotFoundError:
        out.append(f"{n} missing")
print(", ".join(out))
PY
)"
echo "setup-peers: $versions (venv $venv)" >&2
echo "$py"
exit $status
