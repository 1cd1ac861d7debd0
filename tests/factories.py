"""Map builders for the tests; they live in journeys.sample_maps, shared with bench/."""

from journeys.sample_maps import build_large_map, build_map

__all__ = ["build_large_map", "build_map"]
