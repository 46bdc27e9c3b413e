"""Geometry of the flows map: an equirectangular projection, the land outline and the flow edges.

Everything here is plain numbers and strings for the SVG template; nothing comes from user
input except party codes and counts, which the template escapes anyway.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

LAND_FILE = Path(__file__).resolve().parent / "static" / "vendor" / "world-atlas" / "land-110m.json"

WIDTH = 1000.0
HEIGHT = 500.0
WIDTH_REFERENCE = 8
"""Edges are scaled against the largest pair but never against fewer claims than this, so a map
of single-claim pairs does not draw them all at full width."""


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection of the whole world onto WIDTH × HEIGHT."""
    return (lon + 180.0) / 360.0 * WIDTH, (90.0 - lat) / 180.0 * HEIGHT


@functools.lru_cache(maxsize=1)
def land_path() -> str:
    """One SVG path (``d`` attribute) of the world's land, decoded from the vendored TopoJSON."""
    topo = json.loads(LAND_FILE.read_text(encoding="utf-8"))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append(project(y * sy + ty, x * sx + tx))
        arcs.append(pts)

    def ring(indices: Sequence[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indices:
            pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            out.extend(pts if not out else pts[1:])
        return out

    parts: list[str] = []
    for geom in topo["objects"]["land"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for poly in polys:
            for r in poly:
                pts = ring(r)
                if len(pts) < 3:
                    continue
                parts.append(_ring_path(pts))
    return "".join(parts)


def _ring_path(pts: Sequence[tuple[float, float]]) -> str:
    """SVG path of one ring; a jump across the antimeridian starts a new sub-path (no line across the map)."""
    out = [f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"]
    wrapped = False
    for (x0, _y0), (x, y) in itertools.pairwise(pts):
        if abs(x - x0) > WIDTH / 2:
            out.append(f"M{x:.1f},{y:.1f}")
            wrapped = True
        else:
            out.append(f"L{x:.1f},{y:.1f}")
    return "".join(out) + ("" if wrapped else "Z")


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    x: float
    y: float
    supplies: int
    receives: int


@dataclass(frozen=True)
class Edge:
    supplier: str
    recipient: str
    count: int
    width: float
    path: str
    """SVG path: a quadratic curve bending to the left of the direction of travel."""
    label_x: float
    label_y: float
    dominant_status: str
    arrow: float = 8.0
    """Arrowhead size in map units (grows with the edge, but less than the stroke does)."""


@dataclass(frozen=True)
class FlowMap:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    unplaced: tuple[str, ...]
    """Party codes with claims but no centroid (shown in the table, not on the map)."""
    view_box: str


def edge_width(count: int, largest: int, *, thin: float = 1.2, thick: float = 14.0) -> float:
    """Stroke width for ``count`` claims: area-like (square-root) scale up to ``thick``."""
    if largest <= 0:
        return thin
    return round(thin + (thick - thin) * math.sqrt(count / largest), 2)


def flow_map(
    pairs: Sequence[tuple[str, str, int, str]],
    centroids: Mapping[str, tuple[float, float]],
    names: Mapping[str, str],
) -> FlowMap:
    """Lay out ``(supplier, recipient, count, dominant_status)`` pairs on the world map."""
    largest = max((p[2] for p in pairs), default=0)
    supplies: dict[str, int] = {}
    receives: dict[str, int] = {}
    unplaced: set[str] = set()
    edges: list[Edge] = []
    for sup, rec, n, status in pairs:
        supplies[sup] = supplies.get(sup, 0) + n
        receives[rec] = receives.get(rec, 0) + n
        if sup not in centroids or rec not in centroids:
            unplaced.update(c for c in (sup, rec) if c not in centroids)
            continue
        x1, y1 = project(*centroids[sup])
        x2, y2 = project(*centroids[rec])
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        bend = min(0.25 * dist, 80.0)
        # control point: midpoint pushed perpendicular to the left of travel (A→B and B→A never overlap)
        cx, cy = (x1 + x2) / 2 + dy / dist * bend, (y1 + y2) / 2 - dx / dist * bend
        # stop short of the recipient's dot so the arrowhead stays visible
        ex, ey = x2 - cx, y2 - cy
        elen = math.hypot(ex, ey) or 1.0
        x2s, y2s = x2 - ex / elen * 5.0, y2 - ey / elen * 5.0
        path = f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2s:.1f},{y2s:.1f}"
        lx, ly = 0.25 * x1 + 0.5 * cx + 0.25 * x2, 0.25 * y1 + 0.5 * cy + 0.25 * y2
        width = edge_width(n, max(largest, WIDTH_REFERENCE))
        arrow = round(max(8.0, 1.2 * width + 4.0), 1)
        edges.append(Edge(sup, rec, n, width, path, round(lx, 1), round(ly, 1), status, arrow))
    codes = sorted((set(supplies) | set(receives)) - unplaced)
    nodes = []
    for code in codes:
        x, y = project(*centroids[code])
        nodes.append(
            Node(
                code,
                names.get(code, code),
                round(x, 1),
                round(y, 1),
                supplies.get(code, 0),
                receives.get(code, 0),
            )
        )
    edges.sort(key=lambda e: -e.count)  # thick first, so thin edges stay visible on top
    return FlowMap(tuple(nodes), tuple(edges), tuple(sorted(unplaced)), _view_box(nodes))


def _view_box(nodes: Sequence[Node]) -> str:
    """The whole world, or a padded box around the nodes when they sit in a smaller area."""
    if len(nodes) < 2:
        return f"0 0 {WIDTH:.0f} {HEIGHT:.0f}"
    xs = [n.x for n in nodes]
    ys = [n.y for n in nodes]
    pad = 90.0
    x0, x1 = max(min(xs) - pad, 0.0), min(max(xs) + pad, WIDTH)
    y0, y1 = max(min(ys) - pad, 0.0), min(max(ys) + pad, HEIGHT)
    w, h = x1 - x0, y1 - y0
    # keep the map's 2:1 aspect so the page layout does not jump
    if w < 2 * h:
        extra = 2 * h - w
        x0, w = max(x0 - extra / 2, 0.0), min(2 * h, WIDTH)
    else:
        extra = w / 2 - h
        y0, h = max(y0 - extra / 2, 0.0), min(w / 2, HEIGHT)
    return f"{x0:.0f} {y0:.0f} {w:.0f} {h:.0f}"
