# Diorama: the two commands of the Quick start.
#   make demo   installs what is missing, builds in release, renders the built-in demo to out/demo
#   make test   installs what is missing, runs every test (release build, with testability)
SWIFT ?= swift
RELEASE_FLAGS = -c release -Xswiftc -enable-testing

.PHONY: bench-peers setup build demo test scenes bench bench-build clean lint

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build $(RELEASE_FLAGS) --product diorama

demo: build
	$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/diorama demo -o out/demo
	@echo "open out/demo/report.html (clip: out/demo/clip.mp4)"

test: setup
	$(SWIFT) build $(RELEASE_FLAGS) --build-tests
	$(SWIFT) test $(RELEASE_FLAGS) --skip-build

# Render every example scene to out/<name>.
scenes: build
	@for f in scenes/*.yaml; do \
	  $$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/diorama render $$f || exit 1; \
	done

bench: setup
	cd Benchmarks && $(SWIFT) run -c release DioramaBenchmarks --markdown

# Compile the benchmarks without running them (CI: keeps them from rotting).
bench-build: setup
	cd Benchmarks && $(SWIFT) build -c release

# Rigid-body scenes on Diorama, PyBullet and MuJoCo side by side (docs/benchmarks.md,
# "Rigid-body scenes"). PEERS_ARGS=--quick for a ~5-minute run; the full run takes ~25 min.
bench-peers: setup
	@bash scripts/setup-peers.sh >/dev/null
	cd Benchmarks && $(SWIFT) build -c release --scratch-path .build-bench
	python3 Benchmarks/peers/run.py $(PEERS_ARGS)

clean:
	rm -rf .build out

# Style check with the toolchain's swift-format and the checked-in .swift-format.
lint:
	@echo "swift format lint (strict)"
	swift format lint --strict --recursive Sources Tests Examples
