"""``python -m armswatch.api.wait URL [SECONDS]``: wait until a server's health URL answers 200.

Used by ``make demo-serve`` after starting ``armswatch serve`` in the background.
"""

from __future__ import annotations

import sys
import time


def wait_healthy(url: str, timeout: float = 60.0) -> bool:
    """Poll ``url`` until it answers 200 or ``timeout`` seconds pass."""
    import httpx

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    return False


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m armswatch.api.wait URL [SECONDS]", file=sys.stderr)
        return 2
    timeout = float(args[1]) if len(args) > 1 else 60.0
    if wait_healthy(args[0], timeout):
        return 0
    print(f"error: {args[0]} did not answer within {timeout:.0f} s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
