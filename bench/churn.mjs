// Figures 1 and 4: connection churn on the emulator with DefaultAzureCredential. Each contender
// runs in a fresh process (bench/child/churn.mjs) for several token lifetimes, side by side with
// a control process, started at the same moment, that churns the same way on ours holding one
// 3600 s token: on a shared machine, latency is compared with a control that saw the same load.
// The control makes no token request once started, so every request counted is the contender's.
import { runChild } from "./child/run.mjs";
import { childEnv, tokenRequests } from "./credentials.mjs";
import { fmt, latency, percentile, ratio } from "./stats.mjs";

// Tokens that outlive any run: no refresh happens in it.
const LONG_LIFETIME_SECONDS = 3600;
const CONTENDERS = ["ours", "official", "perConnection", "floor"];

async function besideControl(emu, contender, lifetimeSeconds, { durationMs, workers, pauseMs }) {
  const args = (who) => [who, durationMs, workers, pauseMs];
  let go;
  const started = new Promise((resolve) => (go = resolve));
  let controlReady;
  const controlIsReady = new Promise((resolve) => (controlReady = resolve));
  const control = runChild("churn.mjs", args("ours"), {
    env: childEnv(emu, "managedIdentity", LONG_LIFETIME_SECONDS),
    start: () => {
      controlReady();
      return started;
    },
  });
  // The control has its long-lived token before the contender's tokens get shorter.
  await Promise.race([controlIsReady, control]);
  let before;
  const measured = runChild("churn.mjs", args(contender), {
    env: childEnv(emu, "managedIdentity", lifetimeSeconds),
    start: () => {
      before = tokenRequests(emu);
      go();
    },
  });
  const [run, controlRun] = await Promise.all([measured, control]);
  return { ...run, requests: tokenRequests(emu) - before, control: controlRun };
}

const p99 = ({ latencies }) => percentile(latencies, 99);

export async function churnFigures(emu, { lifetimeSeconds, lifetimes, workers, pauseMs }, progress) {
  const durationMs = lifetimes * lifetimeSeconds * 1000;
  const r = {};
  for (const contender of CONTENDERS) {
    const seconds = contender === "floor" ? LONG_LIFETIME_SECONDS : lifetimeSeconds;
    progress(`churn: ${contender}, ${seconds} s tokens, beside the control, ${durationMs / 1000} s`);
    r[contender] = await besideControl(emu, contender, seconds, { durationMs, workers, pauseMs });
  }
  const perLifetime = ({ requests }) => requests / lifetimes;
  const cell = (run) => `${fmt(perLifetime(run))} (${run.requests})`;
  const { ours, official, perConnection, floor } = r;
  const toControl = CONTENDERS.map((c) => `${c} ${ratio(p99(r[c]), p99(r[c].control))}`).join(", ");
  return [
    {
      figure: 1,
      measure: `Token requests per token lifetime (in all), a new connection per query: ${ours.latencies.length} connects over ${lifetimes} lifetimes of ${lifetimeSeconds} s, DefaultAzureCredential (not cached by MSAL)`,
      ours: cell(ours),
      official: cell(official),
      perConnection: cell(perConnection),
      floor: `${floor.requests} (fetched before)`,
      ratio: `official/ours ${ratio(perLifetime(official), perLifetime(ours))}`,
      goal: "ours 1 per lifetime",
    },
    {
      figure: 4,
      measure: `Connect latency p50 / p99 (ms), the same runs: ours crosses ${ours.requests} refreshes; the floor holds one 3600 s token`,
      ours: latency(ours),
      official: latency(official),
      perConnection: latency(perConnection),
      floor: latency(floor),
      ratio: `official/ours p99 ${ratio(p99(official), p99(ours))}`,
    },
    {
      figure: 4,
      measure:
        "Connect latency p50 / p99 (ms) of the control beside each run: ours holding one 3600 s token, no refresh",
      ours: latency(ours.control),
      official: latency(official.control),
      perConnection: latency(perConnection.control),
      floor: latency(floor.control),
      ratio: `p99 ÷ its control: ${toControl}`,
      goal: "ours p99 within 10% of no refresh",
    },
  ];
}
