#!/usr/bin/env python3
"""Time from saving a briefing to the page showing the edit, under `dossier serve`."""
import http.client, os, subprocess, sys, time, glob, re, statistics

dossier, root, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
server = subprocess.Popen([dossier, "serve", "--root", root, "--port", str(port)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
try:
    # Wait for the first build.
    deadline = time.time() + 600
    while time.time() < deadline:
        line = server.stdout.readline()
        if "Built" in line or "Up to date" in line:
            break
    files = sorted(glob.glob(os.path.join(root, "content/briefings/**/*.md"), recursive=True))
    path = files[len(files) // 3]
    slug = os.path.splitext(os.path.basename(path))[0]
    text = open(path, encoding="utf-8").read()
    m = re.search(r'^slug = "([^"]+)"', text, re.M)
    if m:
        slug = m.group(1)
    times = []
    for r in range(runs):
        marker = f"Latency marker {time.time_ns()}."
        events = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        events.request("GET", "/__dossier/events")
        stream = events.getresponse()
        time.sleep(0.3)
        start = time.perf_counter()
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"\n{marker}\n")
        # Wait for a reload event, then fetch the page.
        while True:
            line = stream.fp.readline().decode()
            if not line:
                raise SystemExit("the event stream closed")
            if line.startswith("data:") and "reload" in line or line.startswith("event: reload"):
                break
        page = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        page.request("GET", f"/briefings/{slug}/")
        body = page.getresponse().read().decode()
        elapsed = time.perf_counter() - start
        if marker not in body:
            raise SystemExit(f"the page does not show the edit after {elapsed:.2f} s")
        times.append(elapsed)
        events.close()
        time.sleep(1.0)
    print(f"{statistics.median(times):.2f}")
finally:
    server.terminate()
    server.wait()
