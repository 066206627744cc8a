// Round-trip timings against a running server, sequential, from this machine:
//   node bench/timings.mjs http://127.0.0.1:3100
// Prints the median and 95th percentile of each measurement, in milliseconds.
const base = process.argv[2] ?? "http://127.0.0.1:3100";
const runs = Number(process.env.BENCH_RUNS ?? 50);

function summary(name, times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(`${name.padEnd(72)} median ${at(0.5).toFixed(1)} ms  p95 ${at(0.95).toFixed(1)} ms  (n=${times.length})`);
}

async function timeGet(path) {
  const times = [];
  await (await fetch(base + path)).arrayBuffer(); // warm
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const response = await fetch(base + path);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    times.push(performance.now() - start);
  }
  summary(`GET ${path}`, times);
}

for (const path of [
  "/api/v1/projects/mid/plan",
  "/api/v1/projects/mid/plan?as_of=2020-06-30",
  "/api/v1/projects/big/sub-projects/sub-0/plan",
  "/api/v1/projects/big/sub-projects/sub-0/plan?as_of=2020-06-30",
  "/p/mid/gantt.svg",
  "/p/mid/gantt.png",
  // The Gantt page as the server renders it (the first lines on screen).
  "/p/small/gantt",
  "/p/mid/gantt",
  "/p/big/gantt",
  "/p/huge/gantt",
]) {
  await timeGet(path);
}

// Saving one planned cell, as the grid does: each save carries the version
// the previous one answered with.
const plan = await (await fetch(`${base}/api/v1/projects/big/plan`)).json();
const row = plan.rows[0];
let version = row.mark_versions[0];
const times = [];
for (let i = 0; i < runs * 6; i++) {
  const start = performance.now();
  const response = await fetch(`${base}/api/v1/projects/big/activities/${row.key}/planned`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ half_year: plan.columns[0], marks: i % 7, version }),
  });
  const saved = await response.json();
  if (!response.ok) throw new Error(JSON.stringify(saved));
  version = saved.version;
  times.push(performance.now() - start);
}
summary("PUT one planned cell (10,000-activity project, 100,000+ history rows)", times);
