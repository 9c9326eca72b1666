"""The performance benchmark: `make bench` (python -m bench.run). It measures and prints; it never fails a build."""
