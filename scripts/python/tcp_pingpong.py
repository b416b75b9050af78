#!/usr/bin/env python3
"""Reference: the same increment ping-pong over TCP loopback, both ends in Python (blocking sockets,
TCP_NODELAY, newline-delimited decimal). ipcbench's overhead benchmark runs it beside Node's figures.

usage: tcp_pingpong.py ROUND_TRIPS WARMUP      -> prints {"roundTripsPerSec": ...} as JSON
       tcp_pingpong.py --child PORT            (internal: the responder)
"""
import json
import socket
import subprocess
import sys
import time


def responder(port):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    reader = sock.makefile("rb")
    for line in reader:
        x = int(line)
        if x == 0:
            break
        sock.sendall(b"%d\n" % (x + 1))
    sock.close()


def driver(round_trips, warmup):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    child = subprocess.Popen([sys.executable, __file__, "--child", str(port)])
    try:
        conn, _ = server.accept()
        server.close()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        reader = conn.makefile("rb")
        x = 1
        start = 0.0
        for i in range(warmup + round_trips + 1):
            if i == warmup + 1:  # i == 0 is the handshake 1 -> 2
                start = time.perf_counter()
            conn.sendall(b"%d\n" % x)
            reply = int(reader.readline())
            if reply != x + 1:
                raise SystemExit("python ping-pong: expected %d, got %d" % (x + 1, reply))
            x = reply + 1
        elapsed = time.perf_counter() - start
        conn.sendall(b"0\n")
        conn.close()
        if child.wait(timeout=10) != 0:
            raise SystemExit("python ping-pong: responder exited with %s" % child.returncode)
        print(json.dumps({"roundTripsPerSec": round_trips / elapsed}))
    finally:
        if child.poll() is None:
            child.kill()


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        responder(int(sys.argv[2]))
    else:
        driver(int(sys.argv[1]), int(sys.argv[2]))
