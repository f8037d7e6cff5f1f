#!/usr/bin/env python3
"""Turn the raw boot code into a 512-byte boot sector ending in 0x55AA.

Fails loudly (non-zero exit, the size and the limit) when the code does not
fit in 510 bytes, so an oversized boot loader can never reach a disk image.
"""
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: sign.py BOOTBLOCK_RAW BOOTBLOCK_OUT", file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as f:
        code = f.read()
    if len(code) > 510:
        print(f"boot/sign.py: boot block is {len(code)} bytes, limit is 510", file=sys.stderr)
        return 1
    sector = code + b"\0" * (510 - len(code)) + b"\x55\xaa"
    with open(sys.argv[2], "wb") as f:
        f.write(sector)
    print(f"boot block is {len(code)} bytes (max 510)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
