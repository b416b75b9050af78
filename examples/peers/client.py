#!/usr/bin/env python3
"""Example responder for `ipcbench peer --role responder` (the classic lab's client).

It answers every number x with x+1 until it gets 0, then closes and exits 0.

  tcp:   connects to --host/--port (default: $IPCBENCH_HOST/$IPCBENCH_PORT); on the line wire it
         first sends the per-run token from $IPCBENCH_TOKEN (or --token) as its own line.
  stdio: reads from stdin, writes to stdout.
  line wire: one decimal number per line.  raw wire: a bare decimal number per read, no delimiter.

Try it:  ipcbench peer --cmd "python3 examples/peers/client.py --port {port}"
         ipcbench peer --cmd "python3 examples/peers/client.py --wire raw --port {port}" --wire raw
         ipcbench peer --cmd "python3 examples/peers/client.py --transport stdio" --transport stdio

--break-after N answers x+2 from the N+1-th message after the handshake on: a deliberately broken
peer, used by ipcbench's own tests to show what a failed grading check looks like.
"""
import argparse
import os
import socket
import sys


def options():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--transport", choices=["tcp", "stdio"], default="tcp")
    p.add_argument("--wire", choices=["line", "raw"], default=os.environ.get("IPCBENCH_WIRE", "line"))
    p.add_argument("--host", default=os.environ.get("IPCBENCH_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("IPCBENCH_PORT", "0")))
    p.add_argument("--token", default=os.environ.get("IPCBENCH_TOKEN", ""))
    p.add_argument("--break-after", type=int, default=0, help=argparse.SUPPRESS)
    return p.parse_args()


def answer(x, count, break_after):
    """The reply to x; the deliberately broken variant adds 2 after `break_after` messages."""
    if break_after and count > break_after:
        return x + 2
    return x + 1


def serve_lines(reader, write, break_after):
    count = -1  # the handshake is message 0
    for line in reader:
        x = int(line)
        if x == 0:
            return
        count += 1
        write(b"%d\n" % answer(x, count, break_after))


def serve_raw(read, write, break_after):
    count = -1
    while True:
        data = read()
        if not data:
            return  # the driver closed without 0
        x = int(data)
        if x == 0:
            return
        count += 1
        write(b"%d" % answer(x, count, break_after))


def main():
    o = options()
    if o.transport == "stdio":
        out = sys.stdout.buffer

        def write(data):
            out.write(data)
            out.flush()

        if o.wire == "line":
            serve_lines(sys.stdin.buffer, write, o.break_after)
        else:
            serve_raw(lambda: os.read(0, 64), write, o.break_after)
        return 0

    with socket.create_connection((o.host, o.port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if o.wire == "line":
            if o.token:
                sock.sendall(o.token.encode() + b"\n")
            serve_lines(sock.makefile("rb"), sock.sendall, o.break_after)
        else:
            serve_raw(lambda: sock.recv(64), sock.sendall, o.break_after)
    return 0


if __name__ == "__main__":
    sys.exit(main())
