/** etcdctl's workload models for `check perf` and `check datascale`, and what the commands take. */

/** A `check perf` workload: writes per second, concurrent clients, seconds. */
export interface PerfModel {
  readonly limit: number;
  readonly clients: number;
  readonly duration: number;
}

/** A `check datascale` workload: key-value pairs, bytes per pair, concurrent clients. */
export interface DatascaleModel {
  readonly limit: number;
  readonly kvSize: number;
  readonly clients: number;
}

export const PERF_MODELS: Readonly<Record<string, PerfModel>> = {
  s: { limit: 150, clients: 50, duration: 60 },
  m: { limit: 1000, clients: 200, duration: 60 },
  l: { limit: 8000, clients: 500, duration: 60 },
  xl: { limit: 15000, clients: 1000, duration: 60 },
};

export const DATASCALE_MODELS: Readonly<Record<string, DatascaleModel>> = {
  s: { limit: 10_000, kvSize: 1024, clients: 50 },
  m: { limit: 100_000, kvSize: 1024, clients: 200 },
  l: { limit: 1_000_000, kvSize: 1024, clients: 500 },
  xl: { limit: 3_000_000, kvSize: 1024, clients: 1000 },
};

export interface CheckPerfInput {
  readonly model: PerfModel;
  readonly prefix: string;
  readonly autoCompact: boolean;
  readonly autoDefrag: boolean;
}

export interface CheckDatascaleInput {
  readonly model: DatascaleModel;
  readonly prefix: string;
  readonly autoCompact: boolean;
  readonly autoDefrag: boolean;
}
