#!/usr/bin/env python3
"""One client beside a load (scripts/bench-load.sh, BENCH_PROBE=1): times
300 plan reads and 100 status statements of its own, one request at a time,
and prints their percentiles apart — wrk gives one distribution for both.

    python3 scripts/bench-probe.py BASE_URL PROJECT_PATH COOKIE
"""
import http.client
import json
import sys
import time
import urllib.parse


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main():
    base, project, cookie = sys.argv[1], sys.argv[2], sys.argv[3]
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port)
    reads, writes = [], []
    time.sleep(2)  # let the load reach its pace first
    for i in range(300):
        started = time.perf_counter()
        connection.request("GET", project + "/plan",
                           headers={"Cookie": cookie, "Accept-Encoding": "br, gzip"})
        answer = connection.getresponse()
        answer.read()
        reads.append((time.perf_counter() - started) * 1000)
        if answer.status != 200:
            sys.exit(f"a plan read answered {answer.status}")
        if i % 3 == 0:
            body = json.dumps({"date": "2010-06-01", "status": "on_track",
                               "text": f"Probe {i}"})
            started = time.perf_counter()
            connection.request("POST", project + "/status-statements", body=body,
                               headers={"Cookie": cookie,
                                        "Content-Type": "application/json"})
            answer = connection.getresponse()
            answer.read()
            writes.append((time.perf_counter() - started) * 1000)
            if answer.status != 201:
                sys.exit(f"a status statement answered {answer.status}")
    print("   probe: reads p50 %.1f p90 %.1f p99 %.1f ms; writes p50 %.1f p90 %.1f p99 %.1f ms"
          % tuple(percentile(v, p) for v in (reads, writes) for p in (0.5, 0.9, 0.99)))


if __name__ == "__main__":
    main()
