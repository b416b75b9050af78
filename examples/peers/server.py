#!/usr/bin/env python3
"""Example driver for `ipcbench peer --role driver` (the classic lab's server).

It sends 1 and expects 2, then sends the previous reply + 1 and checks that every reply is one
more, --rounds times (default $IPCBENCH_ROUNDS or 1000), then sends 0 and exits 0. It exits 1 with
a message on stderr as soon as a reply is wrong.

  tcp:   listens on --host/--port (default: $IPCBENCH_HOST/$IPCBENCH_PORT) and serves one connection.
  stdio: writes to stdout, reads the replies from stdin.
  line wire: one decimal number per line.  raw wire: a bare decimal number per read, no delimiter.

Try it:  ipcbench peer --role driver --cmd "python3 examples/peers/server.py --port {port}"
         ipcbench peer --role driver --wire raw --cmd "python3 examples/peers/server.py --wire raw --port {port}"
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
    p.add_argument("--rounds", type=int, default=int(os.environ.get("IPCBENCH_ROUNDS", "1000")))
    return p.parse_args()


def drive(send, receive, rounds):
    send(1)
    reply = receive()
    if reply != 2:
        sys.exit("handshake: sent 1, expected 2, got %r" % reply)
    for i in range(rounds):
        x = reply + 1
        send(x)
        reply = receive()
        if reply != x + 1:
            sys.exit("round trip %d: sent %d, expected %d, got %r" % (i + 1, x, x + 1, reply))
    send(0)


def line_io(read_line, write):
    def receive():
        line = read_line()
        return int(line) if line else None
    return (lambda x: write(b"%d\n" % x)), receive


def raw_io(read, write):
    def receive():
        data = read()
        return int(data) if data else None
    return (lambda x: write(b"%d" % x)), receive


def main():
    o = options()
    if o.transport == "stdio":
        out = sys.stdout.buffer

        def write(data):
            out.write(data)
            out.flush()

        if o.wire == "line":
            send, receive = line_io(sys.stdin.buffer.readline, write)
        else:
            send, receive = raw_io(lambda: os.read(0, 64), write)
        drive(send, receive, o.rounds)
        return 0

    with socket.create_server((o.host, o.port)) as server:
        conn, _ = server.accept()
        with conn:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if o.wire == "line":
                send, receive = line_io(conn.makefile("rb").readline, conn.sendall)
            else:
                send, receive = raw_io(lambda: conn.recv(64), conn.sendall)
            drive(send, receive, o.rounds)
            # Wait for ipcbench to close its side, so the 0 is read before the connection goes.
            conn.shutdown(socket.SHUT_WR)
            while conn.recv(64):
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
