import { aggregate, waitStrategyOf, cellFields, erroredResult, measureConnection, placeable, type PlanOptions, type RepeatSample } from './runner';
import { summarize, median } from './measure/stats';
import type { BenchResult, Connection, RunConfig, Transport } from './types';

/**
 * N independent ping-pong pairs at once, to show how a transport scales with cores. All N peers are
 * opened and ready *before* any is driven, so start-up does not stagger the measured windows.
 * Aggregate = N × round trips / (last measured instant − first measured instant): one shared wall-clock
 * window, never a sum of rates measured over different windows.
 */
export async function runPairs(transport: Transport, config: RunConfig, pairs: number, { events = {}, timeoutWords }: Pick<PlanOptions, 'events' | 'timeoutWords'> = {}): Promise<BenchResult> {
  const supported = placeable(transport, config);
  if (supported !== true) return { ...cellFields(transport.name, undefined), status: 'skipped', reason: supported };
  const samples: RepeatSample[] = [];
  const aggregates: number[] = [];
  const perPair: number[][] = Array.from({ length: pairs }, () => []);
  try {
    for (let repeat = 1; repeat <= config.repeats; repeat++) {
      globalThis.gc?.();
      const connections = await openAll(transport, config, pairs);
      const round = await settleAll(connections.map((c) => measureConnection(transport.name, c, config)));
      round.forEach((sample, i) => perPair[i].push(sample.roundTripsPerSec));
      const from = round.reduce((min, s) => (s.measuredFrom < min ? s.measuredFrom : min), round[0].measuredFrom);
      const to = round.reduce((max, s) => (s.measuredTo > max ? s.measuredTo : max), round[0].measuredTo);
      aggregates.push((pairs * config.roundTrips) / (Number(to - from) / 1e9));
      samples.push(...round);
      for (const sample of round) events.repeatDone?.(transport.name, repeat, config.repeats, sample);
    }
  } catch (error) {
    return erroredResult(transport.name, error, undefined, timeoutWords);
  }
  const result = {
    ...aggregate(transport.name, samples),
    ...waitStrategyOf(transport),
    pairs: { count: pairs, aggregateRoundTripsPerSec: summarize(aggregates), perPairRoundTripsPerSec: perPair.map(median) },
  };
  events.result?.(result);
  return result;
}

/** Opens `count` peers; if any fails, the ones that opened are killed and the first error is thrown. */
async function openAll(transport: Transport, config: RunConfig, count: number): Promise<Connection[]> {
  const opened = await Promise.allSettled(Array.from({ length: count }, () => transport.open({ readyTimeoutMs: config.readyTimeoutMs })));
  const failed = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  const connections = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  if (!failed) return connections;
  await Promise.all(connections.map(async (c) => (c.peer.kill(), await c.peer.exited, await c.channel.close())));
  throw failed.reason;
}

/** Like Promise.all, but waits for every run to finish (each cleans up its own peer) before throwing. */
async function settleAll<T>(runs: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(runs);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
