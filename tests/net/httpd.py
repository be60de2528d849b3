#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# tests/net/httpd.py: Python's http.server speaking HTTP/1.1 (kept connections), threaded, for http-fetch's tests: httpd.py DIR ADDR PORT serves the files of DIR on ADDR:PORT (PORT 0: one the system picks) and prints the port it listens on first; its access log goes to stderr.
import functools
import http.server
import sys


def main():
    folder, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=folder)
    handler.func.protocol_version = "HTTP/1.1"
    server = http.server.ThreadingHTTPServer((addr, port), handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
