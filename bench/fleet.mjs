// Figure 7: a fleet's token requests over a simulated day. Every node runs our real wasm core
// (js/wasm/core.cjs) on simulated time: no sockets, no sleeps, a day in about a second. The same
// connection timeline also gives the per-connection pattern's requests, and a model of MSAL's
// in-memory cache (what DefaultAzureCredential on a managed identity does per connection).
import { createRequire } from "node:module";
import { fleetChart } from "./chart.mjs";
import { fmt, ratio } from "./stats.mjs";

const { Core, Action } = createRequire(import.meta.url)("../js/wasm/core.cjs");

const MINUTE = 60_000;
// Any wall-clock origin will do: the core only compares the times it is given.
const EPOCH = Date.UTC(2025, 0, 1);

/** The seeds the spread figure is reported for. */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export const FLEET = {
  nodes: 200,
  poolSize: 30,
  tokenLifetimeMs: 60 * MINUTE,
  poolLifetimeMs: 20 * MINUTE,
  hours: 24,
  // A rolling deploy: nodes start over the first 10 minutes. A pool opens its connections over
  // its first pool lifetime, so that they expire evenly: the usual 300 per minute arithmetic.
  deployMs: 10 * MINUTE,
  fillMs: 20 * MINUTE,
  // pg-pool retires a connection past maxLifetimeSeconds and opens the next one on demand.
  checkoutLagMs: 5_000,
  fetchMs: 200,
  // MSAL treats a cached token as expired 5 minutes before it is.
  msalRenewalMs: 5 * MINUTE,
  seed: 7,
};

/** mulberry32: a small seeded PRNG, so the chart is the same on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** When each of a node's connections opens, sorted: first fill, then a replacement per pool lifetime. */
function connectTimes(f, start, random, dayMs) {
  const times = [];
  for (let c = 0; c < f.poolSize; c++) {
    for (let at = start + random() * f.fillMs; at < dayMs; at += f.poolLifetimeMs + random() * f.checkoutLagMs) {
      times.push(at);
    }
  }
  return times.sort((a, b) => a - b);
}

/**
 * Our core, driven as js/source.cjs drives it: a connect in the fast path (before useUntil) takes
 * the token unasked; otherwise decide(), and a request on Fetch or UseAndRefresh. The one timer
 * fires at nextWakeup() (or where the fast path ends) and calls wake(); the token lands `fetchMs`
 * after its request. A connect that gets Fetch or Wait once the first token is in waited for the
 * endpoint. Times inside are the core's (EPOCH-based) so that a wake-up is decided at exactly its time.
 */
function oursNode(f, times, { jitter, keepFresh }, random, count, wait) {
  const core = new Core(undefined, jitter);
  if (keepFresh) core.keepFresh();
  let landing;
  let first = true;
  let readyUntil = -Infinity;
  let usedUnasked = false;
  let timer = Infinity;
  const request = (now) => {
    count(now - EPOCH);
    landing = { at: now + f.fetchMs, attempt: core.attempt() };
  };
  // What js/source.cjs's #settle does after every decision, token and wake-up.
  const settle = (now) => {
    const until = core.useUntil(now);
    readyUntil = until > now ? until : -Infinity;
    timer = Math.max(now, Math.min(core.nextWakeup(now) ?? Infinity, until > now ? until : Infinity));
  };
  // Everything that happens before `until` without a caller: the token landing, the timer firing.
  const advance = (until) => {
    for (;;) {
      const next = Math.min(landing?.at ?? Infinity, timer);
      if (next > until) return;
      if (next === landing?.at) {
        core.onToken(landing.attempt, "token", next, next + f.tokenLifetimeMs, undefined, random());
        landing = undefined;
        first = false;
      } else if (core.wake(next, usedUnasked)) {
        request(next);
      }
      if (next === timer) usedUnasked = false;
      settle(next);
    }
  };
  for (const at of times) {
    const now = EPOCH + at;
    advance(now);
    if (now < readyUntil) {
      usedUnasked = true;
      continue;
    }
    const action = core.decide(now);
    if (action === Action.Fetch || action === Action.UseAndRefresh) request(now);
    if (!first && (action === Action.Fetch || action === Action.Wait)) wait();
    settle(now);
  }
  core.free();
}

/** MSAL's cache as modeled: a hit until 5 min before expiry; every miss is its own request. */
function msalNode(f, times, count, wait) {
  let cachedFrom = Infinity;
  let cachedUntil = -Infinity;
  for (const at of times) {
    if (at >= cachedFrom && at < cachedUntil) continue;
    if (cachedUntil > -Infinity) wait();
    count(at);
    cachedFrom = at + f.fetchMs;
    cachedUntil = cachedFrom + f.tokenLifetimeMs - f.msalRenewalMs;
  }
}

/**
 * For each pattern, token requests per simulated minute (`perMinute`) and the connects that
 * waited for a token after the first one (`waits`).
 */
export function simulateFleet(f = FLEET) {
  const dayMs = f.hours * 60 * MINUTE;
  const patterns = ["ours", "oursNoJitter", "oursKeepFresh", "msal", "perConnection"];
  const perMinute = Object.fromEntries(patterns.map((key) => [key, new Array(f.hours * 60).fill(0)]));
  const waits = Object.fromEntries(patterns.map((key) => [key, 0]));
  const count = (key) => (at) => (perMinute[key][Math.floor(at / MINUTE)] += 1);
  const wait = (key) => () => (waits[key] += 1);
  const random = prng(f.seed);
  for (let node = 0; node < f.nodes; node++) {
    const times = connectTimes(f, random() * f.deployMs, random, dayMs);
    times.forEach(count("perConnection"));
    waits.perConnection += times.length - 1;
    oursNode(f, times, {}, random, count("ours"), wait("ours"));
    oursNode(f, times, { jitter: 0 }, random, count("oursNoJitter"), wait("oursNoJitter"));
    oursNode(f, times, { keepFresh: true }, random, count("oursKeepFresh"), wait("oursKeepFresh"));
    msalNode(f, times, count("msal"), wait("msal"));
  }
  return { perMinute, waits };
}

const sum = (values) => values.reduce((total, v) => total + v, 0);

/** Mean per minute / busiest minute / busiest minute in the last 6 hours. */
function shape(perMinute) {
  const mean = sum(perMinute) / perMinute.length;
  return `${fmt(mean)} / ${Math.max(...perMinute)} / ${Math.max(...perMinute.slice(-360))}`;
}

export function fleetFigures() {
  const even = simulateFleet(FLEET);
  // Pools that fill within a minute and so retire their connections together every 20 minutes.
  const burst = simulateFleet({ ...FLEET, fillMs: MINUTE });
  const { ours, oursNoJitter, msal, perConnection } = even.perMinute;
  const mean = (values) => sum(values) / values.length;
  const setting = `${FLEET.nodes} nodes × pools of ${FLEET.poolSize}, ${FLEET.tokenLifetimeMs / MINUTE} min tokens, ${FLEET.poolLifetimeMs / MINUTE} min pool lifetime, ${FLEET.hours} simulated h`;
  const rows = [
    {
      figure: 7,
      measure: `Fleet (${setting}): token requests per minute, mean / busiest / busiest in the last 6 h; credential without a cache (AzureCliCredential, tokens ≤ 300 s)`,
      ours: shape(ours),
      official: shape(perConnection),
      perConnection: shape(perConnection),
      ratio: `per-connection/ours mean ${ratio(mean(perConnection), mean(ours))}`,
      goal: "ours ≈ 4.5 mean",
    },
    {
      figure: 7,
      measure: "Fleet, the same; with MSAL's cache (DefaultAzureCredential on a managed identity, modeled)",
      ours: shape(ours),
      official: shape(msal),
      perConnection: shape(msal),
      ratio: `MSAL/ours mean ${ratio(mean(msal), mean(ours))}`,
    },
    {
      figure: 7,
      measure: "Fleet, the same, ours with jitter 0 (what the jitter and the first token's window buy)",
      ours: shape(oursNoJitter),
    },
    {
      figure: 7,
      measure: "Fleet: connects that waited for a token fetch in the day (after each node's first)",
      ours: fmt(even.waits.ours),
      official: `${fmt(even.waits.perConnection)} (no cache) / ${fmt(even.waits.msal)} (MSAL)`,
      perConnection: `${fmt(even.waits.perConnection)} / ${fmt(even.waits.msal)}`,
    },
    {
      figure: 7,
      measure:
        "Fleet, pools that fill within a minute (connects come in bursts every 20 min, none between a refresh point and expiry): connects that waited",
      ours: `${fmt(burst.waits.ours)} (with source.keepFresh(): ${fmt(burst.waits.oursKeepFresh)})`,
      official: `${fmt(burst.waits.perConnection)} / ${fmt(burst.waits.msal)}`,
      perConnection: `${fmt(burst.waits.perConnection)} / ${fmt(burst.waits.msal)}`,
    },
  ];
  const spread = SEEDS.map((seed) => {
    const perMinute = seed === FLEET.seed ? ours : simulateFleet({ ...FLEET, seed }).perMinute.ours;
    return Math.max(...perMinute.slice(-360)) / mean(perMinute);
  });
  rows.push({
    figure: 7,
    measure: `Fleet, busiest minute of the last 6 h ÷ mean, seeds ${SEEDS[0]}–${SEEDS.at(-1)}`,
    ours: spread.map((r) => fmt(r)).join(", "),
    ratio: `worst ${fmt(Math.max(...spread))}×`,
    goal: "≤ 3× for every seed",
  });
  const svg = fleetChart({
    title: "Entra ID token requests per minute over a simulated day",
    subtitle: `${setting}; our wasm core on simulated time`,
    series: [
      { label: "per-connection fetching, no credential cache", color: "#d95f02", perMinute: perConnection },
      { label: "entra-db-auth (one cache per node, refresh at 75% ± 1%)", color: "#1b6ca8", perMinute: ours },
    ],
  });
  return { rows, svg };
}
